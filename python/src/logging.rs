//! The core's `tracing` events, forwarded to Python's `logging` under the
//! `chat_platform` logger. The logger's level is read at most once a second,
//! so disabled levels cost no GIL acquisition on the request path.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static LEVEL: AtomicU8 = AtomicU8::new(30);
static NEXT_REFRESH_MS: AtomicU64 = AtomicU64::new(0);

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn py_level(l: &Level) -> u8 {
    match *l {
        Level::TRACE => 5,
        Level::DEBUG => 10,
        Level::INFO => 20,
        Level::WARN => 30,
        Level::ERROR => 40,
    }
}

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || {
            Ok(py
                .import("logging")?
                .call_method1("getLogger", ("chat_platform",))?
                .unbind())
        })
        .map(|l| l.bind(py))
}

/// Reads the logger's effective level now (called with the GIL held).
pub(crate) fn refresh(py: Python<'_>) {
    if let Ok(l) = logger(py) {
        if let Ok(level) = l
            .call_method0("getEffectiveLevel")
            .and_then(|v| v.extract::<u8>())
        {
            LEVEL.store(level, Ordering::Relaxed);
        }
    }
    NEXT_REFRESH_MS.store(now_ms() + 1000, Ordering::Relaxed);
}

#[derive(Default)]
struct Message {
    text: String,
    fields: String,
}

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.text, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.text.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }
}

struct PythonLogging;

impl<S: Subscriber> Layer<S> for PythonLogging {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if !event.metadata().target().starts_with("chat_platform") {
            return;
        }
        let level = py_level(event.metadata().level());
        if now_ms() >= NEXT_REFRESH_MS.load(Ordering::Relaxed) {
            let _ = Python::try_attach(refresh);
        }
        if level < LEVEL.load(Ordering::Relaxed) {
            return;
        }
        let mut m = Message::default();
        event.record(&mut m);
        let line = format!("{}{}", m.text, m.fields);
        let _ = Python::try_attach(|py| {
            if let Ok(l) = logger(py) {
                let _ = l.call_method1("log", (level, line));
            }
        });
    }
}

/// Installs the bridge as the global `tracing` subscriber (once per process).
pub(crate) fn install(py: Python<'_>) {
    refresh(py);
    let _ = tracing_subscriber::registry()
        .with(PythonLogging)
        .try_init();
}
