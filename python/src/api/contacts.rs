//! Contacts: add, remove, list (whole, by page, lazily) and remarks. The core's `src/api/contacts.rs`, from Python.

use super::prelude::*;

operations! {
    /// Adds `contact` to `owner`'s contacts; returns the contact.
    fn add_contact [owner, contact] (c, owner: String, contact: String) -> PyUser {
        c.add_contact(&owner, &contact).await.map(PyUser)
    }

    /// Removes `contact` from `owner`'s contacts: a `Deletion` holding the
    /// contact (`outcome` `"already_gone"` after a lost answer, as `delete_user`).
    fn remove_contact [owner, contact] (c, owner: String, contact: String) -> PyDeletion {
        c.remove_contact(&owner, &contact).await.map(PyDeletion)
    }

    /// The usernames of `owner`'s contacts.
    fn list_contacts [owner] (c, owner: String) -> Vec<String> { c.list_contacts(&owner).await }

    /// One page of `owner`'s contacts, newest first: `limit` 1-50 (service
    /// default 10), `cursor` from the previous page, remarks when `with_remarks`.
    fn list_contacts_page [owner, limit=None, cursor=None, with_remarks=None] (c, owner: String, limit: Option<i64>, cursor: Option<String>, with_remarks: Option<bool>) -> PyContactPage
    where { let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l))).transpose().map_err(crate::errors::to_py)?; }
    { c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks.unwrap_or(false)).await.map(PyContactPage) }

    /// Sets the remark `owner` gives `contact` (at most 100 characters; `""` clears it).
    fn set_contact_remark [owner, contact, remark] (c, owner: String, contact: String, remark: String) -> Nothing {
        c.set_contact_remark(&owner, &contact, &remark).await.map(|()| Nothing)
    }
}

iterators! {
    /// Every contact of `owner` with its remark, `page_size` (1-50) per request.
    fn iter_contacts [owner, page_size=None] "(self, owner, page_size=50)" (owner, page_size)
        -> ContactIterator / AsyncContactIterator = contact_stream;
}

fn contact_stream<'py>(
    shared: &Shared,
    py: Python<'py>,
    owner: Option<Raw<'py>>,
    page_size: Option<Raw<'py>>,
) -> PyResult<core::ItemStream<core::Contact>> {
    const OP: &str = "iter_contacts";
    let owner: String = args::take(py, OP, "owner", owner)?;
    let size: Option<i64> = args::take(py, OP, "page_size", page_size)?;
    let size =
        core::validate::contact_page_arg(OP, "page_size", size).map_err(crate::errors::to_py)?;
    shared
        .core()?
        .iter_contacts(&owner, size)
        .map_err(crate::errors::to_py)
}
