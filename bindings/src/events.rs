//! Events a service can watch: the core's events handed to a Kotlin or
//! Swift `EventListener` (an [`EventSink`]) as `ClientEvent` records, a
//! batch per call across the FFI.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

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

/// Receives the client's events a batch at a time: what Kotlin's and
/// Swift's `EventListener` implement for you (its `onEvents` hands each
/// event of the batch to `onEvent`), so implement `EventListener`, not this.
/// One call across the FFI per batch, not per event, is what keeps a
/// listener cheap. Events come in order, on a thread of their own, at most
/// a millisecond after each happens (the requests never wait for them);
/// `Client.flushEvents()` waits until every event so far has been
/// received. Return quickly: past 10,000 events waiting, new ones are
/// dropped (with a warning in the log). An exception thrown here is dropped.
#[uniffi::export(with_foreign)]
pub trait EventSink: Send + Sync {
    /// The events since the last call, oldest first.
    fn on_events(&self, events: Vec<ClientEvent>);
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

/// How many events wait for a slow listener at most.
const QUEUE: usize = 10_000;
/// How long the delivery thread lets events gather after the first before
/// it hands them over: a call's events, and those of the calls right after,
/// cross the FFI together.
const LINGER: Duration = Duration::from_millis(1);
/// The most events handed over at once.
const BATCH: usize = 256;

enum Delivery {
    Event(ClientEvent),
    /// Every event before it has been delivered.
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// A foreign listener fed from a thread of its own, so that a request never
/// waits for a call across the FFI.
pub(crate) struct EventQueue {
    /// `None` if the thread could not be started: then events are delivered
    /// on the request's thread.
    tx: Option<SyncSender<Delivery>>,
    listener: Arc<dyn EventSink>,
    dropped: AtomicU64,
}

/// Hands `batch` to the listener; what it throws is dropped (UniFFI makes it a panic here).
fn deliver(to: &dyn EventSink, batch: &mut Vec<ClientEvent>) {
    if !batch.is_empty() {
        let events = std::mem::take(batch);
        let _ = catch_unwind(AssertUnwindSafe(|| to.on_events(events)));
    }
}

/// The delivery thread: waits for an event, sleeps [`LINGER`] so that what
/// follows it gathers without waking it (each wake-up is a context switch
/// the requests pay for on a busy core), then delivers what has come, up to
/// [`BATCH`] at a time; a flush delivers what came before it first.
fn run(rx: Receiver<Delivery>, to: &dyn EventSink) {
    let mut batch = Vec::new();
    while let Ok(first) = rx.recv() {
        std::thread::sleep(LINGER);
        for d in std::iter::once(first).chain(rx.try_iter()) {
            match d {
                Delivery::Event(e) => {
                    batch.push(e);
                    if batch.len() >= BATCH {
                        deliver(to, &mut batch);
                    }
                }
                Delivery::Flush(done) => {
                    deliver(to, &mut batch);
                    let _ = done.send(());
                }
            }
        }
        deliver(to, &mut batch);
    }
}

impl EventQueue {
    /// Starts the delivery thread; it ends when the client (the last sender) is gone.
    pub(crate) fn start(listener: Arc<dyn EventSink>) -> Arc<Self> {
        let (tx, rx) = sync_channel::<Delivery>(QUEUE);
        let to = listener.clone();
        let started = std::thread::Builder::new()
            .name("chat-platform-events".into())
            .spawn(move || run(rx, to.as_ref()));
        if let Err(e) = &started {
            tracing::warn!(error = %e, "could not start the events thread; events are delivered on the requests' threads");
        }
        Arc::new(EventQueue {
            tx: started.ok().map(|_| tx),
            listener,
            dropped: AtomicU64::new(0),
        })
    }

    /// The core hook that queues each event.
    pub(crate) fn hook(self: Arc<Self>) -> core::EventHook {
        Arc::new(move |e: &core::Event| self.push(e.flat().into()))
    }

    fn push(&self, event: ClientEvent) {
        let Some(tx) = &self.tx else {
            deliver(self.listener.as_ref(), &mut vec![event]);
            return;
        };
        if let Err(TrySendError::Full(_)) = tx.try_send(Delivery::Event(event)) {
            let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_power_of_two() {
                tracing::warn!(
                    dropped = n,
                    "the event listener is slower than the client: {n} events dropped so far"
                );
            }
        }
    }

    /// Waits until every event queued before has been delivered.
    pub(crate) async fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done, delivered) = tokio::sync::oneshot::channel();
        if tx.send(Delivery::Flush(done)).is_ok() {
            let _ = delivered.await;
        }
    }
}
