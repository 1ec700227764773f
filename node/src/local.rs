//! What needs no request: chat tokens minted and read locally, webhook
//! signatures checked.

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{Body, FromArg};
use crate::errors::to_js;
use crate::records::{ChatTokenInfo, WebhookVerification};
use crate::types::MintedToken;

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

/// Checks a webhook (callback) request's signature against the rule's
/// secret, from the **raw** body (a string or a Buffer, before any JSON
/// parsing: re-encoding can change the signed timestamp), in constant time.
#[napi(ts_args_type = "body: string | Uint8Array, secret: string")]
pub fn verify_webhook(
    env: Env,
    body: Unknown<'_>,
    secret: Unknown<'_>,
) -> Result<WebhookVerification> {
    const OP: &str = "verify_webhook";
    let Body(body) = Body::from_arg(&env, OP, "body", Some(body))?;
    let secret = String::from_arg(&env, OP, "secret", Some(secret))?;
    core::webhook::verify(&body, &secret)
        .map(WebhookVerification::from)
        .map_err(|e| to_js(&env, &e))
}
