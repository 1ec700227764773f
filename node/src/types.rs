//! Plain-object results (TypeScript interfaces) and inputs.

use chat_platform as core;
use napi_derive::napi;

/// A chat user. Optional fields are absent when the service did not return them.
#[napi(object)]
#[derive(Clone)]
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
    /// How push notifications are displayed: 0 notification only, 1 with details.
    #[napi(ts_type = "0 | 1")]
    pub notification_display_style: Option<u32>,
    /// Whether do-not-disturb is on.
    pub notification_no_disturbing: Option<bool>,
    /// Do-not-disturb start hour (0-23).
    pub notification_no_disturbing_start: Option<u32>,
    /// Do-not-disturb end hour (0-23).
    pub notification_no_disturbing_end: Option<u32>,
    /// Push certificate name of the user's client.
    pub notifier_name: Option<String>,
    /// Push device token of the user's client.
    pub device_token: Option<String>,
    /// Group ids whose offline pushes the user blocked.
    pub notification_ignore: std::collections::HashMap<String, bool>,
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
            notification_display_style: u.notification_display_style.map(|s| u32::from(s.code())),
            notification_no_disturbing: u.notification_no_disturbing,
            notification_no_disturbing_start: u.notification_no_disturbing_start.map(u32::from),
            notification_no_disturbing_end: u.notification_no_disturbing_end.map(u32::from),
            notifier_name: u.notifier_name,
            device_token: u.device_token,
            notification_ignore: u.notification_ignore.into_iter().collect(),
        }
    }
}

/// One page of users and the cursor of the next page (absent on the last page).
#[napi(object)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<User>,
    /// Pass it to `listUsers` for the next page; absent on the last page.
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
#[napi(object)]
pub struct ItemFailure {
    /// The username as given.
    pub username: String,
    /// Its position in the input.
    pub index: u32,
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
            index: f.index as u32,
            kind: f.kind.code().to_owned(),
            reason: f.reason,
            uncertain: f.uncertain,
        }
    }
}

/// The outcome of `registerUsers`: every input user once, created or failed, in input order.
#[napi(object)]
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

/// The presence of one user of a batch query.
#[napi(object)]
pub struct UserPresence {
    /// The username as asked.
    pub username: String,
    /// `'online'` or `'offline'`.
    #[napi(ts_type = "'online' | 'offline'")]
    pub presence: String,
}

impl From<core::UserPresence> for UserPresence {
    fn from(p: core::UserPresence) -> Self {
        UserPresence {
            username: p.username,
            presence: p.presence.as_str().to_owned(),
        }
    }
}

/// A user to register with `registerUsers`.
#[napi(object)]
pub struct NewUser {
    /// 1-64 bytes of letters, digits, `_`, `.`, `-`.
    pub username: String,
    /// 1-64 characters.
    pub password: String,
    /// Optional push nickname (at most 100 characters).
    pub nickname: Option<String>,
}

impl From<NewUser> for core::NewUser {
    fn from(u: NewUser) -> Self {
        core::NewUser {
            username: u.username,
            password: u.password.into(),
            nickname: u.nickname,
        }
    }
}

/// An app token. `accessToken` is a getter: it is left out of `JSON.stringify`
/// and `util.inspect`.
#[napi]
pub struct TokenInfo {
    inner: core::TokenInfo,
}

impl TokenInfo {
    pub(crate) fn new(inner: core::TokenInfo) -> Self {
        TokenInfo { inner }
    }
}

#[napi]
impl TokenInfo {
    /// The bearer token (keep it secret).
    #[napi(getter)]
    pub fn access_token(&self) -> String {
        self.inner.access_token.expose().to_owned()
    }
    /// Seconds until expiry as the service said; `null` when it does not expire.
    #[napi(getter)]
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in.map(|v| v as i64)
    }
    /// The application UUID the service reported.
    #[napi(getter)]
    pub fn application(&self) -> Option<String> {
        self.inner.application.clone()
    }
    /// `{ expiresIn, application }`, never the token.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "expiresIn": self.inner.expires_in, "application": self.inner.application })
    }
    /// A description without the token.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "TokenInfo(accessToken=***, expiresIn={})",
            self.inner
                .expires_in
                .map_or("null".to_owned(), |v| v.to_string())
        )
    }
}

/// A user's login token. `accessToken` is a getter: it is left out of
/// `JSON.stringify` and `util.inspect`.
#[napi]
pub struct UserToken {
    inner: core::UserToken,
}

impl From<core::UserToken> for UserToken {
    fn from(inner: core::UserToken) -> Self {
        UserToken { inner }
    }
}

#[napi]
impl UserToken {
    /// The token to hand to the user's app (keep it secret).
    #[napi(getter)]
    pub fn access_token(&self) -> String {
        self.inner.access_token.expose().to_owned()
    }
    /// Seconds until expiry as the service said; `null` when it does not expire.
    #[napi(getter)]
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in.map(|v| v as i64)
    }
    /// The user the token is for.
    #[napi(getter)]
    pub fn user(&self) -> User {
        User::from(self.inner.user.clone())
    }
    /// `{ expiresIn, user }`, never the token.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        let user = serde_json::to_value(&self.inner.user).unwrap_or_default();
        serde_json::json!({ "expiresIn": self.inner.expires_in, "user": camel_keys(user) })
    }
    /// A description without the token.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "UserToken(accessToken=***, expiresIn={}, user={})",
            self.inner
                .expires_in
                .map_or("null".to_owned(), |v| v.to_string()),
            self.inner.user.username
        )
    }
}

/// A chat token minted locally (`chatUserToken`, `chatAppToken`). `token`
/// is a getter: it is left out of `JSON.stringify` and `util.inspect`.
#[napi]
pub struct MintedToken {
    inner: core::chat_token::MintedToken,
}

impl From<core::chat_token::MintedToken> for MintedToken {
    fn from(inner: core::chat_token::MintedToken) -> Self {
        MintedToken { inner }
    }
}

#[napi]
impl MintedToken {
    /// The token (`007...`; keep it secret).
    #[napi(getter)]
    pub fn token(&self) -> String {
        self.inner.token.expose().to_owned()
    }
    /// Issue time, seconds since the Unix epoch.
    #[napi(getter)]
    pub fn issued_at(&self) -> i64 {
        self.inner.issued_at as i64
    }
    /// Lifetime in seconds from `issuedAt`.
    #[napi(getter)]
    pub fn expire_seconds(&self) -> u32 {
        self.inner.expire_seconds
    }
    /// Expiry, seconds since the Unix epoch.
    #[napi(getter)]
    pub fn expires_at(&self) -> i64 {
        self.inner.expires_at as i64
    }
    /// `{ issuedAt, expireSeconds, expiresAt }`, never the token.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "issuedAt": self.inner.issued_at,
            "expireSeconds": self.inner.expire_seconds,
            "expiresAt": self.inner.expires_at,
        })
    }
    /// A description without the token.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "MintedToken(token=***, expiresAt={})",
            self.inner.expires_at
        )
    }
}

/// `snake_case` keys → `camelCase`, as JavaScript reads them.
fn camel_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| (core::camel_case(&k), camel_keys(v)))
            .collect(),
        other => other,
    }
}
