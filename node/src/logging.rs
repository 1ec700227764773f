//! `setLogSink` / `clearLogSink` (the names Kotlin and Swift use): the core's
//! log events, delivered to a JS function on the JS thread (the formatting
//! and filtering live in `chat-platform-support`).

use std::sync::Arc;

use chat_platform_support::log::{self, LogSink, Record};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

/// One log event of the library. It never holds a secret: the core does not
/// log client secrets, tokens or passwords.
#[napi(object)]
pub struct LogRecord {
    /// How serious it is.
    #[napi(ts_type = "'error' | 'warn' | 'info' | 'debug' | 'trace'")]
    pub level: String,
    /// The Rust module that logged, e.g. `chat_platform::client`.
    pub target: String,
    /// The message and its fields, e.g. `request done op=get_user status=200 ms=1`.
    pub message: String,
}

/// Does not keep the event loop alive; queues without blocking the core.
type Callback = ThreadsafeFunction<LogRecord, (), LogRecord, Status, false, true>;

struct JsLogger(Callback);

impl LogSink for JsLogger {
    fn log(&self, r: &Record<'_>) {
        let record = LogRecord {
            level: log::level_name(r.level).to_owned(),
            target: r.target.to_owned(),
            message: r.message.to_owned(),
        };
        self.0.call(record, ThreadsafeFunctionCallMode::NonBlocking);
    }
}

/// Sends the library's log events at `level` (default `'info'`) and more
/// severe to `sink`, called on the JS thread with one `LogRecord`; `null`
/// stops logging, like `clearLogSink()`. Events: token grants and refreshes (`info`), each request
/// with its status and time (`debug`), retries (`info`). Returns `false` if
/// another Rust logging subscriber owns the process (nothing is delivered).
///
/// ```js
/// setLogSink((r) => console.error(`[chat-platform] ${r.level} ${r.message}`), 'debug')
/// ```
#[napi(js_name = "setLogSink")]
pub fn set_log_sink(
    #[napi(ts_arg_type = "((record: LogRecord) => void) | null")] sink: Option<
        Function<'_, LogRecord, ()>,
    >,
    #[napi(ts_arg_type = "'error' | 'warn' | 'info' | 'debug' | 'trace'")] level: Option<String>,
) -> Result<bool> {
    let level = log::level_from_name(level.as_deref().unwrap_or("info"))
        .map_err(|m| Error::new(Status::InvalidArg, format!("`level`: {m}")))?;
    let Some(f) = sink else {
        log::clear_sink();
        return Ok(true);
    };
    let tsfn: Callback = f
        .build_threadsafe_function()
        .callee_handled::<false>()
        .weak::<true>()
        .build()?;
    Ok(log::set_sink(Arc::new(JsLogger(tsfn)), level))
}

/// Stops delivering log events and releases the sink.
#[napi(js_name = "clearLogSink")]
pub fn clear_log_sink() {
    log::clear_sink();
}
