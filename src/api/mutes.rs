//! Global mutes: keep a user from sending, per chat type, for a while or for good.

use serde_json::{json, Map, Value};

use crate::budget::EndpointGroup;
use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::{ChatType, MuteEntry, MutePage, MuteStatus};
use crate::paging::{ItemStream, Pager};
use crate::transport::Method;
use crate::validate::{self, MAX_MUTE_PAGE, MAX_MUTE_SECONDS};

impl Client {
    /// Mutes a user in the given chat types (all three when empty): for
    /// `seconds` (1 to 2,147,483,647), or for good when `None`. Muting again
    /// replaces the remaining time.
    pub async fn mute_user(
        &self,
        username: &str,
        seconds: Option<u32>,
        chat_types: &[ChatType],
    ) -> Result<()> {
        const OP: &str = "mute_user";
        let value = match seconds {
            None => -1,
            Some(s) if (1..=MAX_MUTE_SECONDS).contains(&s) => i64::from(s),
            Some(s) => {
                return Err(Error::invalid(
                    "seconds",
                    format!(
                        "must be 1 to {MAX_MUTE_SECONDS} (got {s}; leave it out to mute for good, \
                         use unmute_user to lift a mute)"
                    ),
                )
                .with_operation(OP))
            }
        };
        self.set_mutes(OP, username, value, chat_types).await
    }

    /// Lifts a user's mute in the given chat types (all three when empty).
    pub async fn unmute_user(&self, username: &str, chat_types: &[ChatType]) -> Result<()> {
        self.set_mutes("unmute_user", username, 0, chat_types).await
    }

    async fn set_mutes(
        &self,
        op: &'static str,
        username: &str,
        value: i64,
        chat_types: &[ChatType],
    ) -> Result<()> {
        validate::username("username", username).in_op(op)?;
        let types: &[ChatType] = if chat_types.is_empty() {
            &ChatType::ALL
        } else {
            chat_types
        };
        let mut body = Map::new();
        body.insert("username".into(), json!(username));
        for t in types {
            body.insert(t.as_str().into(), json!(value));
        }
        let call = Call::new(op, Method::Post, route!("/mutes"))
            .about_user(username)
            .group(EndpointGroup::Mute)
            .json(&Value::Object(body));
        self.answer(&call, decode::ack).await
    }

    /// How long a user stays muted in each chat type.
    pub async fn get_mute(&self, username: &str) -> Result<MuteStatus> {
        let path = route!("/mutes/{username}", username);
        let call =
            Call::on_user("get_mute", Method::Get, path, username)?.group(EndpointGroup::Mute);
        self.answer(&call, |body| mute_status(body, username)).await
    }

    /// One page of muted users (one entry per user and chat type): `page`
    /// from 1, `page_size` 1-50 (the service's default when `None`).
    pub async fn list_mutes(&self, page: Option<u32>, page_size: Option<u32>) -> Result<MutePage> {
        const OP: &str = "list_mutes";
        let check = || -> Result<()> {
            if page == Some(0) {
                return Err(Error::invalid(
                    "page",
                    "must be 1 or more (pages count from 1)",
                ));
            }
            if let Some(s) = page_size {
                validate::range_arg(OP, "page_size", s.into(), 1, MAX_MUTE_PAGE)?;
            }
            Ok(())
        };
        check().in_op(OP)?;
        let mut call = Call::new(OP, Method::Get, route!("/mutes")).group(EndpointGroup::Mute);
        if let Some(p) = page {
            call = call.query("pageNum", p.to_string());
        }
        if let Some(s) = page_size {
            call = call.query("pageSize", s.to_string());
        }
        self.answer(&call, |body| mute_page(body, page.unwrap_or(1), page_size))
            .await
    }

    /// Every muted user, `page_size` (1-50) entries per request; a stream
    /// holding one page at a time.
    pub fn iter_mutes(&self, page_size: u32) -> Result<ItemStream<MuteEntry>> {
        self.mute_pages(page_size).map(Pager::into_stream)
    }

    /// A pager over every muted user, `page_size` (1-50) entries per request.
    pub fn mute_pages(&self, page_size: u32) -> Result<Pager<MuteEntry>> {
        validate::range_arg(
            "iter_mutes",
            "page_size",
            page_size.into(),
            1,
            MAX_MUTE_PAGE,
        )?;
        let client = self.clone();
        Ok(Pager::new(1u32, move |page| {
            let client = client.clone();
            async move {
                let p = client
                    .list_mutes(Some(page), Some(page_size))
                    .await
                    .map_err(|e| e.with_operation("iter_mutes"))?;
                Ok((p.entries, p.next_page))
            }
        }))
    }
}

fn remaining(o: &Map<String, Value>, key: &str) -> i64 {
    o.get(key).and_then(decode::as_i64).unwrap_or(0)
}

/// `data: {userid, chat, groupchat, chatroom, unixtime}`.
pub(crate) fn mute_status(body: &[u8], username: &str) -> Result<MuteStatus> {
    let m = decode::object(body)?;
    let d = m
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::decode("the response has no `data` object"))?;
    Ok(MuteStatus {
        username: username.to_owned(),
        chat: remaining(d, "chat"),
        groupchat: remaining(d, "groupchat"),
        chatroom: remaining(d, "chatroom"),
        server_time: d.get("unixtime").and_then(decode::as_i64),
    })
}

/// `data: {data: [{username, chat|groupchat|chatroom: n}], unixtime}`.
pub(crate) fn mute_page(body: &[u8], page: u32, page_size: Option<u32>) -> Result<MutePage> {
    let m = decode::object(body)?;
    let d = m
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::decode("the response has no `data` object"))?;
    let items = match d.get("data") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => &a[..],
        Some(_) => return Err(Error::decode("`data.data` is not a list")),
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let o = item
            .as_object()
            .ok_or_else(|| Error::decode("a muted user is not an object"))?;
        let username = o
            .get("username")
            .and_then(decode::as_string)
            .ok_or_else(|| Error::decode("a muted user has no `username`"))?;
        for t in ChatType::ALL {
            if let Some(n) = o.get(t.as_str()).and_then(decode::as_i64) {
                entries.push(MuteEntry {
                    username: username.clone(),
                    chat_type: t,
                    remaining: n,
                });
            }
        }
    }
    // The service's default page size is 10 (documented range 1-50).
    let full = items.len() >= page_size.unwrap_or(10) as usize && !items.is_empty();
    Ok(MutePage {
        entries,
        next_page: full.then_some(page + 1),
        server_time: d.get("unixtime").and_then(decode::as_i64),
    })
}
