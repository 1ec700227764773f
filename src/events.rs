//! What the client does, for a hook set on it ([`crate::ClientBuilder::on_event`]):
//! one [`Event::Attempt`] per HTTP attempt and one [`Event::Call`] per call
//! (the app token's fetches included, as operation `fetch_token`). What to
//! feed OpenTelemetry, Prometheus or a log pipeline. An event never holds a
//! user name, a password or a token: the path is its route
//! (`/users/{username}`), the error its kind and the service's code.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, ErrorKind};

/// Called with every event, on the thread that does the work, before the
/// call goes on: keep it short (count, record, hand over). A hook that
/// panics is ignored.
pub type EventHook = Arc<dyn Fn(&Event) + Send + Sync>;

/// One thing the client did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// An HTTP attempt ended: answered, refused or lost.
    Attempt(AttemptEvent),
    /// A call ended, after all its attempts.
    Call(CallEvent),
}

/// An HTTP attempt that ended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AttemptEvent {
    /// The operation (`get_user`, `fetch_token`, ...).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path after `/{org}/{app}`, each argument as its name.
    pub route: &'static str,
    /// 1 for the first attempt of the call.
    pub attempt: u32,
    /// The HTTP status, when the service answered.
    pub status: Option<u16>,
    /// The service's error code (`service_resource_not_found`), when it gave one.
    pub server_code: Option<String>,
    /// What went wrong, when the attempt failed.
    pub error: Option<ErrorKind>,
    /// From sending the request to its answer (or its failure).
    pub duration: Duration,
    /// How long the attempt waited for a slot of the rate budget before it was sent.
    pub budget_wait: Duration,
    /// Whether another attempt follows, why and after how long.
    pub retry: Option<Retry>,
}

/// Why an attempt is followed by another, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Retry {
    /// Why.
    pub reason: RetryReason,
    /// The wait before the next attempt (the service's `Retry-After`, the
    /// backoff, or none).
    pub after: Duration,
}

/// Why an attempt is tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryReason {
    /// The service throttled it (429).
    Throttled,
    /// The service failed (5xx).
    ServerError,
    /// No answer in time.
    Timeout,
    /// The connection failed or was dropped.
    Transport,
    /// The service rejected the app token: a new one, and the same attempt again.
    TokenRejected,
}

impl RetryReason {
    /// The reason as a stable lowercase name (`throttled`, `server_error`, ...).
    pub fn name(self) -> &'static str {
        match self {
            RetryReason::Throttled => "throttled",
            RetryReason::ServerError => "server_error",
            RetryReason::Timeout => "timeout",
            RetryReason::Transport => "transport",
            RetryReason::TokenRejected => "token_rejected",
        }
    }

    /// Why an attempt that failed with `e` is retried.
    pub(crate) fn of(e: &Error) -> Self {
        match e.kind() {
            ErrorKind::RateLimited => RetryReason::Throttled,
            ErrorKind::Transport if e.is_timeout() => RetryReason::Timeout,
            ErrorKind::Transport => RetryReason::Transport,
            _ => RetryReason::ServerError,
        }
    }
}

/// A call that ended.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CallEvent {
    /// The operation (`get_user`, `fetch_token`, ...).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path after `/{org}/{app}`, each argument as its name.
    pub route: &'static str,
    /// HTTP attempts made.
    pub attempts: u32,
    /// The whole call, waits included.
    pub duration: Duration,
    /// How long it waited its turn: for slots of the rate budget and for the app token.
    pub queued: Duration,
    /// The status of the last answer, if any.
    pub status: Option<u16>,
    /// The service's error code of a failed call, when it gave one.
    pub server_code: Option<String>,
    /// What went wrong, when the call failed.
    pub error: Option<ErrorKind>,
}

/// Any event as one flat record (what the bindings hand their languages):
/// an attempt's or a call's fields side by side.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Flat {
    /// `attempt` or `call`.
    pub kind: &'static str,
    /// The operation.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The route.
    pub route: &'static str,
    /// An attempt's number; for a call, the attempts made.
    pub attempt: u32,
    /// The HTTP status, when the service answered.
    pub status: Option<u16>,
    /// The service's error code.
    pub server_code: Option<String>,
    /// The error's kind as its stable code (`NOT_FOUND`), when it failed.
    pub error: Option<&'static str>,
    /// An attempt: from sending to the answer; a call: all of it.
    pub duration: Duration,
    /// An attempt: its wait for the budget; a call: its waits for the budget and the token.
    pub queued: Duration,
    /// An attempt: whether, why and after how long another follows.
    pub retry: Option<Retry>,
}

impl Event {
    /// The event as one [`Flat`] record.
    pub fn flat(&self) -> Flat {
        match self {
            Event::Attempt(a) => Flat {
                kind: "attempt",
                operation: a.operation,
                method: a.method,
                route: a.route,
                attempt: a.attempt,
                status: a.status,
                server_code: a.server_code.clone(),
                error: a.error.map(ErrorKind::code),
                duration: a.duration,
                queued: a.budget_wait,
                retry: a.retry,
            },
            Event::Call(c) => Flat {
                kind: "call",
                operation: c.operation,
                method: c.method,
                route: c.route,
                attempt: c.attempts,
                status: c.status,
                server_code: c.server_code.clone(),
                error: c.error.map(ErrorKind::code),
                duration: c.duration,
                queued: c.queued,
                retry: None,
            },
        }
    }
}

/// Calls `hook` with `event`, a panic in it caught and dropped.
pub(crate) fn emit(hook: &EventHook, event: Event) {
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| hook(&event)));
}
