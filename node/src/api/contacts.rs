//! Contacts: add, remove, list (whole, by page, lazily) and remarks. The core's `src/api/contacts.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Adds `contact` to `owner`'s contacts; resolves to the contact."]
    fn add_contact("owner: string, contact: string, options?: CallOptions | null") (owner: String, contact: String) -> User {
        c => c.add_contact(&owner, &contact).await.map(User::from)
    }

    #[doc = " Removes `contact` from `owner`'s contacts: a `Deletion` holding the contact (see `deleteUser`)."]
    fn remove_contact("owner: string, contact: string, options?: CallOptions | null") (owner: String, contact: String) -> Deletion {
        c => c.remove_contact(&owner, &contact).await.map(Deletion::from)
    }

    #[doc = " The usernames of `owner`'s contacts."]
    fn list_contacts("owner: string, options?: CallOptions | null") (owner: String) -> Vec<String> {
        c => c.list_contacts(&owner).await
    }

    #[doc = " One page of `owner`'s contacts, newest first: `limit` 1-50 (service"]
    #[doc = " default 10), `cursor` from the previous page, remarks when `withRemarks`."]
    fn list_contacts_page("owner: string, limit?: number | null, cursor?: string | null, withRemarks?: boolean | null, options?: CallOptions | null")
        (owner: String, limit: Option<i64>, cursor: Option<String>, with_remarks: Option<bool>) -> ContactPage {
        c => {
            let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l))).transpose()?;
            c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks.unwrap_or(false)).await.map(ContactPage::from)
        }
    }

    #[doc = " Sets the remark `owner` gives `contact` (at most 100 characters; `''` clears it)."]
    fn set_contact_remark("owner: string, contact: string, remark: string, options?: CallOptions | null", "Promise<void>")
        (owner: String, contact: String, remark: String) -> () {
        c => c.set_contact_remark(&owner, &contact, &remark).await
    }
}

#[napi]
impl Client {
    /// Every contact of `owner` with its remark, `pageSize` (1-50, default
    /// 50) per request: `for await (const c of client.iterContacts('alice'))`.
    /// `{ signal }` last: an abort rejects the pending `next()` with an
    /// `AbortError` and ends the iteration.
    #[napi(ts_args_type = "owner: string, pageSize?: number | null, options?: CallOptions | null")]
    pub fn iter_contacts(
        &self,
        env: Env,
        owner: Unknown<'_>,
        page_size: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<ContactIterator> {
        const OP: &str = "iter_contacts";
        let owner: String = args::FromArg::from_arg(&env, OP, "owner", Some(owner))?;
        let size: Option<i64> = args::FromArg::from_arg(&env, OP, "page_size", Some(page_size))?;
        let watch = crate::abort::watch(&env, OP, options)?;
        let stream = core::validate::contact_page_arg(OP, "page_size", size)
            .and_then(|s| self.core.iter_contacts(&owner, s))
            .map_err(|e| to_js(&env, &e))?;
        ContactIterator::new(&env, OP, stream, watch)
    }
}
