//! Contacts and their pages.

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;

record! {
    /// A contact, with the remark its owner gave it.
    PyContact(core::Contact) as "Contact" {
        /// The contact's username.
        username: String = |c| c.username.clone(),
        /// The remark, when one was set and asked for.
        remark: Option<String> = |c| c.remark.clone(),
    }
}

record! {
    /// One page of contacts, newest first.
    PyContactPage(core::ContactPage) as "ContactPage" {
        /// The contacts of this page.
        contacts: Vec<PyContact> = |p| p.contacts.iter().cloned().map(PyContact).collect(),
        /// Pass it to `list_contacts_page` for the next page; None on the last page.
        cursor: Option<String> = |p| p.cursor.clone(),
    }
}
