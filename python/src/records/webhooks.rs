//! Webhook signature checks.

use chat_platform as core;
use pyo3::prelude::*;

use crate::args::{self, Body, Raw};
use crate::errors::to_py;
use crate::json::to_py_value;

record! {
    /// What `verify_webhook` found.
    PyWebhookVerification(core::webhook::WebhookVerification) as "WebhookVerification" {
        /// `"valid"`, `"invalid"`, `"missing_fields"` or `"malformed"`.
        status: &'static str = |v| v.status.as_str(),
        /// True only when `status` is `"valid"`.
        valid: bool = |v| v.is_valid(),
        /// The signed fields the body lacks.
        missing_fields: Vec<String> = |v| v.missing_fields.clone(),
        /// Why, in a sentence (never the secret).
        detail: String = |v| v.detail.clone(),
    }
}

/// Checks a webhook (callback) request's signature against the rule's
/// secret, from the **raw** body (`bytes` or `str`, before any JSON parsing:
/// re-encoding can change the signed timestamp), in constant time.
#[pyfunction]
pub(crate) fn verify_webhook<'py>(
    py: Python<'py>,
    body: Option<Raw<'py>>,
    secret: Option<Raw<'py>>,
) -> PyResult<PyWebhookVerification> {
    const OP: &str = "verify_webhook";
    let Body(body) = args::take(py, OP, "body", body)?;
    let secret: String = args::take(py, OP, "secret", secret)?;
    core::webhook::verify(&body, &secret)
        .map(PyWebhookVerification)
        .map_err(to_py)
}
