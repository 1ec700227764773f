//! Events a service can watch: the core's events handed to a Kotlin or
//! Swift `EventListener` as `ClientEvent` records.

use std::sync::Arc;

use chat_platform as core;
use core::events::{AttemptEvent, CallEvent};

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

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl ClientEvent {
    fn attempt(a: &AttemptEvent) -> Self {
        ClientEvent {
            kind: EventKind::Attempt,
            operation: a.operation.into(),
            method: a.method.into(),
            route: a.route.into(),
            attempt: count(a.attempt),
            status: a.status.map(i32::from),
            server_code: a.server_code.clone(),
            error: a.error.map(|k| k.code().into()),
            duration_ms: ms(a.duration),
            queued_ms: ms(a.budget_wait),
            retry: a.retry.is_some(),
            retry_reason: a.retry.map(|r| r.reason.name().into()),
            retry_after_ms: a.retry.map(|r| ms(r.after)),
        }
    }

    fn call(c: &CallEvent) -> Self {
        ClientEvent {
            kind: EventKind::Call,
            operation: c.operation.into(),
            method: c.method.into(),
            route: c.route.into(),
            attempt: count(c.attempts),
            status: c.status.map(i32::from),
            server_code: c.server_code.clone(),
            error: c.error.map(|k| k.code().into()),
            duration_ms: ms(c.duration),
            queued_ms: ms(c.queued),
            retry: false,
            retry_reason: None,
            retry_after_ms: None,
        }
    }
}

/// The core hook that hands each event to `listener`.
pub(crate) fn hook(listener: Arc<dyn EventListener>) -> core::EventHook {
    Arc::new(move |e: &core::Event| {
        let event = match e {
            core::Event::Attempt(a) => ClientEvent::attempt(a),
            core::Event::Call(c) => ClientEvent::call(c),
            _ => return,
        };
        listener.on_event(event);
    })
}
