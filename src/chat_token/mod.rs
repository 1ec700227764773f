//! Agora AccessToken2 ("007") chat tokens, minted locally from an app ID and
//! app certificate (no request), and read back for support and debugging.
//!
//! Byte-compatible with Agora's reference builders (`AgoraIO/Tools`,
//! `DynamicKey/AgoraDynamicKey`): the same fields packed little-endian, signed
//! with HMAC-SHA256 under a key derived from the certificate, the issue time
//! and a salt, compressed with C zlib at its default level and base64-encoded
//! behind the version `007`. Their published test vectors are unit tests here
//! and in every binding.
//!
//! ```
//! use chat_platform::chat_token::{self, MintOptions};
//! let minted = chat_token::user_token(
//!     "970CA35de60c44645bbae8a215061b33",
//!     "5CFd2fd1755d40ecb72977518be15d3b",
//!     "2882341273",
//!     600,
//!     MintOptions::default(),
//! )?;
//! let info = chat_token::parse(minted.token.expose())?;
//! assert_eq!(info.expire_seconds, 600);
//! assert_eq!(info.chat_user_id(), Some("2882341273"));
//! # Ok::<(), chat_platform::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use hmac::{KeyInit, Mac};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::secret::Secret;

#[cfg(test)]
mod tests;
mod wire;

pub use wire::parse;
use wire::{mint, signing_key, HmacSha256};

/// The token version prefix.
pub const VERSION: &str = "007";
/// The chat service's type in a token.
pub const SERVICE_CHAT: u16 = 5;
/// Chat privilege: log in as a user.
pub const PRIVILEGE_USER: u16 = 1;
/// Chat privilege: call the REST API as the app.
pub const PRIVILEGE_APP: u16 = 2;
/// Longest lifetime the service accepts for a chat token: 24 hours.
pub const MAX_EXPIRE_SECONDS: u32 = 86_400;
/// Longest token accepted by [`parse`], in characters.
const MAX_TOKEN_CHARS: usize = 8192;
/// Longest chat user id put in a token, in bytes.
const MAX_USER_ID_BYTES: usize = 255;

/// Fixed issue time and salt for reproducible tokens (tests, the published
/// vectors). Leave both `None` in production: the time is now and the salt
/// random, as Agora's builders do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MintOptions {
    /// Issue time, seconds since the Unix epoch (default: now).
    pub issued_at: Option<u32>,
    /// Salt, 1-99,999,999 (default: random).
    pub salt: Option<u32>,
}

/// A token minted locally.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct MintedToken {
    /// The token (a secret: hidden in `Debug`, never serialized).
    #[serde(skip)]
    pub token: Secret,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: u64,
    /// Lifetime in seconds from `issued_at`.
    pub expire_seconds: u32,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: u64,
}

impl fmt::Debug for MintedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MintedToken")
            .field("token", &self.token)
            .field("issued_at", &self.issued_at)
            .field("expire_seconds", &self.expire_seconds)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// One service of a parsed token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenService {
    /// The service type (5 = chat; 1 RTC, 2 RTM, 3 streaming, 4 FPA, 7 education).
    pub service_type: u16,
    /// Its name: `chat`, `rtc`, `rtm`, `streaming`, `fpa`, `education`.
    pub name: &'static str,
    /// Privilege number → lifetime in seconds from the issue time.
    pub privileges: BTreeMap<u16, u32>,
    /// The chat or RTM user id (empty for an app token).
    pub user_id: Option<String>,
    /// The RTC or streaming channel name.
    pub channel: Option<String>,
}

/// What a token says about itself. Reading needs no secret; whether the
/// signature is right needs the app certificate ([`TokenInfo::verify`]).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The app ID the token was issued for.
    pub app_id: String,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: u64,
    /// Lifetime in seconds from `issued_at`.
    pub expire_seconds: u32,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: u64,
    /// The salt.
    pub salt: u32,
    /// The services, in the token's order.
    pub services: Vec<TokenService>,
    #[serde(skip)]
    signature: Vec<u8>,
    #[serde(skip)]
    signing_info: Vec<u8>,
}

impl fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenInfo")
            .field("app_id", &self.app_id)
            .field("issued_at", &self.issued_at)
            .field("expire_seconds", &self.expire_seconds)
            .field("expires_at", &self.expires_at)
            .field("services", &self.services)
            .finish_non_exhaustive()
    }
}

