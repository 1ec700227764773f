//! What needs no request: chat tokens minted and read locally, webhook
//! signatures checked.

use chat_platform as core;
use pyo3::prelude::*;

use crate::args::{self, Body, Raw};
use crate::errors::to_py;
use crate::records::{PyChatTokenInfo, PyMintedToken, PyWebhookVerification};

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
