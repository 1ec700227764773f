//! Webhook signature checks.

use chat_platform as core;

use crate::error::ChatPlatformError;

/// The verdict on a webhook request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WebhookStatus {
    /// Signed with this secret.
    Valid,
    /// The signature does not match.
    Invalid,
    /// A signed field is missing.
    MissingFields,
    /// The body is not a JSON object, or a signed field has the wrong type.
    Malformed,
}

/// What `verifyWebhook` found.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WebhookVerification {
    /// The verdict.
    pub status: WebhookStatus,
    /// True only for `Valid`.
    pub valid: bool,
    /// The signed fields the body lacks (`callId`, `timestamp`, `security`).
    pub missing_fields: Vec<String>,
    /// Why, in a sentence (never the secret).
    pub detail: String,
}

/// Checks a webhook (callback) request's signature against the rule's
/// secret, from the **raw** body bytes (before any JSON parsing:
/// re-encoding can change the signed timestamp), in constant time.
#[uniffi::export]
pub fn verify_webhook(
    body: Vec<u8>,
    secret: String,
) -> Result<WebhookVerification, ChatPlatformError> {
    let v = core::webhook::verify(&body, &secret)?;
    Ok(WebhookVerification {
        status: match v.status {
            core::webhook::WebhookStatus::Valid => WebhookStatus::Valid,
            core::webhook::WebhookStatus::Invalid => WebhookStatus::Invalid,
            core::webhook::WebhookStatus::MissingFields => WebhookStatus::MissingFields,
            core::webhook::WebhookStatus::Malformed => WebhookStatus::Malformed,
        },
        valid: v.is_valid(),
        missing_fields: v.missing_fields,
        detail: v.detail,
    })
}
