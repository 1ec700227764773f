//! `setLogSink`: the core's log events, delivered to a Kotlin or Swift object
//! (the formatting and filtering live in `chat-platform-support`).

use std::sync::Arc;

use chat_platform_support::log::{self, Level, Record};

/// How verbose the library's log is, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Failures the library could not handle.
    Error,
    /// Failures it worked around (a token refresh ahead of expiry failed).
    Warn,
    /// Token grants, retries, throttling waits.
    Info,
    /// Every request with its status, attempt and time.
    Debug,
    /// Everything.
    Trace,
}

impl From<LogLevel> for Level {
    fn from(l: LogLevel) -> Level {
        match l {
            LogLevel::Error => Level::ERROR,
            LogLevel::Warn => Level::WARN,
            LogLevel::Info => Level::INFO,
            LogLevel::Debug => Level::DEBUG,
            LogLevel::Trace => Level::TRACE,
        }
    }
}

impl From<Level> for LogLevel {
    fn from(l: Level) -> LogLevel {
        match l {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            Level::DEBUG => LogLevel::Debug,
            Level::TRACE => LogLevel::Trace,
        }
    }
}

/// One log event of the library. It never holds a secret: the core does not
/// log client secrets, tokens or passwords.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// The event's level.
    pub level: LogLevel,
    /// The Rust module that logged, e.g. `chat_platform::client`.
    pub target: String,
    /// The message and its fields, e.g. `request done op=get_user status=200 ms=1`.
    pub message: String,
}

/// Receives the library's log events. Called on the library's own threads,
/// possibly concurrently: forward to your logger and return quickly. An
/// exception thrown here is dropped with the event.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One event.
    fn log(&self, record: LogRecord);
}

struct Forward(Arc<dyn LogSink>);

impl log::LogSink for Forward {
    fn log(&self, r: &Record<'_>) {
        self.0.log(LogRecord {
            level: r.level.into(),
            target: r.target.to_owned(),
            message: r.message.to_owned(),
        });
    }
}

/// Sends the library's log events at `level` and more severe to `sink`,
/// replacing any sink set before. Returns `false` if another Rust logging
/// subscriber owns the process (nothing is delivered then).
#[uniffi::export]
pub fn set_log_sink(sink: Arc<dyn LogSink>, level: LogLevel) -> bool {
    log::set_sink(Arc::new(Forward(sink)), level.into())
}

/// Stops delivering log events and releases the sink.
#[uniffi::export]
pub fn clear_log_sink() {
    log::clear_sink();
}
