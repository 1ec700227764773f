//! Password, push settings, deactivate / activate, disconnect.

use serde_json::json;

use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{InOperation, Result};
use crate::models::{DisplayStyle, User};
use crate::secret::Secret;
use crate::transport::Method;
use crate::validate;

impl Client {
    /// Sets a user's password (no old password needed).
    pub async fn set_password(&self, username: &str, new_password: &str) -> Result<()> {
        const OP: &str = "set_password";
        let path = route!("/users/{username}/password", username);
        let call = Call::on_user(OP, Method::Put, path, username)?;
        validate::password("new_password", new_password).in_op(OP)?;
        let secret = Secret::new(new_password);
        let call = call
            .json(&json!({ "newpassword": secret.expose() }))
            .secret(secret);
        self.answer(&call, decode::ack).await
    }

    async fn put_user(
        &self,
        op: &'static str,
        username: &str,
        body: serde_json::Value,
    ) -> Result<User> {
        let path = route!("/users/{username}", username);
        let call = Call::on_user(op, Method::Put, path, username)?.json(&body);
        self.answer(&call, decode::first_user).await
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    pub async fn set_push_nickname(&self, username: &str, nickname: &str) -> Result<User> {
        const OP: &str = "set_push_nickname";
        validate::nickname("nickname", nickname).in_op(OP)?;
        self.put_user(OP, username, json!({ "nickname": nickname }))
            .await
    }

    /// Sets how push notifications are displayed.
    pub async fn set_notification_display_style(
        &self,
        username: &str,
        style: DisplayStyle,
    ) -> Result<User> {
        self.put_user(
            "set_notification_display_style",
            username,
            json!({ "notification_display_style": style.code().to_string() }),
        )
        .await
    }

    /// Turns do-not-disturb on from `start_hour` to `end_hour` (0-23 each).
    pub async fn set_no_disturb(
        &self,
        username: &str,
        start_hour: u32,
        end_hour: u32,
    ) -> Result<User> {
        const OP: &str = "set_no_disturb";
        validate::hour("start_hour", start_hour).in_op(OP)?;
        validate::hour("end_hour", end_hour).in_op(OP)?;
        self.put_user(
            OP,
            username,
            json!({
                "notification_no_disturbing": true,
                "notification_no_disturbing_start": start_hour.to_string(),
                "notification_no_disturbing_end": end_hour.to_string(),
            }),
        )
        .await
    }

    /// Turns do-not-disturb off.
    pub async fn clear_no_disturb(&self, username: &str) -> Result<User> {
        self.put_user(
            "clear_no_disturb",
            username,
            json!({ "notification_no_disturbing": false }),
        )
        .await
    }

    /// Deactivates (bans) a user: they go offline and cannot log in until activated.
    pub async fn deactivate_user(&self, username: &str) -> Result<User> {
        let path = route!("/users/{username}/deactivate", username);
        let call = Call::on_user("deactivate_user", Method::Post, path, username)?;
        self.answer(&call, decode::first_user).await
    }

    /// Activates (unbans) a user.
    pub async fn activate_user(&self, username: &str) -> Result<()> {
        let path = route!("/users/{username}/activate", username);
        let call = Call::on_user("activate_user", Method::Post, path, username)?;
        self.answer(&call, decode::ack).await
    }

    /// Forces a user offline; true when the service confirmed it.
    pub async fn disconnect_user(&self, username: &str) -> Result<bool> {
        let path = route!("/users/{username}/disconnect", username);
        let call = Call::on_user("disconnect_user", Method::Get, path, username)?;
        self.answer(&call, decode::result_flag).await
    }
}
