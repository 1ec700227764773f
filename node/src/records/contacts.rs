//! Contacts and their pages.

use chat_platform as core;
use napi_derive::napi;

/// A contact, with the remark its owner gave it.
#[napi(object)]
pub struct Contact {
    /// The contact's username.
    pub username: String,
    /// The remark, when one was set and asked for.
    pub remark: Option<String>,
}

impl From<core::Contact> for Contact {
    fn from(c: core::Contact) -> Self {
        Contact {
            username: c.username,
            remark: c.remark,
        }
    }
}

/// One page of contacts, newest first.
#[napi(object)]
pub struct ContactPage {
    /// The contacts of this page.
    pub contacts: Vec<Contact>,
    /// Pass it to `listContactsPage` for the next page; absent on the last page.
    pub cursor: Option<String>,
}

impl From<core::ContactPage> for ContactPage {
    fn from(p: core::ContactPage) -> Self {
        ContactPage {
            contacts: p.contacts.into_iter().map(Contact::from).collect(),
            cursor: p.cursor,
        }
    }
}
