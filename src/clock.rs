//! Time, behind a trait so tests can move it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A boxed future that sleeps.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The source of time of a client: token expiry, backoff and rate limiting
/// all read it. [`SystemClock`] is the default; [`ManualClock`] lets tests
/// move time by hand.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Waits for `d` (a fake clock may advance itself instead).
    fn sleep(&self, d: Duration) -> Sleep;
}

/// Real time (tokio timers).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn sleep(&self, d: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(d))
    }
}

/// A clock that only moves when told to. `sleep` advances it instantly and
/// records the requested duration, so tests can check backoff without waiting.
#[derive(Debug, Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    base: Instant,
    offset: Duration,
    sleeps: Vec<Duration>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ManualClock {
    /// A clock standing at the current instant.
    pub fn new() -> Self {
        ManualClock {
            inner: Arc::new(Mutex::new(ManualState {
                base: Instant::now(),
                offset: Duration::ZERO,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves time forward.
    pub fn advance(&self, d: Duration) {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).offset += d;
    }

    /// Every duration passed to `sleep` so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .sleeps
            .clone()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let s = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        s.base + s.offset
    }
    fn sleep(&self, d: Duration) -> Sleep {
        {
            let mut s = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            s.offset += d;
            s.sleeps.push(d);
        }
        Box::pin(std::future::ready(()))
    }
}
