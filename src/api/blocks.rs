//! Blocklists.

use serde_json::json;

use crate::budget::EndpointGroup;
use crate::call::{deletion, route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{InOperation, Result};
use crate::models::Deletion;
use crate::transport::Method;
use crate::validate::{self, MAX_BLOCKLIST};

impl Client {
    /// The usernames `owner` has blocked.
    pub async fn list_blocked(&self, owner: &str) -> Result<Vec<String>> {
        const OP: &str = "list_blocked";
        validate::username("owner", owner).in_op(OP)?;
        let path = route!("/users/{owner}/blocks/users", owner);
        let call = Call::new(OP, Method::Get, path)
            .about_user(owner)
            .group(EndpointGroup::Blocklist);
        self.answer(&call, decode::name_list).await
    }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    pub async fn block_users(&self, owner: &str, usernames: &[String]) -> Result<Vec<String>> {
        const OP: &str = "block_users";
        validate::username("owner", owner).in_op(OP)?;
        validate::usernames("usernames", usernames, 1, Some(MAX_BLOCKLIST)).in_op(OP)?;
        let path = route!("/users/{owner}/blocks/users", owner);
        let call = Call::new(OP, Method::Post, path)
            .about_user(owner)
            .group(EndpointGroup::Blocklist)
            .json(&json!({ "usernames": usernames }));
        self.answer(&call, decode::name_list).await
    }

    /// Removes `blocked` from `owner`'s blocklist; the [`Deletion`] holds
    /// that user (see [`Client::delete_user`] for a lost answer).
    pub async fn unblock_user(&self, owner: &str, blocked: &str) -> Result<Deletion> {
        const OP: &str = "unblock_user";
        validate::username("owner", owner).in_op(OP)?;
        validate::username("blocked", blocked).in_op(OP)?;
        let path = route!("/users/{owner}/blocks/users/{blocked}", owner, blocked);
        let call = Call::new(OP, Method::Delete, path)
            .about(format!("user {owner:?} or {blocked:?}"))
            .group(EndpointGroup::Blocklist);
        let reply = self.execute(&call).await?;
        deletion(OP, blocked, &reply)
    }
}
