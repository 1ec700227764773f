//! Core errors as instances of the classes in `chat_platform/exceptions.py`.

use chat_platform::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

static EXCEPTIONS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    EXCEPTIONS
        .get_or_try_init(py, || Ok(py.import("chat_platform.exceptions")?.unbind()))
        .map(|m| m.bind(py))
}

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "InvalidInputError",
        ErrorKind::Configuration => "ConfigurationError",
        ErrorKind::Unauthorized => "UnauthorizedError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Conflict => "ConflictError",
        ErrorKind::LimitExceeded => "LimitExceededError",
        ErrorKind::RateLimited => "RateLimitedError",
        ErrorKind::Server => "ServerError",
        ErrorKind::Transport => "TransportError",
        ErrorKind::Decode => "DecodeError",
        _ => "ChatPlatformError",
    }
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let m = module(py)?;
    let cls = m.getattr(class_name(e.kind()))?;
    let kw = PyDict::new(py);
    kw.set_item("kind", e.kind().code())?;
    kw.set_item("status", e.status())?;
    kw.set_item("code", e.server_code())?;
    kw.set_item("description", e.description())?;
    kw.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    kw.set_item("retryable", e.is_retryable())?;
    kw.set_item("field", e.field())?;
    kw.set_item("operation", e.operation())?;
    kw.set_item("timeout", e.is_timeout())?;
    kw.set_item("uncertain", e.is_uncertain())?;
    let inst = cls.call((e.to_string(),), Some(&kw))?;
    Ok(PyErr::from_value(inst))
}

/// Converts a core error (takes the GIL if needed).
pub(crate) fn to_py(e: Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|err| err))
}

/// A Rust panic, reported as the base `ChatPlatformError` instead of aborting.
pub(crate) fn internal(py: Python<'_>, message: &str) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let cls = module(py)?.getattr("ChatPlatformError")?;
        let kw = PyDict::new(py);
        kw.set_item("kind", "INTERNAL")?;
        let inst = cls.call(
            (format!(
                "internal error in the Rust core (please report it): {message}"
            ),),
            Some(&kw),
        )?;
        Ok(PyErr::from_value(inst))
    };
    make().unwrap_or_else(|e| e)
}

/// An error of class `class` (kind code `kind`) raised by the binding itself,
/// e.g. an unusable constructor argument.
pub(crate) fn raise(class: &str, kind: &str, message: String, field: Option<&str>) -> PyErr {
    Python::attach(|py| {
        let make = || -> PyResult<PyErr> {
            let cls = module(py)?.getattr(class)?;
            let kw = PyDict::new(py);
            kw.set_item("kind", kind)?;
            kw.set_item("field", field)?;
            let inst = cls.call((message,), Some(&kw))?;
            Ok(PyErr::from_value(inst))
        };
        make().unwrap_or_else(|e| e)
    })
}
