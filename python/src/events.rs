//! `on_event`: the core's events handed to a Python callable as `Event`s.

use std::sync::Arc;

use chat_platform as core;
use pyo3::prelude::*;

use crate::args;

/// One thing the client did: an HTTP attempt (`kind == "attempt"`) or a
/// whole call (`kind == "call"`), as `on_event` receives it. Never a user
/// name or a secret: `route` is the path with each argument as its name
/// (`/users/{username}`). Times in seconds.
#[pyclass(name = "Event", module = "chat_platform", frozen, get_all)]
pub struct PyEvent {
    /// `"attempt"` or `"call"`.
    kind: &'static str,
    /// The operation (`"get_user"`; the app token's fetches are `"fetch_token"`).
    operation: &'static str,
    /// The HTTP method.
    method: &'static str,
    /// The path after `/{org}/{app}`, each argument as its name.
    route: &'static str,
    /// An attempt's number (1 for the first); for a call, the attempts made.
    attempt: u32,
    /// The HTTP status, when the service answered.
    status: Option<u16>,
    /// The service's error code (`"service_resource_not_found"`), when it gave one.
    server_code: Option<String>,
    /// The error's kind (`"NOT_FOUND"`, `"RATE_LIMITED"`, ...) when it failed.
    error: Option<&'static str>,
    /// An attempt: from sending to the answer; a call: all of it, waits included.
    duration: f64,
    /// An attempt: waited for a slot of the rate budget; a call: waited its
    /// turn, for the budget and for the app token.
    queued: f64,
    /// An attempt: whether another follows.
    retry: bool,
    /// Why it is retried (`"throttled"`, `"server_error"`, `"timeout"`,
    /// `"transport"`, `"token_rejected"`).
    retry_reason: Option<&'static str>,
    /// The wait before the next attempt.
    retry_after: Option<f64>,
}

#[pymethods]
impl PyEvent {
    fn __repr__(&self) -> String {
        let status = self.status.map_or("None".into(), |s| s.to_string());
        format!(
            "Event(kind={:?}, operation={:?}, method={:?}, route={:?}, attempt={}, status={status}, \
             error={:?}, duration={:.4}, retry={})",
            self.kind,
            self.operation,
            self.method,
            self.route,
            self.attempt,
            self.error.unwrap_or("None"),
            self.duration,
            if self.retry { "True" } else { "False" }
        )
    }
}

impl From<core::events::Flat> for PyEvent {
    fn from(e: core::events::Flat) -> Self {
        PyEvent {
            kind: e.kind,
            operation: e.operation,
            method: e.method,
            route: e.route,
            attempt: e.attempt,
            status: e.status,
            server_code: e.server_code,
            error: e.error,
            duration: e.duration.as_secs_f64(),
            queued: e.queued.as_secs_f64(),
            retry: e.retry.is_some(),
            retry_reason: e.retry.map(|r| r.reason.name()),
            retry_after: e.retry.map(|r| r.after.as_secs_f64()),
        }
    }
}

/// The core hook that calls `on_event` (checked callable here, named in
/// the `TypeError` otherwise). What it raises goes to
/// `sys.unraisablehook`, as for any callback Python cannot raise into.
pub(crate) fn hook(
    op: &str,
    on_event: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<core::EventHook>> {
    let Some(f) = on_event.filter(|f| !f.is_none()) else {
        return Ok(None);
    };
    if !f.is_callable() {
        return Err(args::wrong_type(
            op,
            "on_event",
            "a callable taking an Event, or None",
            &f,
        ));
    }
    let f = f.unbind();
    Ok(Some(Arc::new(move |e: &core::Event| {
        let event = PyEvent::from(e.flat());
        Python::attach(|py| {
            if let Err(err) = Py::new(py, event).and_then(|ev| f.call1(py, (ev,))) {
                err.write_unraisable(py, Some(f.bind(py)));
            }
        });
    })))
}
