//! Online status and offline messages.

use std::collections::HashMap;

use futures_util::stream;
use serde_json::json;

use crate::budget::EndpointGroup;
use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::{Collected, DeliveryStatus, Presence, StatusBatch, UserPresence};
use crate::transport::Method;
use crate::validate::{self, STATUS_CHUNK};

impl Client {
    /// Whether a user is online.
    pub async fn user_status(&self, username: &str) -> Result<Presence> {
        let path = route!("/users/{username}/status", username);
        let call = Call::on_user("user_status", Method::Get, path, username)?;
        self.answer(&call, |body| decode::presence(body, username))
            .await
    }

    /// The presence of many users, in the order asked (requests of 100,
    /// paced at the service's budget). Unknown users come back offline, as
    /// the service says. For inputs too large to hold, see
    /// [`Client::users_status_stream`].
    pub async fn users_status(&self, usernames: &[String]) -> Result<Vec<UserPresence>> {
        self.users_status_with_progress(usernames, |_| {}).await
    }

    /// [`Client::users_status`], calling `progress` after each batch. If a
    /// request fails, the error keeps the presences answered
    /// ([`Error::partial`], [`crate::Partial::Presences`]).
    pub async fn users_status_with_progress(
        &self,
        usernames: &[String],
        progress: impl FnMut(&crate::Progress) + Send,
    ) -> Result<Vec<UserPresence>> {
        self.users_status_until(usernames, progress, None).await
    }

    /// [`Client::users_status_with_progress`] that stops when `until`
    /// resolves (a binding's cancellation): the requests in flight are
    /// dropped, nothing more is sent, and it returns the presences answered
    /// before, in input order.
    pub async fn users_status_until(
        &self,
        usernames: &[String],
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> Result<Vec<UserPresence>> {
        const OP: &str = "users_status";
        validate::usernames("usernames", usernames, 0, None).in_op(OP)?;
        // The stream owns its items (it outlives this borrow).
        let owned: Vec<String> = usernames.to_vec();
        let input = stream::iter(owned.into_iter().map(Ok));
        self.users_status_report(input, Some(usernames.len() as u64), progress, until)
            .await
            .into_result(crate::Partial::Presences)
    }

    /// Runs [`Client::users_status_stream`] to its end, calling `progress`
    /// after each batch: the presences answered in input order, the names
    /// of failed requests with the reason, and the first error (a failed
    /// request, or the source's). When `until` resolves first, the call
    /// stops there, the requests in flight dropped, with what was answered
    /// before.
    pub async fn users_status_report<S>(
        &self,
        usernames: S,
        total: Option<u64>,
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> Collected<UserPresence>
    where
        S: futures_core::Stream<Item = Result<String>> + Send + 'static,
    {
        crate::bulk::collect(self.users_status_stream(usernames, total), progress, until).await
    }

    /// The presence of users from a lazy source (a `Stream` of usernames, or
    /// of `Err` when the source itself fails), handed back a request at a
    /// time as answers arrive (each batch with its input index and the
    /// progress so far). A username that breaks a rule fails its batch
    /// without it being sent; a failed request fails its batch only. When the
    /// source fails, the requests already started finish and are yielded,
    /// then the source's error.
    pub fn users_status_stream<S>(
        &self,
        usernames: S,
        total: Option<u64>,
    ) -> impl futures_core::Stream<Item = Result<StatusBatch>> + Send + 'static
    where
        S: futures_core::Stream<Item = Result<String>> + Send + 'static,
    {
        let group = EndpointGroup::BatchStatus;
        self.pipeline(
            usernames,
            STATUS_CHUNK,
            total,
            group,
            |c, first, chunk| async move {
                let result = match validate::usernames_from("usernames", first, &chunk) {
                    Ok(()) => c.status_chunk(&chunk).await,
                    Err(e) => Err(e.with_operation("users_status")),
                };
                crate::bulk::answered(first, &chunk, result)
            },
        )
    }

    async fn status_chunk(&self, chunk: &[String]) -> Result<Vec<UserPresence>> {
        const OP: &str = "users_status";
        let call = Call::new(OP, Method::Post, route!("/users/batch/status"))
            .group(EndpointGroup::BatchStatus)
            .json(&json!({ "usernames": chunk }));
        let reply = self.execute(&call).await?;
        let got = decode::batch_presence(&reply.body).in_op(OP)?;
        let by_name: HashMap<String, Presence> = got
            .into_iter()
            .map(|(n, p)| (n.to_ascii_lowercase(), p))
            .collect();
        chunk
            .iter()
            .map(|name| {
                by_name
                    .get(&name.to_ascii_lowercase())
                    .map(|p| UserPresence {
                        username: name.clone(),
                        presence: *p,
                    })
                    .ok_or_else(|| {
                        Error::decode(format!("the service returned no status for {name:?}"))
                            .with_operation(OP)
                    })
            })
            .collect()
    }

    /// How many offline messages wait for a user.
    pub async fn offline_message_count(&self, username: &str) -> Result<u64> {
        let path = route!("/users/{username}/offline_msg_count", username);
        let call = Call::on_user("offline_message_count", Method::Get, path, username)?;
        self.answer(&call, |body| decode::count(body, username))
            .await
    }

    /// Whether one offline message was delivered.
    pub async fn offline_message_status(
        &self,
        username: &str,
        msg_id: &str,
    ) -> Result<DeliveryStatus> {
        const OP: &str = "offline_message_status";
        validate::username("username", username).in_op(OP)?;
        validate::msg_id("msg_id", msg_id).in_op(OP)?;
        let path = route!(
            "/users/{username}/offline_msg_status/{msg_id}",
            username,
            msg_id
        );
        let call = Call::new(OP, Method::Get, path)
            .about(format!("user {username:?} or message {msg_id:?}"));
        self.answer(&call, |body| decode::delivery(body, msg_id))
            .await
    }
}
