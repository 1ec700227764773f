//! Events a service can watch: the core's events handed to a Kotlin or
//! Swift `EventListener` as `ClientEvent` records.

use std::sync::Arc;

use chat_platform as core;

/// An HTTP attempt or a whole call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum EventKind {
    /// An HTTP attempt ended: answered, refused or lost.
    Attempt,
    /// A call ended, after all its attempts.
    Call,
}

/// One thing the client did, as an `EventListener` receives it. Never a
/// user name or a secret: `route` is the path with each argument as its
/// name (`/users/{username}`). Times in milliseconds.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ClientEvent {
    /// An attempt or a call.
    pub kind: EventKind,
    /// The operation, as the core names it (`get_user`; the app token's fetches are `fetch_token`).
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The path after `/{org}/{app}`, each argument as its name.
    pub route: String,
    /// An attempt's number (1 for the first); for a call, the attempts made.
    pub attempt: i32,
    /// The HTTP status, when the service answered.
    pub status: Option<i32>,
    /// The service's error code (`service_resource_not_found`), when it gave one.
    pub server_code: Option<String>,
    /// The error's kind (`NOT_FOUND`, `RATE_LIMITED`, ...) when it failed.
    pub error: Option<String>,
    /// An attempt: from sending to the answer; a call: all of it, waits included.
    pub duration_ms: f64,
    /// An attempt: waited for a slot of the rate budget; a call: waited its
    /// turn, for the budget and for the app token.
    pub queued_ms: f64,
    /// An attempt: whether another follows.
    pub retry: bool,
    /// Why it is retried: `throttled`, `server_error`, `timeout`, `transport`, `token_rejected`.
    pub retry_reason: Option<String>,
    /// The wait before the next attempt.
    pub retry_after_ms: Option<f64>,
}

/// Receives a `ClientEvent` for each HTTP attempt and each call of the
/// client it was given to. Called on the library's own threads, as the work
/// goes on: record and return quickly. An exception thrown here is dropped.
#[uniffi::export(with_foreign)]
pub trait EventListener: Send + Sync {
    /// One event.
    fn on_event(&self, event: ClientEvent);
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl From<core::events::Flat> for ClientEvent {
    fn from(e: core::events::Flat) -> Self {
        ClientEvent {
            kind: if e.kind == "call" {
                EventKind::Call
            } else {
                EventKind::Attempt
            },
            operation: e.operation.into(),
            method: e.method.into(),
            route: e.route.into(),
            attempt: i32::try_from(e.attempt).unwrap_or(i32::MAX),
            status: e.status.map(i32::from),
            server_code: e.server_code,
            error: e.error.map(Into::into),
            duration_ms: ms(e.duration),
            queued_ms: ms(e.queued),
            retry: e.retry.is_some(),
            retry_reason: e.retry.map(|r| r.reason.name().into()),
            retry_after_ms: e.retry.map(|r| ms(r.after)),
        }
    }
}

/// The core hook that hands each event to `listener`.
pub(crate) fn hook(listener: Arc<dyn EventListener>) -> core::EventHook {
    Arc::new(move |e: &core::Event| {
        listener.on_event(e.flat().into());
    })
}
