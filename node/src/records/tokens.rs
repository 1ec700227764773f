//! Tokens: the app token, users' login tokens, chat tokens minted locally and read back.

use std::collections::HashMap;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::FromArg;
use crate::errors::to_js;
use crate::records::*;

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

/// What a chat token says about itself (`parseChatToken`).
#[napi(object)]
pub struct ChatTokenInfo {
    /// The app ID it was issued for.
    pub app_id: String,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: i64,
    /// Lifetime in seconds from `issuedAt`.
    pub expire_seconds: u32,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: i64,
    /// The salt.
    pub salt: u32,
    /// The chat user id of a user token.
    pub user_id: Option<String>,
    /// The chat privileges (`user`, `app`) with their expiry, seconds since the Unix epoch.
    pub privileges: HashMap<String, i64>,
}

impl From<core::chat_token::TokenInfo> for ChatTokenInfo {
    fn from(t: core::chat_token::TokenInfo) -> Self {
        ChatTokenInfo {
            user_id: t.chat_user_id().map(str::to_owned),
            privileges: t
                .chat_privileges()
                .into_iter()
                .map(|(k, v)| (k, v as i64))
                .collect(),
            app_id: t.app_id,
            issued_at: t.issued_at as i64,
            expire_seconds: t.expire_seconds,
            expires_at: t.expires_at as i64,
            salt: t.salt,
        }
    }
}

/// Fixed issue time and salt, for reproducible tokens (tests, the published
/// vectors). Leave them out in production.
#[napi(object)]
pub struct MintOptions {
    /// Issue time, seconds since the Unix epoch (default: now).
    pub issued_at: Option<u32>,
    /// Salt, 1-99,999,999 (default: random).
    pub salt: Option<u32>,
}

fn options(o: Option<MintOptions>) -> core::chat_token::MintOptions {
    o.map_or_else(Default::default, |o| core::chat_token::MintOptions {
        issued_at: o.issued_at,
        salt: o.salt,
    })
}

fn expire(env: &Env, op: &'static str, v: Unknown<'_>) -> Result<u32> {
    let n = i64::from_arg(env, op, "expire_seconds", Some(v))?;
    core::validate::range_arg(op, "expire_seconds", n, 0, u32::MAX).map_err(|e| to_js(env, &e))
}

/// Mints an Agora AccessToken2 chat **user** token locally, valid for
/// `expireSeconds` (1-86,400). Byte-for-byte what Agora's reference builders
/// produce. `userId`: the user's UUID or username, as your console's chat
/// service expects (the vendor's docs disagree). Throws `INVALID_INPUT` for
/// an app ID or certificate that is not 32 hex characters.
#[napi(
    ts_args_type = "appId: string, appCertificate: string, userId: string, expireSeconds: number, options?: MintOptions"
)]
pub fn chat_user_token(
    env: Env,
    app_id: Unknown<'_>,
    app_certificate: Unknown<'_>,
    user_id: Unknown<'_>,
    expire_seconds: Unknown<'_>,
    options_: Option<MintOptions>,
) -> Result<MintedToken> {
    const OP: &str = "chat_user_token";
    let app_id = String::from_arg(&env, OP, "app_id", Some(app_id))?;
    let cert = String::from_arg(&env, OP, "app_certificate", Some(app_certificate))?;
    let user = String::from_arg(&env, OP, "user_id", Some(user_id))?;
    let secs = expire(&env, OP, expire_seconds)?;
    core::chat_token::user_token(&app_id, &cert, &user, secs, options(options_))
        .map(MintedToken::from)
        .map_err(|e| to_js(&env, &e))
}

/// Mints an Agora AccessToken2 chat **app** token locally, valid for
/// `expireSeconds` (1-86,400). A `Client` given `appId` and `appCertificate`
/// mints and exchanges these itself.
#[napi(
    ts_args_type = "appId: string, appCertificate: string, expireSeconds: number, options?: MintOptions"
)]
pub fn chat_app_token(
    env: Env,
    app_id: Unknown<'_>,
    app_certificate: Unknown<'_>,
    expire_seconds: Unknown<'_>,
    options_: Option<MintOptions>,
) -> Result<MintedToken> {
    const OP: &str = "chat_app_token";
    let app_id = String::from_arg(&env, OP, "app_id", Some(app_id))?;
    let cert = String::from_arg(&env, OP, "app_certificate", Some(app_certificate))?;
    let secs = expire(&env, OP, expire_seconds)?;
    core::chat_token::app_token(&app_id, &cert, secs, options(options_))
        .map(MintedToken::from)
        .map_err(|e| to_js(&env, &e))
}

/// Reads an AccessToken2 (`007...`) token: app ID, issue time, expiry and
/// chat privileges. Needs no secret and proves nothing: `verifyChatToken`
/// checks the signature.
#[napi(ts_args_type = "token: string")]
pub fn parse_chat_token(env: Env, token: Unknown<'_>) -> Result<ChatTokenInfo> {
    const OP: &str = "parse_chat_token";
    let token = String::from_arg(&env, OP, "token", Some(token))?;
    core::chat_token::parse(&token)
        .map(ChatTokenInfo::from)
        .map_err(|e| to_js(&env, &e))
}

/// Whether an AccessToken2 token was signed with this app certificate.
#[napi(ts_args_type = "token: string, appCertificate: string")]
pub fn verify_chat_token(
    env: Env,
    token: Unknown<'_>,
    app_certificate: Unknown<'_>,
) -> Result<bool> {
    const OP: &str = "verify_chat_token";
    let token = String::from_arg(&env, OP, "token", Some(token))?;
    let cert = String::from_arg(&env, OP, "app_certificate", Some(app_certificate))?;
    core::chat_token::parse(&token)
        .and_then(|t| t.verify(&cert))
        .map_err(|e| to_js(&env, &e.with_operation(OP)))
}