impl TokenInfo {
    /// The chat service, if the token has one.
    pub fn chat(&self) -> Option<&TokenService> {
        self.services
            .iter()
            .find(|s| s.service_type == SERVICE_CHAT)
    }

    /// The chat user id of a chat user token.
    pub fn chat_user_id(&self) -> Option<&str> {
        self.chat()
            .filter(|s| s.privileges.contains_key(&PRIVILEGE_USER))
            .and_then(|s| s.user_id.as_deref())
    }

    /// True for a chat app token (the chat privilege "app").
    pub fn is_chat_app_token(&self) -> bool {
        self.chat()
            .is_some_and(|s| s.privileges.contains_key(&PRIVILEGE_APP))
    }

    /// The chat privileges by name (`user`, `app`) with their expiry in
    /// seconds since the Unix epoch.
    pub fn chat_privileges(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        if let Some(s) = self.chat() {
            for (p, secs) in &s.privileges {
                let name = match *p {
                    PRIVILEGE_USER => "user".to_owned(),
                    PRIVILEGE_APP => "app".to_owned(),
                    other => format!("privilege_{other}"),
                };
                out.insert(name, self.issued_at + u64::from(*secs));
            }
        }
        out
    }

    /// True when `now` (seconds since the Unix epoch) is past the expiry.
    pub fn is_expired_at(&self, now: u64) -> bool {
        now >= self.expires_at
    }

    /// Whether the token was signed with this app certificate (compared in
    /// constant time). A certificate that is not 32 hex characters is an error.
    pub fn verify(&self, app_certificate: &str) -> Result<bool> {
        check_hex32("app_certificate", app_certificate, false)?;
        let key = signing_key(app_certificate.as_bytes(), self.issued_at as u32, self.salt);
        let mut mac = HmacSha256::new_from_slice(&key)
            .map_err(|_| Error::invalid("app_certificate", "cannot be used as a key"))?;
        mac.update(&self.signing_info);
        Ok(mac.verify_slice(&self.signature).is_ok())
    }
}

/// Mints a chat **user** token: the chat privilege "user" for `user_id`,
/// valid for `expire_seconds` (1-86,400) from its issue time.
///
/// Which id to put in it is not settled by the vendor's sources: Agora's
/// English docs and the official Java SDK use the user's UUID (the `uuid` of
/// [`crate::User`]); the Chat 1.3 Chinese docs use the username. Use what
/// your console's chat service expects.
pub fn user_token(
    app_id: &str,
    app_certificate: &str,
    user_id: &str,
    expire_seconds: u32,
    options: MintOptions,
) -> Result<MintedToken> {
    const OP: &str = "chat_user_token";
    if user_id.is_empty() || user_id.len() > MAX_USER_ID_BYTES {
        return Err(Error::invalid(
            "user_id",
            format!(
                "must be 1-{MAX_USER_ID_BYTES} bytes (got {})",
                user_id.len()
            ),
        )
        .with_operation(OP));
    }
    if user_id.chars().any(char::is_control) {
        return Err(
            Error::invalid("user_id", "must not contain control characters").with_operation(OP),
        );
    }
    mint(
        OP,
        app_id,
        app_certificate,
        user_id,
        PRIVILEGE_USER,
        expire_seconds,
        options,
    )
}

/// Mints a chat **app** token: the chat privilege "app", valid for
/// `expire_seconds` (1-86,400). A [`crate::Client`] built with
/// [`crate::ClientBuilder::app_certificate`] mints and exchanges these itself.
pub fn app_token(
    app_id: &str,
    app_certificate: &str,
    expire_seconds: u32,
    options: MintOptions,
) -> Result<MintedToken> {
    mint(
        "chat_app_token",
        app_id,
        app_certificate,
        "",
        PRIVILEGE_APP,
        expire_seconds,
        options,
    )
}

/// Checks an app ID or certificate: 32 hex characters. A certificate's value
/// never appears in the error.
pub(crate) fn check_hex32(field: &str, value: &str, show: bool) -> Result<()> {
    if value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(());
    }
    let got = if show {
        format!("got {value:?}")
    } else {
        format!("got {} characters", value.chars().count())
    };
    Err(Error::invalid(
        field,
        format!("must be 32 hexadecimal characters, as the console shows it ({got})"),
    ))
}
