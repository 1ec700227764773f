//! Webhook signature checks.

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{Body, FromArg};
use crate::errors::to_js;

/// What `verifyWebhook` found.
#[napi(object)]
pub struct WebhookVerification {
    /// The verdict.
    #[napi(ts_type = "'valid' | 'invalid' | 'missing_fields' | 'malformed'")]
    pub status: String,
    /// True only when `status` is `'valid'`.
    pub valid: bool,
    /// The signed fields the body lacks.
    pub missing_fields: Vec<String>,
    /// Why, in a sentence (never the secret).
    pub detail: String,
}

impl From<core::webhook::WebhookVerification> for WebhookVerification {
    fn from(v: core::webhook::WebhookVerification) -> Self {
        WebhookVerification {
            status: v.status.as_str().to_owned(),
            valid: v.is_valid(),
            missing_fields: v.missing_fields,
            detail: v.detail,
        }
    }
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
