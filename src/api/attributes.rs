//! User attributes (the service's user metadata): set, get, delete, read
//! many users' at once, and the app's total usage.

use std::collections::BTreeMap;

use futures_util::stream;
use serde_json::{json, Map, Value};

use crate::budget::EndpointGroup;
use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::{AttributesBatch, Collected, UserAttributes};
use crate::transport::Method;
use crate::validate::{self, ATTRIBUTES_CHUNK};

/// A user's attributes: name → value.
pub type Attributes = BTreeMap<String, String>;

impl Client {
    /// Sets attributes of a user (others they have are kept), and returns
    /// what the service stored. Sent form-encoded as the service wants; keys
    /// and values together are checked against the service's 2 KB per user
    /// before sending (what the user has stored already counts too: the
    /// service answers [`crate::ErrorKind::LimitExceeded`] then).
    pub async fn set_user_attributes(
        &self,
        username: &str,
        attributes: &Attributes,
    ) -> Result<Attributes> {
        const OP: &str = "set_user_attributes";
        validate::username("username", username).in_op(OP)?;
        let pairs = attributes.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        validate::attributes("attributes", pairs.clone()).in_op(OP)?;
        let call = Call::new(
            OP,
            Method::Put,
            route!("/metadata/user/{username}", username),
        )
        .about_user(username)
        .group(EndpointGroup::Metadata)
        .form(pairs);
        self.answer(&call, attribute_map).await
    }

    /// A user's attributes (empty when they have none, or do not exist).
    pub async fn get_user_attributes(&self, username: &str) -> Result<Attributes> {
        let path = route!("/metadata/user/{username}", username);
        let call = Call::on_user("get_user_attributes", Method::Get, path, username)?
            .group(EndpointGroup::Metadata);
        self.answer(&call, attribute_map).await
    }

    /// Deletes all of a user's attributes (done also when there were none).
    pub async fn delete_user_attributes(&self, username: &str) -> Result<()> {
        let path = route!("/metadata/user/{username}", username);
        let call = Call::on_user("delete_user_attributes", Method::Delete, path, username)?
            .group(EndpointGroup::Metadata);
        self.answer(&call, decode::ack).await
    }

