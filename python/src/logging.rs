//! The core's `tracing` events, forwarded to Python's `logging` under the
//! `chat_platform` logger. The logger's level is read at most once a second,
//! so disabled levels cost no GIL acquisition on the request path.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chat_platform_support::log::{self, Level, LogSink, Record};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

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

struct PythonLogging;

impl LogSink for PythonLogging {
    fn enabled(&self, level: Level) -> bool {
        if now_ms() >= NEXT_REFRESH_MS.load(Ordering::Relaxed) {
            let _ = Python::try_attach(refresh);
        }
        py_level(&level) >= LEVEL.load(Ordering::Relaxed)
    }

    fn log(&self, record: &Record<'_>) {
        let _ = Python::try_attach(|py| {
            if let Ok(l) = logger(py) {
                let _ = l.call_method1("log", (py_level(&record.level), record.message));
            }
        });
    }
}

/// Installs the bridge (once per process, at import).
pub(crate) fn install(py: Python<'_>) {
    refresh(py);
    log::set_sink(Arc::new(PythonLogging), Level::TRACE);
}
