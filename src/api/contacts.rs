//! Contacts (friends).

use serde_json::Value;

use crate::call::{deletion, route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::{Contact, ContactPage, Deletion, User};
use crate::paging::{ItemStream, Pager};
use crate::transport::Method;
use crate::validate::{self, MAX_CONTACT_PAGE};

impl Client {
    /// Adds `contact` to `owner`'s contacts; returns the contact.
    pub async fn add_contact(&self, owner: &str, contact: &str) -> Result<User> {
        let call = contact_call("add_contact", Method::Post, owner, contact)?;
        self.answer(&call, decode::first_user).await
    }

    /// Removes `contact` from `owner`'s contacts; the [`Deletion`] holds the
    /// contact (see [`Client::delete_user`] for a lost answer).
    pub async fn remove_contact(&self, owner: &str, contact: &str) -> Result<Deletion> {
        let call = contact_call("remove_contact", Method::Delete, owner, contact)?;
        let reply = self.execute(&call).await?;
        deletion(call.op, contact, &reply)
    }

    /// The usernames of `owner`'s contacts.
    pub async fn list_contacts(&self, owner: &str) -> Result<Vec<String>> {
        const OP: &str = "list_contacts";
        validate::username("owner", owner).in_op(OP)?;
        let path = route!("/users/{owner}/contacts/users", owner);
        let call = Call::new(OP, Method::Get, path).about_user(owner);
        self.answer(&call, decode::name_list).await
    }
}

/// A call on one of `owner`'s contacts, both names checked first.
fn contact_call(op: &'static str, method: Method, owner: &str, contact: &str) -> Result<Call> {
    validate::username("owner", owner).in_op(op)?;
    validate::username("contact", contact).in_op(op)?;
    let path = route!("/users/{owner}/contacts/users/{contact}", owner, contact);
    Ok(Call::new(op, method, path).about(format!("user {owner:?} or {contact:?}")))
}

impl Client {
    /// One page of `owner`'s contacts, newest first, with their remarks when
    /// `with_remarks`: `limit` 1-50 (the service's default is 10), `cursor`
    /// from the previous page.
    pub async fn list_contacts_page(
        &self,
        owner: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
        with_remarks: bool,
    ) -> Result<ContactPage> {
        const OP: &str = "list_contacts_page";
        let check = || -> Result<()> {
            validate::username("owner", owner)?;
            if let Some(l) = limit {
                validate::range_arg(OP, "limit", l.into(), 1, MAX_CONTACT_PAGE)?;
            }
            if let Some(c) = cursor {
                validate::cursor("cursor", c)?;
            }
            Ok(())
        };
        check().in_op(OP)?;
        let mut call =
            Call::new(OP, Method::Get, route!("/user/{owner}/contacts", owner)).about_user(owner);
        if let Some(l) = limit {
            call = call.query("limit", l.to_string());
        }
        if let Some(c) = cursor {
            call = call.query("cursor", c.to_owned());
        }
        call = call.query("needReturnRemark", with_remarks.to_string());
        self.answer(&call, contact_page).await
    }

    /// Every contact of `owner` with its remark, `page_size` (1-50) per
    /// request; a stream holding one page at a time.
    pub fn iter_contacts(&self, owner: &str, page_size: u32) -> Result<ItemStream<Contact>> {
        self.contact_pages(owner, page_size).map(Pager::into_stream)
    }

    /// A pager over every contact of `owner` (with remarks), `page_size` (1-50) per request.
    pub fn contact_pages(&self, owner: &str, page_size: u32) -> Result<Pager<Contact>> {
        const OP: &str = "iter_contacts";
        validate::username("owner", owner).in_op(OP)?;
        validate::range_arg(OP, "page_size", page_size.into(), 1, MAX_CONTACT_PAGE)?;
        let client = self.clone();
        let owner = owner.to_owned();
        Ok(Pager::by_cursor(OP, move |cursor| {
            let client = client.clone();
            let owner = owner.clone();
            async move {
                let page = client
                    .list_contacts_page(&owner, Some(page_size), cursor.as_deref(), true)
                    .await?;
                Ok((page.contacts, page.cursor))
            }
        }))
    }

    /// Sets the remark `owner` gives `contact` (at most 100 characters; `""`
    /// clears it). They must be contacts already.
    pub async fn set_contact_remark(&self, owner: &str, contact: &str, remark: &str) -> Result<()> {
        const OP: &str = "set_contact_remark";
        let check = || -> Result<()> {
            validate::username("owner", owner)?;
            validate::username("contact", contact)?;
            validate::remark("remark", remark)
        };
        check().in_op(OP)?;
        let path = route!("/user/{owner}/contacts/users/{contact}", owner, contact);
        let call = Call::new(OP, Method::Put, path)
            .about(format!("user {owner:?} or {contact:?}"))
            .json(&serde_json::json!({ "remark": remark }));
        self.answer(&call, decode::ack).await
    }
}

/// `data: {contacts: [{username, remark}]}`, the next cursor at the top
/// level (or, tolerated, inside `data`).
pub(crate) fn contact_page(body: &[u8]) -> Result<ContactPage> {
    let m = decode::object(body)?;
    let data = m.get("data").and_then(Value::as_object);
    let items = match data.and_then(|d| d.get("contacts")) {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => &a[..],
        Some(_) => return Err(Error::decode("`data.contacts` is not a list")),
    };
    let contacts = items
        .iter()
        .map(|c| {
            let o = c
                .as_object()
                .ok_or_else(|| Error::decode("a contact is not an object"))?;
            Ok(Contact {
                username: o
                    .get("username")
                    .and_then(decode::as_string)
                    .ok_or_else(|| Error::decode("a contact has no `username`"))?,
                remark: o.get("remark").and_then(decode::as_string),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let cursor = m
        .get("cursor")
        .or_else(|| data.and_then(|d| d.get("cursor")))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    Ok(ContactPage { contacts, cursor })
}
