//! Online status and offline messages.

use std::collections::HashMap;

use futures_util::future::{BoxFuture, FutureExt};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::json;

use crate::client::{enc, Call, Client};
use crate::decode;
use crate::error::{Error, Result};
use crate::models::{DeliveryStatus, Presence, UserPresence};
use crate::ratelimit::EndpointGroup;
use crate::transport::Method;
use crate::validate::{self, STATUS_CHUNK};

impl Client {
    /// Whether a user is online.
    pub async fn user_status(&self, username: &str) -> Result<Presence> {
        const OP: &str = "user_status";
        validate::username("username", username).map_err(|e| e.with_operation(OP))?;
        let call = Call::new(OP, Method::Get, format!("/users/{}/status", enc(username)));
        let reply = self.execute(&call).await?;
        decode::presence(&reply.body, username).map_err(|e| e.with_operation(OP))
    }

    /// The presence of many users, in the order asked (requests of 100, a few
    /// in flight at once). Unknown users come back offline, as the service says.
    pub async fn users_status(&self, usernames: &[String]) -> Result<Vec<UserPresence>> {
        const OP: &str = "users_status";
        validate::usernames("usernames", usernames, 0, None).map_err(|e| e.with_operation(OP))?;
        // Boxed futures, built first: see `register_users`.
        let requests: Vec<BoxFuture<'_, Result<Vec<UserPresence>>>> = usernames
            .chunks(STATUS_CHUNK)
            .map(|chunk| self.status_chunk(chunk).boxed())
            .collect();
        let pages: Vec<Vec<UserPresence>> = stream::iter(requests)
            .buffered(self.inner.config.batch_concurrency)
            .try_collect()
            .await?;
        Ok(pages.into_iter().flatten().collect())
    }

    async fn status_chunk(&self, chunk: &[String]) -> Result<Vec<UserPresence>> {
        const OP: &str = "users_status";
        let call = Call::new(OP, Method::Post, "/users/batch/status".into())
            .group(EndpointGroup::BatchStatus)
            .json(&json!({ "usernames": chunk }));
        let reply = self.execute(&call).await?;
        let got = decode::batch_presence(&reply.body).map_err(|e| e.with_operation(OP))?;
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
        const OP: &str = "offline_message_count";
        validate::username("username", username).map_err(|e| e.with_operation(OP))?;
        let call = Call::new(
            OP,
            Method::Get,
            format!("/users/{}/offline_msg_count", enc(username)),
        );
        let reply = self.execute(&call).await?;
        decode::count(&reply.body, username).map_err(|e| e.with_operation(OP))
    }

    /// Whether one offline message was delivered.
    pub async fn offline_message_status(
        &self,
        username: &str,
        msg_id: &str,
    ) -> Result<DeliveryStatus> {
        const OP: &str = "offline_message_status";
        validate::username("username", username).map_err(|e| e.with_operation(OP))?;
        validate::msg_id("msg_id", msg_id).map_err(|e| e.with_operation(OP))?;
        let path = format!(
            "/users/{}/offline_msg_status/{}",
            enc(username),
            enc(msg_id)
        );
        let reply = self.execute(&Call::new(OP, Method::Get, path)).await?;
        decode::delivery(&reply.body, msg_id).map_err(|e| e.with_operation(OP))
    }
}
