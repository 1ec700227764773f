//! `onEvent`: the core's events handed to a JS function as `ClientEvent`s,
//! on the JS thread, without blocking the core.

use std::sync::Arc;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

/// One thing the client did: an HTTP attempt (`kind: 'attempt'`) or a whole
/// call (`kind: 'call'`), as `onEvent` receives it. Never a user name or a
/// secret: `route` is the path with each argument as its name
/// (`/users/{username}`). Times in milliseconds.
#[napi(object)]
pub struct ClientEvent {
    /// An HTTP attempt or a whole call.
    #[napi(ts_type = "'attempt' | 'call'")]
    pub kind: String,
    /// The operation, as the core names it (`get_user`; the app token's fetches are `fetch_token`).
    pub operation: String,
    /// The HTTP method.
    pub method: String,
    /// The path after `/{org}/{app}`, each argument as its name.
    pub route: String,
    /// An attempt's number (1 for the first); for a call, the attempts made.
    pub attempt: u32,
    /// The HTTP status, when the service answered.
    pub status: Option<u32>,
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
    /// Why it is retried.
    #[napi(ts_type = "'throttled' | 'server_error' | 'timeout' | 'transport' | 'token_rejected'")]
    pub retry_reason: Option<String>,
    /// The wait before the next attempt.
    pub retry_after_ms: Option<f64>,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl From<core::events::Flat> for ClientEvent {
    fn from(e: core::events::Flat) -> Self {
        ClientEvent {
            kind: e.kind.into(),
            operation: e.operation.into(),
            method: e.method.into(),
            route: e.route.into(),
            attempt: e.attempt,
            status: e.status.map(u32::from),
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

/// Does not keep the event loop alive; queues without blocking the core.
type Callback = ThreadsafeFunction<ClientEvent, (), ClientEvent, Status, false, true>;

/// The core hook that queues each event to `f` on the JS thread.
pub(crate) fn hook(env: &Env, f: &FunctionRef<ClientEvent, ()>) -> Result<core::EventHook> {
    let tsfn: Callback = f
        .borrow_back(env)?
        .build_threadsafe_function()
        .callee_handled::<false>()
        .weak::<true>()
        .build()?;
    Ok(Arc::new(move |e: &core::Event| {
        tsfn.call(e.flat().into(), ThreadsafeFunctionCallMode::NonBlocking);
    }))
}