    /// How many bytes of attributes the whole app stores (the service allows 10 GB).
    pub async fn user_attributes_usage(&self) -> Result<u64> {
        const OP: &str = "user_attributes_usage";
        let call = Call::new(OP, Method::Get, route!("/metadata/user/capacity"))
            .group(EndpointGroup::Metadata);
        let reply = self.execute(&call).await?;
        let m = decode::object(&reply.body).in_op(OP)?;
        m.get("data")
            .and_then(decode::as_i64)
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| Error::decode("`data` is not a byte count").with_operation(OP))
    }

    /// The attributes named in `keys` of many users, one result per user in
    /// the order asked (requests of 100, paced at the service's budget).
    /// Users without them, or that do not exist, come back empty. For
    /// inputs too large to hold, see [`Client::users_attributes_stream`].
    pub async fn users_attributes(
        &self,
        usernames: &[String],
        keys: &[String],
    ) -> Result<Vec<UserAttributes>> {
        self.users_attributes_with_progress(usernames, keys, |_| {})
            .await
    }

    /// [`Client::users_attributes`], calling `progress` after each batch. If
    /// a request fails, the error keeps the users answered
    /// ([`Error::partial`], [`crate::Partial::Attributes`]).
    pub async fn users_attributes_with_progress(
        &self,
        usernames: &[String],
        keys: &[String],
        progress: impl FnMut(&crate::Progress) + Send,
    ) -> Result<Vec<UserAttributes>> {
        self.users_attributes_until(usernames, keys, progress, None)
            .await
    }

    /// [`Client::users_attributes_with_progress`] that stops when `until`
    /// resolves (a binding's cancellation): the requests in flight are
    /// dropped, nothing more is sent, and it returns the users answered
    /// before, in input order.
    pub async fn users_attributes_until(
        &self,
        usernames: &[String],
        keys: &[String],
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> Result<Vec<UserAttributes>> {
        const OP: &str = "users_attributes";
        validate::usernames("usernames", usernames, 0, None).in_op(OP)?;
        validate::attribute_keys("keys", keys).in_op(OP)?;
        // The stream owns its items (it outlives this borrow).
        let owned: Vec<String> = usernames.to_vec();
        let input = stream::iter(owned.into_iter().map(Ok));
        self.users_attributes_report(input, keys, Some(usernames.len() as u64), progress, until)
            .await
            .into_result(crate::Partial::Attributes)
    }

    /// Runs [`Client::users_attributes_stream`] to its end, calling
    /// `progress` after each batch: the users answered in input order, the
    /// names of failed requests with the reason, and the first error (a
    /// failed request, or the source's). When `until` resolves first, the
    /// call stops there, the requests in flight dropped, with what was
    /// answered before.
    pub async fn users_attributes_report<S>(
        &self,
        usernames: S,
        keys: &[String],
        total: Option<u64>,
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> Collected<UserAttributes>
    where
        S: futures_core::Stream<Item = Result<String>> + Send + 'static,
    {
        crate::bulk::collect(
            self.users_attributes_stream(usernames, keys, total),
            progress,
            until,
        )
        .await
    }

    /// The attributes named in `keys` of users from a lazy source, a request
    /// of 100 at a time as answers arrive (each batch with its input index
    /// and the progress so far), paced at the service's budget. A username
    /// that breaks a rule fails its batch without it being sent; a failed
    /// request fails its batch only. When the source fails, the requests
    /// already started finish and are yielded, then the source's error.
    pub fn users_attributes_stream<S>(
        &self,
        usernames: S,
        keys: &[String],
        total: Option<u64>,
    ) -> impl futures_core::Stream<Item = Result<AttributesBatch>> + Send + 'static
    where
        S: futures_core::Stream<Item = Result<String>> + Send + 'static,
    {
        const OP: &str = "users_attributes";
        let keys: std::sync::Arc<[String]> = keys.into();
        let keys_ok = validate::attribute_keys("keys", &keys).in_op(OP);
        let group = EndpointGroup::Metadata;
        self.pipeline(
            usernames,
            ATTRIBUTES_CHUNK,
            total,
            group,
            move |c, first, chunk| {
                let (keys, keys_ok) = (keys.clone(), keys_ok.clone());
                async move {
                    let checked = keys_ok.and_then(|()| {
                        validate::usernames_from("usernames", first, &chunk).in_op(OP)
                    });
                    let result = match checked {
                        Ok(()) => c.attributes_chunk(&chunk, &keys).await,
                        Err(e) => Err(e),
                    };
                    crate::bulk::answered(first, &chunk, result)
                }
            },
        )
    }

    async fn attributes_chunk(
        &self,
        chunk: &[String],
        keys: &[String],
    ) -> Result<Vec<UserAttributes>> {
        const OP: &str = "users_attributes";
        let call = Call::new(OP, Method::Post, route!("/metadata/user/get"))
            .group(EndpointGroup::Metadata)
            .json(&json!({ "targets": chunk, "properties": keys }));
        let reply = self.execute(&call).await?;
        let m = decode::object(&reply.body).in_op(OP)?;
        let data = match m.get("data") {
            Some(Value::Object(d)) => d.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(_) => return Err(Error::decode("`data` is not an object").with_operation(OP)),
        };
        let by_name: BTreeMap<String, &Value> = data
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        chunk
            .iter()
            .map(|name| {
                let attributes = match by_name.get(&name.to_ascii_lowercase()) {
                    Some(v) => string_map(v).in_op(OP)?,
                    None => Attributes::new(),
                };
                Ok(UserAttributes {
                    username: name.clone(),
                    attributes,
                })
            })
            .collect()
    }
}

/// A JSON object of attribute values (numbers and booleans as text).
fn string_map(v: &Value) -> Result<Attributes> {
    match v {
        Value::Null => Ok(Attributes::new()),
        Value::Object(o) => Ok(o
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Null => None,
                Value::String(s) => Some((k.clone(), s.clone())),
                other => Some((k.clone(), other.to_string())),
            })
            .collect()),
        _ => Err(Error::decode("attributes are not an object")),
    }
}

/// `data` as an attribute map.
pub(crate) fn attribute_map(body: &[u8]) -> Result<Attributes> {
    let m = decode::object(body)?;
    string_map(m.get("data").unwrap_or(&Value::Null))
}
