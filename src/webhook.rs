//! Checking a webhook (callback) request's signature.
//!
//! The service signs each callback with `security = md5(callId + secret +
//! timestamp)` in lowercase hex, where `secret` is the callback rule's secret
//! from the console and `timestamp` the request's `timestamp` exactly as it
//! appears in the body. Verify from the raw body bytes, before any
//! framework re-encodes the JSON: a re-encoded number can change its digits
//! (`1.6e12`, a float that lost precision) and the check then fails on a
//! genuine request.
//!
//! ```
//! use chat_platform::webhook::{self, WebhookStatus};
//! let body = br#"{"callId":"org#app_1","timestamp":1600060847294,"security":"7b5c7bde9b5fa5b39ba1ec4b1e6bd3b0"}"#;
//! let check = webhook::verify(body, "my-rule-secret")?;
//! assert_eq!(check.status, WebhookStatus::Invalid); // not signed with that secret
//! # Ok::<(), chat_platform::Error>(())
//! ```

use md5::{Digest, Md5};
use serde::Serialize;
use serde_json::value::RawValue;
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

/// The fields the signature covers (and the signature itself).
pub const SIGNED_FIELDS: [&str; 3] = ["callId", "timestamp", "security"];

/// The verdict on a callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookStatus {
    /// Signed with this secret.
    Valid,
    /// The signature does not match: not from the service, altered, or
    /// another rule's secret.
    Invalid,
    /// A signed field is missing (see `missing_fields`).
    MissingFields,
    /// The body is not a JSON object, or a signed field has the wrong type.
    Malformed,
}

impl WebhookStatus {
    /// `valid`, `invalid`, `missing_fields` or `malformed`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookStatus::Valid => "valid",
            WebhookStatus::Invalid => "invalid",
            WebhookStatus::MissingFields => "missing_fields",
            WebhookStatus::Malformed => "malformed",
        }
    }
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebhookVerification {
    /// The verdict.
    pub status: WebhookStatus,
    /// The signed fields the body lacks (`callId`, `timestamp`, `security`).
    pub missing_fields: Vec<String>,
    /// A sentence saying why, for logs (never holds the secret).
    pub detail: String,
}

impl WebhookVerification {
    /// True only for [`WebhookStatus::Valid`].
    pub fn is_valid(&self) -> bool {
        self.status == WebhookStatus::Valid
    }

    fn new(status: WebhookStatus, detail: impl Into<String>) -> Self {
        WebhookVerification {
            status,
            missing_fields: Vec::new(),
            detail: detail.into(),
        }
    }
}

/// The signature the service computes: lowercase hex of
/// `md5(call_id + secret + timestamp)`.
pub fn signature(call_id: &str, secret: &str, timestamp: &str) -> String {
    let mut h = Md5::new();
    h.update(call_id.as_bytes());
    h.update(secret.as_bytes());
    h.update(timestamp.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A string field's value, a number's digits as written, or why not.
fn text(raw: &RawValue) -> std::result::Result<String, ()> {
    let s = raw.get().trim();
    if s.starts_with('"') {
        serde_json::from_str::<String>(s).map_err(|_| ())
    } else if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        Ok(s.to_owned())
    } else {
        Err(())
    }
}

/// Checks a callback's signature from its raw body and the rule's secret
/// (compared in constant time). An empty secret is invalid input.
pub fn verify(body: &[u8], secret: &str) -> Result<WebhookVerification> {
    if secret.is_empty() {
        return Err(Error::invalid(
            "secret",
            "must not be empty: give the callback rule's secret from the console",
        )
        .with_operation("verify_webhook"));
    }
    let fields: std::collections::HashMap<String, Box<RawValue>> =
        match serde_json::from_slice(body) {
            Ok(f) => f,
            Err(e) => {
                return Ok(WebhookVerification::new(
                    WebhookStatus::Malformed,
                    format!("the body is not a JSON object: {e}"),
                ))
            }
        };
    let missing: Vec<String> = SIGNED_FIELDS
        .iter()
        .filter(|f| !fields.contains_key(**f))
        .map(|f| (*f).to_owned())
        .collect();
    if !missing.is_empty() {
        let detail = format!("the body has no {}", missing.join(", "));
        return Ok(WebhookVerification {
            missing_fields: missing,
            ..WebhookVerification::new(WebhookStatus::MissingFields, detail)
        });
    }
    let mut values = Vec::with_capacity(3);
    for f in SIGNED_FIELDS {
        match text(&fields[f]) {
            Ok(v) => values.push(v),
            Err(()) => {
                return Ok(WebhookVerification::new(
                    WebhookStatus::Malformed,
                    format!("`{f}` is neither a string nor an integer"),
                ))
            }
        }
    }
    let expected = signature(&values[0], secret, &values[1]);
    let given = values[2].to_ascii_lowercase();
    let same: bool = expected.as_bytes().ct_eq(given.as_bytes()).into();
    Ok(if same {
        WebhookVerification::new(WebhookStatus::Valid, "the signature matches")
    } else {
        WebhookVerification::new(
            WebhookStatus::Invalid,
            "the signature does not match this secret",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(call_id: &str, ts: &str, secret: &str) -> String {
        format!(
            r#"{{"callId":"{call_id}","eventType":"chat","timestamp":{ts},"chat_type":"chat","from":"a","to":"b","security":"{}","payload":{{"bodies":[{{"msg":"hi","type":"txt"}}]}}}}"#,
            signature(call_id, secret, ts)
        )
    }

    #[test]
    fn a_signed_body_verifies_and_an_altered_one_does_not() {
        let body = signed("org#app_123", "1600060847294", "rule-secret");
        assert!(verify(body.as_bytes(), "rule-secret").unwrap().is_valid());
        let v = verify(body.as_bytes(), "other-secret").unwrap();
        assert_eq!(v.status, WebhookStatus::Invalid);
        assert!(!v.detail.contains("other-secret"));
        let altered = body.replace("1600060847294", "1600060847295");
        assert_eq!(
            verify(altered.as_bytes(), "rule-secret").unwrap().status,
            WebhookStatus::Invalid
        );
        // The digits as written count, not the number's value.
        let reencoded = body.replace("1600060847294", "1.600060847294e12");
        assert_ne!(
            verify(reencoded.as_bytes(), "rule-secret").unwrap().status,
            WebhookStatus::Valid
        );
        // A string timestamp is signed by its text; upper-case hex is accepted.
        let s = signature("c1", "k", "17");
        let b = format!(
            r#"{{"callId":"c1","timestamp":"17","security":"{}"}}"#,
            s.to_uppercase()
        );
        assert!(verify(b.as_bytes(), "k").unwrap().is_valid());
    }

    #[test]
    fn missing_and_malformed_fields_are_named() {
        let v = verify(br#"{"callId":"x","security":"y"}"#, "k").unwrap();
        assert_eq!(v.status, WebhookStatus::MissingFields);
        assert_eq!(v.missing_fields, vec!["timestamp".to_owned()]);
        let v = verify(b"not json", "k").unwrap();
        assert_eq!(v.status, WebhookStatus::Malformed);
        let v = verify(br#"{"callId":1.5,"timestamp":1,"security":"x"}"#, "k").unwrap();
        assert_eq!(v.status, WebhookStatus::Malformed);
        assert_eq!(verify(b"{}", "").unwrap_err().field(), Some("secret"));
    }
}
