//! The log bridge: the core's `tracing` events (targets `chat_platform*`),
//! formatted once and handed to a [`LogSink`] that a binding implements on
//! top of its language's logger (Python `logging`, a JS callback, a Kotlin or
//! Swift object).
//!
//! The bridge becomes the process's global `tracing` subscriber the first
//! time a sink is set; later calls replace the sink or its level. Until then
//! (and after [`clear_sink`]) events cost one atomic load.

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

pub use tracing::Level;

/// One event of the core, formatted: the message followed by its fields as
/// ` key=value` pairs. Secrets never reach it: the core does not log them.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub level: Level,
    /// The module that logged, e.g. `chat_platform::client`.
    pub target: &'a str,
    pub message: &'a str,
}

/// A host-language logger.
pub trait LogSink: Send + Sync + 'static {
    /// Whether events at `level` are wanted now; asked before formatting, for
    /// events at or below the level given to [`set_sink`].
    fn enabled(&self, level: Level) -> bool {
        let _ = level;
        true
    }
    /// Receives one event, on whichever thread the core logged it. A panic
    /// here is caught and the event dropped.
    fn log(&self, record: &Record<'_>);
}

/// Parses a level name as the bindings accept it: `error`, `warn`, `info`,
/// `debug` or `trace` (any case).
pub fn level_from_name(name: &str) -> Result<Level, String> {
    match name.to_ascii_lowercase().as_str() {
        "error" => Ok(Level::ERROR),
        "warn" | "warning" => Ok(Level::WARN),
        "info" => Ok(Level::INFO),
        "debug" => Ok(Level::DEBUG),
        "trace" => Ok(Level::TRACE),
        _ => Err(format!(
            "unknown log level {name:?}: error, warn, info, debug or trace"
        )),
    }
}

/// The lower-case name of `level` (`"debug"`), the inverse of [`level_from_name`].
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::ERROR => "error",
        Level::WARN => "warn",
        Level::INFO => "info",
        Level::DEBUG => "debug",
        Level::TRACE => "trace",
    }
}

const OFF: u8 = 0;

fn rank(level: Level) -> u8 {
    match level {
        Level::ERROR => 1,
        Level::WARN => 2,
        Level::INFO => 3,
        Level::DEBUG => 4,
        Level::TRACE => 5,
    }
}

static SINK: RwLock<Option<Arc<dyn LogSink>>> = RwLock::new(None);
static MAX: AtomicU8 = AtomicU8::new(OFF);
static INSTALLED: OnceLock<bool> = OnceLock::new();

thread_local! {
    /// Set while a sink runs, so events it causes are not fed back to it.
    static IN_SINK: Cell<bool> = const { Cell::new(false) };
}

/// Sends the core's events at `max` and more severe to `sink`, replacing any
/// sink set before. Returns `false` if another global `tracing` subscriber
/// was installed first (the host process's own), in which case the events go
/// there instead and the sink receives nothing.
pub fn set_sink(sink: Arc<dyn LogSink>, max: Level) -> bool {
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = Some(sink);
    MAX.store(rank(max), Ordering::Release);
    *INSTALLED.get_or_init(|| {
        tracing_subscriber::registry()
            .with(Bridge)
            .try_init()
            .is_ok()
    })
}

/// Stops forwarding events and drops the sink.
pub fn clear_sink() {
    MAX.store(OFF, Ordering::Release);
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = None;
}

fn wanted(meta: &Metadata<'_>) -> bool {
    meta.target().starts_with("chat_platform") && rank(*meta.level()) <= MAX.load(Ordering::Acquire)
}

struct Bridge;

impl<S: Subscriber> Layer<S> for Bridge {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.target().starts_with("chat_platform") {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        wanted(meta)
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        if !wanted(meta) || IN_SINK.with(Cell::get) {
            return;
        }
        let Some(sink) = SINK.read().unwrap_or_else(|e| e.into_inner()).clone() else {
            return;
        };
        if !sink.enabled(*meta.level()) {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        let message = text.message + &text.fields;
        let record = Record {
            level: *meta.level(),
            target: meta.target(),
            message: &message,
        };
        IN_SINK.with(|f| f.set(true));
        let _ = catch_unwind(AssertUnwindSafe(|| sink.log(&record)));
        IN_SINK.with(|f| f.set(false));
    }
}

#[derive(Default)]
struct Text {
    message: String,
    fields: String,
}

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Collect(Mutex<Vec<(Level, String, String)>>);

    impl LogSink for Collect {
        fn log(&self, r: &Record<'_>) {
            if r.message.contains("boom") {
                panic!("a sink that panics");
            }
            self.0
                .lock()
                .unwrap()
                .push((r.level, r.target.to_owned(), r.message.to_owned()));
        }
    }

    #[test]
    fn level_names_round_trip() {
        for l in [
            Level::ERROR,
            Level::WARN,
            Level::INFO,
            Level::DEBUG,
            Level::TRACE,
        ] {
            assert_eq!(level_from_name(level_name(l)), Ok(l));
            assert_eq!(level_from_name(&level_name(l).to_uppercase()), Ok(l));
        }
        let e = level_from_name("verbose").unwrap_err();
        assert!(e.contains("\"verbose\"") && e.contains("trace"), "{e}");
    }

    // One test: the sink is process-global.
    #[test]
    fn forwards_core_events_at_the_level_set_and_survives_a_panicking_sink() {
        let sink = Arc::new(Collect::default());
        assert!(set_sink(sink.clone(), Level::DEBUG));
        tracing::debug!(target: "chat_platform::client", op = "get_user", status = 200u16, "request done");
        tracing::trace!(target: "chat_platform::client", "too verbose");
        tracing::error!(target: "hyper::proto", "not ours");
        tracing::warn!(target: "chat_platform::auth", "boom");
        tracing::info!(target: "chat_platform::auth", "after the panic");
        let got = sink.0.lock().unwrap().clone();
        assert_eq!(
            got,
            vec![
                (
                    Level::DEBUG,
                    "chat_platform::client".into(),
                    "request done op=get_user status=200".into()
                ),
                (
                    Level::INFO,
                    "chat_platform::auth".into(),
                    "after the panic".into()
                ),
            ]
        );
        set_sink(sink.clone(), Level::TRACE);
        tracing::trace!(target: "chat_platform::client", "now wanted");
        clear_sink();
        tracing::error!(target: "chat_platform::client", "after clear");
        let got = sink.0.lock().unwrap().clone();
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].2, "now wanted");
    }
}
