//! Contacts with their remarks, a page at a time.

use serde::Serialize;

/// A contact of a user, with the remark the user gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// The contact's username.
    pub username: String,
    /// The remark (a private name for the contact), when one was set and asked for.
    pub remark: Option<String>,
}

/// One page of contacts, newest first, and the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContactPage {
    /// The contacts of this page.
    pub contacts: Vec<Contact>,
    /// Pass this to get the next page; `None` on the last page.
    pub cursor: Option<String>,
}
