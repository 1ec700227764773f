//! Tokens: the app token, users' login tokens, chat tokens minted locally and read back.

use std::collections::BTreeMap;

use chat_platform as core;
use pyo3::prelude::*;
use serde::Serialize;

use crate::args::{self, Raw};
use crate::errors::to_py;
use crate::json::to_py_value;
use crate::records::*;

record! {
    /// An app token. `access_token` is the bearer token itself; `repr` never shows it.
    PyTokenInfo(core::TokenInfo) as "TokenInfo" {
        /// The bearer token (keep it secret).
        [secret] access_token: String = |t| t.access_token.expose().to_owned(),
        /// Seconds until expiry as the service said; `None` when it does not expire.
        expires_in: Option<u64> = |t| t.expires_in,
        /// The application UUID the service reported.
        application: Option<String> = |t| t.application.clone(),
    }
}

/// What a chat token says about itself, as `parse_chat_token` reads it.
#[derive(Clone, PartialEq, Serialize)]
pub struct ChatTokenFacts {
    app_id: String,
    issued_at: u64,
    expire_seconds: u32,
    expires_at: u64,
    salt: u32,
    user_id: Option<String>,
    privileges: BTreeMap<String, u64>,
}

impl From<core::chat_token::TokenInfo> for ChatTokenFacts {
    fn from(t: core::chat_token::TokenInfo) -> Self {
        ChatTokenFacts {
            user_id: t.chat_user_id().map(str::to_owned),
            privileges: t.chat_privileges(),
            app_id: t.app_id,
            issued_at: t.issued_at,
            expire_seconds: t.expire_seconds,
            expires_at: t.expires_at,
            salt: t.salt,
        }
    }
}

record! {
    /// What a chat token says about itself (`parse_chat_token`).
    PyChatTokenInfo(ChatTokenFacts) as "ChatTokenInfo" {
        /// The app ID it was issued for.
        app_id: String = |t| t.app_id.clone(),
        /// Issue time, seconds since the Unix epoch.
        issued_at: u64 = |t| t.issued_at,
        /// Lifetime in seconds from `issued_at`.
        expire_seconds: u32 = |t| t.expire_seconds,
        /// Expiry, seconds since the Unix epoch.
        expires_at: u64 = |t| t.expires_at,
        /// The salt.
        salt: u32 = |t| t.salt,
        /// The chat user id of a user token.
        user_id: Option<String> = |t| t.user_id.clone(),
        /// The chat privileges (`user`, `app`) with their expiry, seconds since the Unix epoch.
        privileges: BTreeMap<String, u64> = |t| t.privileges.clone(),
    }
}

record! {
    /// A user's login token. `repr` and `to_dict` never show the token.
    PyUserToken(core::UserToken) as "UserToken" {
        /// The token to hand to the user's app (keep it secret).
        [secret] access_token: String = |t| t.access_token.expose().to_owned(),
        /// Seconds until expiry as the service said; None when it does not expire.
        expires_in: Option<u64> = |t| t.expires_in,
        /// The user the token is for.
        user: PyUser = |t| PyUser(t.user.clone()),
    }
}

record! {
    /// A chat token minted locally. `repr` and `to_dict` never show the token.
    PyMintedToken(core::chat_token::MintedToken) as "MintedToken" {
        /// The token (`007...`; keep it secret).
        [secret] token: String = |t| t.token.expose().to_owned(),
        /// Issue time, seconds since the Unix epoch.
        issued_at: u64 = |t| t.issued_at,
        /// Lifetime in seconds from `issued_at`.
        expire_seconds: u32 = |t| t.expire_seconds,
        /// Expiry, seconds since the Unix epoch.
        expires_at: u64 = |t| t.expires_at,
    }
}

fn u32_arg(
    py: Python<'_>,
    op: &'static str,
    name: &str,
    v: Option<Raw<'_>>,
) -> PyResult<Option<u32>> {
    let v: Option<i64> = args::take(py, op, name, v)?;
    v.map(|x| core::validate::range_arg(op, name, x, 0, u32::MAX))
        .transpose()
        .map_err(to_py)
}

