//! Records, enums and small objects mirrored from the core's models.

use std::collections::HashMap;

use chat_platform as core;

/// A chat user. Optional fields are null when the service did not return them.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct User {
    /// The service's UUID for the user.
    pub uuid: String,
    /// The username (chat user ID), as first registered.
    pub username: String,
    /// False while the account is deactivated (banned).
    pub activated: bool,
    /// The push nickname.
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
    pub notification_no_disturbing_start: Option<i32>,
    /// Do-not-disturb end hour (0-23).
    pub notification_no_disturbing_end: Option<i32>,
    /// Push certificate name of the user's client.
    pub notifier_name: Option<String>,
    /// Push device token of the user's client.
    pub device_token: Option<String>,
    /// Group ids whose offline pushes the user blocked.
    pub notification_ignore: HashMap<String, bool>,
}

impl From<core::User> for User {
    fn from(u: core::User) -> Self {
        User {
            uuid: u.uuid,
            username: u.username,
            activated: u.activated,
            nickname: u.nickname,
            created: u.created,
            modified: u.modified,
            notification_display_style: u.notification_display_style.map(Into::into),
            notification_no_disturbing: u.notification_no_disturbing,
            notification_no_disturbing_start: u.notification_no_disturbing_start.map(i32::from),
            notification_no_disturbing_end: u.notification_no_disturbing_end.map(i32::from),
            notifier_name: u.notifier_name,
            device_token: u.device_token,
            notification_ignore: u.notification_ignore.into_iter().collect(),
        }
    }
}

/// One page of users and the cursor of the next page (null on the last page).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<User>,
    /// Pass it to `listUsers` for the next page; null on the last page.
    pub cursor: Option<String>,
}

impl From<core::UserPage> for UserPage {
    fn from(p: core::UserPage) -> Self {
        UserPage {
            users: p.users.into_iter().map(User::from).collect(),
            cursor: p.cursor,
        }
    }
}

/// An input item a bulk operation did not do (a user not registered, a
/// push nickname not set, a name whose request failed), and why.
/// (`RegisterFailure` and `PushNicknameFailure` name it too.)
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ItemFailure {
    /// The username as given.
    pub username: String,
    /// Its position in the input.
    pub index: i64,
    /// The error code (`CONFLICT` for an existing user, `NOT_FOUND`, ...).
    pub kind: String,
    /// The service's reason, or the error that stopped the request.
    pub reason: String,
    /// True when the outcome is unknown: the item's request got no answer at
    /// least once, so it may have taken effect (a user found existing that
    /// this import may have created).
    pub uncertain: bool,
}

impl From<core::ItemFailure> for ItemFailure {
    fn from(f: core::ItemFailure) -> Self {
        ItemFailure {
            username: f.username,
            index: f.index as i64,
            kind: f.kind.code().to_owned(),
            reason: f.reason,
            uncertain: f.uncertain,
        }
    }
}

/// The outcome of `registerUsers`: every input user once, created or failed, in input order.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RegisterReport {
    /// Users created.
    pub created: Vec<User>,
    /// Users not created, with reasons.
    pub failed: Vec<ItemFailure>,
}

impl From<core::RegisterReport> for RegisterReport {
    fn from(r: core::RegisterReport) -> Self {
        RegisterReport {
            created: r.created.into_iter().map(User::from).collect(),
            failed: r.failed.into_iter().map(ItemFailure::from).collect(),
        }
    }
}

/// Whether a user is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Presence {
    /// Connected.
    Online,
    /// Not connected.
    Offline,
}

impl From<core::Presence> for Presence {
    fn from(p: core::Presence) -> Self {
        match p {
            core::Presence::Online => Presence::Online,
            core::Presence::Offline => Presence::Offline,
        }
    }
}

/// The presence of one user of a batch query.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserPresence {
    /// The username as asked.
    pub username: String,
    /// Its presence.
    pub presence: Presence,
}

impl From<core::UserPresence> for UserPresence {
    fn from(p: core::UserPresence) -> Self {
        UserPresence {
            username: p.username,
            presence: p.presence.into(),
        }
    }
}

/// Delivery status of an offline message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DeliveryStatus {
    /// Delivered.
    Delivered,
    /// Still waiting.
    Undelivered,
}

impl From<core::DeliveryStatus> for DeliveryStatus {
    fn from(d: core::DeliveryStatus) -> Self {
        match d {
            core::DeliveryStatus::Delivered => DeliveryStatus::Delivered,
            core::DeliveryStatus::Undelivered => DeliveryStatus::Undelivered,
        }
    }
}

/// How push notifications are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DisplayStyle {
    /// 0: a notification only.
    NotificationOnly,
    /// 1: a notification with the message details.
    WithDetails,
}

impl From<core::DisplayStyle> for DisplayStyle {
    fn from(d: core::DisplayStyle) -> Self {
        match d {
            core::DisplayStyle::NotificationOnly => DisplayStyle::NotificationOnly,
            core::DisplayStyle::WithDetails => DisplayStyle::WithDetails,
        }
    }
}

impl From<DisplayStyle> for core::DisplayStyle {
    fn from(d: DisplayStyle) -> Self {
        match d {
            DisplayStyle::NotificationOnly => core::DisplayStyle::NotificationOnly,
            DisplayStyle::WithDetails => core::DisplayStyle::WithDetails,
        }
    }
}

/// A documented data center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Region {
    /// `a1.easecdn.com`
    Domestic1,
    /// `a31.easecdn.com`
    Domestic2,
    /// `a1-sgp.easecdn.com`
    Singapore1,
}

impl From<Region> for core::Region {
    fn from(r: Region) -> Self {
        match r {
            Region::Domestic1 => core::Region::Domestic1,
            Region::Domestic2 => core::Region::Domestic2,
            Region::Singapore1 => core::Region::Singapore1,
        }
    }
}

/// A user to register with `registerUsers`. An object rather than a record so
/// that its `toString`/`description` can never show the password.
#[derive(uniffi::Object)]
pub struct NewUser {
    pub(crate) inner: core::NewUser,
}

#[uniffi::export]
impl NewUser {
    /// A new user; `nickname` is optional.
    #[uniffi::constructor(default(nickname = None))]
    pub fn new(username: String, password: String, nickname: Option<String>) -> Self {
        NewUser {
            inner: core::NewUser {
                username,
                password: password.into(),
                nickname,
            },
        }
    }

    /// The username.
    pub fn username(&self) -> String {
        self.inner.username.clone()
    }
}

/// An app token. An object so that printing it never shows the token.
#[derive(uniffi::Object)]
pub struct TokenInfo {
    pub(crate) inner: core::TokenInfo,
}

#[uniffi::export]
impl TokenInfo {
    /// The bearer token (keep it secret).
    pub fn access_token(&self) -> String {
        self.inner.access_token.expose().to_owned()
    }
    /// Seconds until expiry as the service said; null when it does not expire.
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in.map(|v| v as i64)
    }
    /// The application UUID the service reported.
    pub fn application(&self) -> Option<String> {
        self.inner.application.clone()
    }
}

/// The display style of a wire code (0 or 1); anything else is `InvalidInput` naming `style`.
#[uniffi::export]
pub fn display_style_from_code(code: i32) -> Result<DisplayStyle, crate::ChatPlatformError> {
    core::DisplayStyle::from_code(i64::from(code))
        .map(Into::into)
        .map_err(Into::into)
}
