//! Tokens: the app token, users' login tokens, chat tokens minted locally and read back.

use std::collections::HashMap;
use std::sync::Arc;

use chat_platform as core;

use crate::error::ChatPlatformError;

/// A user's login token. An object so that printing it never shows the token.
#[derive(uniffi::Object)]
pub struct UserToken {
    pub(crate) inner: core::UserToken,
}

#[uniffi::export]
impl UserToken {
    /// The token to hand to the user's app (keep it secret).
    pub fn access_token(&self) -> String {
        self.inner.access_token.expose().to_owned()
    }
    /// Seconds until expiry as the service said; null when it does not expire.
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in.map(|v| v as i64)
    }
    /// The user the token is for.
    pub fn user(&self) -> crate::records::User {
        self.inner.user.clone().into()
    }
}

/// A chat token minted locally. An object so that printing it never shows the token.
#[derive(uniffi::Object)]
pub struct MintedToken {
    pub(crate) inner: core::chat_token::MintedToken,
}

#[uniffi::export]
impl MintedToken {
    /// The token (`007...`; keep it secret).
    pub fn token(&self) -> String {
        self.inner.token.expose().to_owned()
    }
    /// Issue time, seconds since the Unix epoch.
    pub fn issued_at(&self) -> i64 {
        self.inner.issued_at as i64
    }
    /// Lifetime in seconds from `issuedAt`.
    pub fn expire_seconds(&self) -> u32 {
        self.inner.expire_seconds
    }
    /// Expiry, seconds since the Unix epoch.
    pub fn expires_at(&self) -> i64 {
        self.inner.expires_at as i64
    }
}

/// What a chat token says about itself (`parseChatToken`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ChatTokenInfo {
    /// The app ID it was issued for.
    pub app_id: String,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: i64,
    /// Lifetime in seconds from `issuedAt`.
    pub expire_seconds: i64,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: i64,
    /// The salt (0 to 2^32 - 1).
    pub salt: i64,
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
            expire_seconds: t.expire_seconds.into(),
            expires_at: t.expires_at as i64,
            salt: t.salt.into(),
        }
    }
}

fn mint_options(issued_at: Option<u32>, salt: Option<u32>) -> core::chat_token::MintOptions {
    core::chat_token::MintOptions { issued_at, salt }
}

/// Mints an Agora AccessToken2 chat **user** token locally, valid for
/// `expireSeconds` (1-86,400); byte-for-byte what Agora's reference builders
/// produce. `userId`: the user's UUID or username, as your console's chat
/// service expects. `issuedAt` and `salt` fix the token (tests only).
#[uniffi::export(default(issued_at = None, salt = None))]
pub fn chat_user_token(
    app_id: String,
    app_certificate: String,
    user_id: String,
    expire_seconds: u32,
    issued_at: Option<u32>,
    salt: Option<u32>,
) -> Result<Arc<MintedToken>, ChatPlatformError> {
    let inner = core::chat_token::user_token(
        &app_id,
        &app_certificate,
        &user_id,
        expire_seconds,
        mint_options(issued_at, salt),
    )?;
    Ok(Arc::new(MintedToken { inner }))
}

/// Mints an Agora AccessToken2 chat **app** token locally, valid for
/// `expireSeconds` (1-86,400). A client given `Credentials.appCertificate`
/// mints and exchanges these itself.
#[uniffi::export(default(issued_at = None, salt = None))]
pub fn chat_app_token(
    app_id: String,
    app_certificate: String,
    expire_seconds: u32,
    issued_at: Option<u32>,
    salt: Option<u32>,
) -> Result<Arc<MintedToken>, ChatPlatformError> {
    let inner = core::chat_token::app_token(
        &app_id,
        &app_certificate,
        expire_seconds,
        mint_options(issued_at, salt),
    )?;
    Ok(Arc::new(MintedToken { inner }))
}

/// Reads an AccessToken2 (`007...`) token: app ID, issue time, expiry and
/// chat privileges. Needs no secret and proves nothing: see `verifyChatToken`.
#[uniffi::export]
pub fn parse_chat_token(token: String) -> Result<ChatTokenInfo, ChatPlatformError> {
    Ok(core::chat_token::parse(&token)?.into())
}

/// Whether an AccessToken2 token was signed with this app certificate.
#[uniffi::export]
pub fn verify_chat_token(
    token: String,
    app_certificate: String,
) -> Result<bool, ChatPlatformError> {
    core::chat_token::parse(&token)
        .and_then(|t| t.verify(&app_certificate))
        .map_err(|e| e.with_operation("verify_chat_token").into())
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