fn options(
    py: Python<'_>,
    op: &'static str,
    issued_at: Option<Raw<'_>>,
    salt: Option<Raw<'_>>,
) -> PyResult<core::chat_token::MintOptions> {
    Ok(core::chat_token::MintOptions {
        issued_at: u32_arg(py, op, "issued_at", issued_at)?,
        salt: u32_arg(py, op, "salt", salt)?,
    })
}

/// Mints an Agora AccessToken2 chat **user** token locally, valid for
/// `expire_seconds` (1-86,400): byte-for-byte what Agora's reference builders
/// produce. `user_id`: the user's UUID or username, as your console's chat
/// service expects (the vendor's docs disagree). `issued_at` and `salt` fix
/// the token for tests; leave them out otherwise.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, user_id, expire_seconds, *, issued_at=None, salt=None))]
pub(crate) fn chat_user_token<'py>(
    py: Python<'py>,
    app_id: Option<Raw<'py>>,
    app_certificate: Option<Raw<'py>>,
    user_id: Option<Raw<'py>>,
    expire_seconds: Option<Raw<'py>>,
    issued_at: Option<Raw<'py>>,
    salt: Option<Raw<'py>>,
) -> PyResult<PyMintedToken> {
    const OP: &str = "chat_user_token";
    let app_id: String = args::take(py, OP, "app_id", app_id)?;
    let cert: String = args::take(py, OP, "app_certificate", app_certificate)?;
    let user: String = args::take(py, OP, "user_id", user_id)?;
    let secs: i64 = args::take(py, OP, "expire_seconds", expire_seconds)?;
    let secs = core::validate::range_arg(OP, "expire_seconds", secs, 0, u32::MAX).map_err(to_py)?;
    let opts = options(py, OP, issued_at, salt)?;
    core::chat_token::user_token(&app_id, &cert, &user, secs, opts)
        .map(PyMintedToken)
        .map_err(to_py)
}

/// Mints an Agora AccessToken2 chat **app** token locally, valid for
/// `expire_seconds` (1-86,400). A `Client(app_id=..., app_certificate=...)`
/// mints and exchanges these itself.
#[pyfunction]
#[pyo3(signature = (app_id, app_certificate, expire_seconds, *, issued_at=None, salt=None))]
pub(crate) fn chat_app_token<'py>(
    py: Python<'py>,
    app_id: Option<Raw<'py>>,
    app_certificate: Option<Raw<'py>>,
    expire_seconds: Option<Raw<'py>>,
    issued_at: Option<Raw<'py>>,
    salt: Option<Raw<'py>>,
) -> PyResult<PyMintedToken> {
    const OP: &str = "chat_app_token";
    let app_id: String = args::take(py, OP, "app_id", app_id)?;
    let cert: String = args::take(py, OP, "app_certificate", app_certificate)?;
    let secs: i64 = args::take(py, OP, "expire_seconds", expire_seconds)?;
    let secs = core::validate::range_arg(OP, "expire_seconds", secs, 0, u32::MAX).map_err(to_py)?;
    let opts = options(py, OP, issued_at, salt)?;
    core::chat_token::app_token(&app_id, &cert, secs, opts)
        .map(PyMintedToken)
        .map_err(to_py)
}

/// Reads an AccessToken2 (`007...`) token: app ID, issue time, expiry and
/// chat privileges. Needs no secret and proves nothing: `verify_chat_token`
/// checks the signature.
#[pyfunction]
pub(crate) fn parse_chat_token<'py>(
    py: Python<'py>,
    token: Option<Raw<'py>>,
) -> PyResult<PyChatTokenInfo> {
    let token: String = args::take(py, "parse_chat_token", "token", token)?;
    core::chat_token::parse(&token)
        .map(|t| PyChatTokenInfo(t.into()))
        .map_err(to_py)
}

/// Whether an AccessToken2 token was signed with this app certificate.
#[pyfunction]
pub(crate) fn verify_chat_token<'py>(
    py: Python<'py>,
    token: Option<Raw<'py>>,
    app_certificate: Option<Raw<'py>>,
) -> PyResult<bool> {
    const OP: &str = "verify_chat_token";
    let token: String = args::take(py, OP, "token", token)?;
    let cert: String = args::take(py, OP, "app_certificate", app_certificate)?;
    core::chat_token::parse(&token)
        .and_then(|t| t.verify(&cert))
        .map_err(|e| to_py(e.with_operation(OP)))
}
