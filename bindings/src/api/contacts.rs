//! Contacts: add, remove, list (whole, by page) and remarks. The core's `src/api/contacts.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Adds `contact` to `owner`'s contacts; returns the contact.
    fn add_contact(owner: String, contact: String) -> User {
        c => c.add_contact(&owner, &contact).await.map(User::from)
    }

    /// Removes `contact` from `owner`'s contacts: a `Deletion` holding the contact (see `deleteUser`).
    fn remove_contact(owner: String, contact: String) -> Deletion {
        c => c.remove_contact(&owner, &contact).await.map(Deletion::from)
    }

    /// The usernames of `owner`'s contacts.
    fn list_contacts(owner: String) -> Vec<String> {
        c => c.list_contacts(&owner).await
    }

    /// One page of `owner`'s contacts, newest first: `limit` 1-50 (service
    /// default 10), `cursor` from the previous page, remarks when `withRemarks`.
    #[default(limit = None, cursor = None, with_remarks = false)]
    fn list_contacts_page(owner: String, limit: Option<i32>, cursor: Option<String>, with_remarks: bool) -> ContactPage {
        c => {
            let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l.into()))).transpose()?;
            c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks).await.map(ContactPage::from)
        }
    }

    /// Sets the remark `owner` gives `contact` (at most 100 characters; "" clears it).
    fn set_contact_remark(owner: String, contact: String, remark: String) -> () {
        c => c.set_contact_remark(&owner, &contact, &remark).await
    }
}

#[uniffi::export]
impl Client {
    /// A pager over `owner`'s contacts with remarks, `pageSize` (1-50) per
    /// request; Kotlin's `iterContacts()` and Swift's `iterContacts()` use it.
    pub fn contact_pages(
        &self,
        owner: String,
        page_size: i32,
    ) -> Result<Arc<ContactPager>, ChatPlatformError> {
        let size =
            core::validate::contact_page_arg("iter_contacts", "page_size", Some(page_size.into()))?;
        let pager = self.core.contact_pages(&owner, size)?;
        Ok(ContactPager::new(pager))
    }
}
