//! Typed results and inputs.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;

mod attributes;
mod bulk;
mod contacts;
mod deletion;
mod devices;
mod mutes;
mod push;
mod tokens;

pub use attributes::UserAttributes;
pub use bulk::{
    AttributesBatch, Batch, Collected, ItemFailure, Progress, RegisterBatch, StatusBatch,
};
pub use contacts::{Contact, ContactPage};
pub use deletion::{DeleteOutcome, Deletion};
pub use devices::Device;
pub use mutes::{ChatType, MuteEntry, MutePage, MuteStatus};
pub use push::{
    PushMode, PushNickname, PushNicknameReport, PushScope, PushSetting, PushSettingUpdate,
};
pub use tokens::UserToken;

/// A chat user as the service describes it.
///
/// Optional fields are `None` when the service did not return them (it omits
/// push settings that were never set). Unknown fields are ignored.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The service's UUID for the user.
    pub uuid: String,
    /// The username (chat user ID), as first registered.
    pub username: String,
    /// False while the account is deactivated (banned).
    pub activated: bool,
    /// The push nickname (shown in push notifications).
    pub nickname: Option<String>,
    /// Creation time, milliseconds since the Unix epoch.
    pub created: Option<i64>,
    /// Last modification time, milliseconds since the Unix epoch.
    pub modified: Option<i64>,
    /// How push notifications are displayed.
    pub notification_display_style: Option<DisplayStyle>,
    /// Whether do-not-disturb is on.
    pub notification_no_disturbing: Option<bool>,
    /// Do-not-disturb start hour (0-23).
    pub notification_no_disturbing_start: Option<u8>,
    /// Do-not-disturb end hour (0-23).
    pub notification_no_disturbing_end: Option<u8>,
    /// Push certificate name of the user's client.
    pub notifier_name: Option<String>,
    /// Push device token of the user's client (hidden in `Debug`).
    pub device_token: Option<String>,
    /// Group ids whose offline pushes the user blocked (`notification_ignore_<id>`).
    pub notification_ignore: BTreeMap<String, bool>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("User");
        d.field("username", &self.username)
            .field("uuid", &self.uuid)
            .field("activated", &self.activated);
        if let Some(v) = &self.nickname {
            d.field("nickname", v);
        }
        if let Some(v) = &self.created {
            d.field("created", v);
        }
        if let Some(v) = &self.modified {
            d.field("modified", v);
        }
        if let Some(v) = &self.notification_display_style {
            d.field("notification_display_style", v);
        }
        if let Some(v) = &self.notification_no_disturbing {
            d.field("notification_no_disturbing", v);
        }
        if let Some(v) = &self.notification_no_disturbing_start {
            d.field("notification_no_disturbing_start", v);
        }
        if let Some(v) = &self.notification_no_disturbing_end {
            d.field("notification_no_disturbing_end", v);
        }
        if let Some(v) = &self.notifier_name {
            d.field("notifier_name", v);
        }
        if self.device_token.is_some() {
            d.field("device_token", &"***");
        }
        if !self.notification_ignore.is_empty() {
            d.field("notification_ignore", &self.notification_ignore);
        }
        d.finish()
    }
}

/// One page of users and the cursor of the next page (`None` on the last page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserPage {
    /// The users of this page, in creation order.
    pub users: Vec<User>,
    /// Pass this to get the next page; `None` when this is the last page.
    pub cursor: Option<String>,
}

/// A user to register in a batch.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    /// The username (1-64 bytes of `[A-Za-z0-9_.-]`).
    pub username: String,
    /// The password (1-64 characters; hidden in `Debug`).
    pub password: Secret,
    /// Optional push nickname (at most 100 characters).
    pub nickname: Option<String>,
}

impl NewUser {
    /// A new user without a nickname.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        NewUser {
            username: username.into(),
            password: password.into(),
            nickname: None,
        }
    }

    /// Sets the push nickname.
    pub fn with_nickname(mut self, nickname: impl Into<String>) -> Self {
        self.nickname = Some(nickname.into());
        self
    }
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("nickname", &self.nickname)
            .finish()
    }
}

pub(crate) fn ser_kind<S: serde::Serializer>(k: &ErrorKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

/// The outcome of a batch registration: every input user appears exactly once,
/// in `created` or in `failed`, each list in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RegisterReport {
    /// Users the service created.
    pub created: Vec<User>,
    /// Users that were not created, with the reason.
    pub failed: Vec<ItemFailure>,
}

impl RegisterReport {
    /// True when every user was created.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Whether a user is connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    /// Connected.
    Online,
    /// Not connected (also reported for unknown users by batch status).
    Offline,
}

impl Presence {
    pub(crate) fn parse(v: &str) -> Result<Self> {
        match v.trim().to_ascii_lowercase().as_str() {
            "online" => Ok(Presence::Online),
            "offline" => Ok(Presence::Offline),
            other => Err(Error::decode(format!("unknown presence value {other:?}"))),
        }
    }

    /// `"online"` or `"offline"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Online => "online",
            Presence::Offline => "offline",
        }
    }
}

/// The presence of one user of a batch status query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserPresence {
    /// The username as asked.
    pub username: String,
    /// Its presence.
    pub presence: Presence,
}

/// Delivery status of an offline message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// The message was delivered.
    Delivered,
    /// The message is still waiting.
    Undelivered,
}

impl DeliveryStatus {
    pub(crate) fn parse(v: &str) -> Result<Self> {
        match v.trim().to_ascii_lowercase().as_str() {
            "delivered" => Ok(DeliveryStatus::Delivered),
            "undelivered" => Ok(DeliveryStatus::Undelivered),
            other => Err(Error::decode(format!("unknown delivery status {other:?}"))),
        }
    }

    /// `"delivered"` or `"undelivered"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Undelivered => "undelivered",
        }
    }
}

/// How push notifications are shown (`notification_display_style`).
/// Serializes as its wire code, 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DisplayStyle {
    /// 0: a notification only ("You have a new message").
    NotificationOnly,
    /// 1: a notification with the message details.
    WithDetails,
}

impl Serialize for DisplayStyle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.code())
    }
}

impl DisplayStyle {
    /// The wire value, 0 or 1.
    pub fn code(self) -> u8 {
        match self {
            DisplayStyle::NotificationOnly => 0,
            DisplayStyle::WithDetails => 1,
        }
    }

    /// From the wire value; anything but 0 or 1 is invalid input naming `style`.
    pub fn from_code(v: i64) -> Result<Self> {
        match v {
            0 => Ok(DisplayStyle::NotificationOnly),
            1 => Ok(DisplayStyle::WithDetails),
            other => Err(Error::invalid(
                "style",
                format!("must be 0 (notification only) or 1 (with details), got {other}"),
            )),
        }
    }
}

/// An app token, as returned by [`crate::Client::fetch_token`].
/// Serializes without the token itself.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    #[serde(skip)]
    /// The bearer token (hidden in `Debug`).
    pub access_token: Secret,
    /// Seconds until expiry as the service said; `None` when it does not expire (`expires_in: 0`).
    pub expires_in: Option<u64>,
    /// The application UUID the service reported.
    pub application: Option<String>,
}

impl fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenInfo")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("application", &self.application)
            .finish()
    }
}
