//! Stopping a bulk call rather than dropping it: what Kotlin's coroutine
//! cancellation and Swift's `Task` cancellation of `registerUsers`,
//! `usersStatus` and `usersAttributes` fire, so the call ends at once with
//! what was answered before (dropped, it would lose it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chat_platform as core;

/// Stops the bulk call it is given to (`registerUsersUntil`, ...): the
/// requests in flight are dropped, nothing more is sent, and the call
/// returns what was answered before. Kotlin's `registerUsers` and Swift's
/// `registerUsers(users:)` fire one when their coroutine or `Task` is
/// cancelled; call these forms directly only to stop a call some other way.
#[derive(Debug, Default, uniffi::Object)]
pub struct StopSignal {
    fired: AtomicBool,
    notify: tokio::sync::Notify,
}

#[uniffi::export]
impl StopSignal {
    /// A signal not fired yet.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(StopSignal::default())
    }

    /// Stops the call (once; again does nothing).
    pub fn stop(&self) {
        self.fired.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether `stop` was called.
    pub fn is_stopped(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }
}

/// What the core's bulk collector watches: resolves once `stop` is called
/// (never, without a signal).
pub(crate) fn until(signal: Option<Arc<StopSignal>>) -> Option<core::Stop> {
    let s = signal?;
    Some(Box::pin(async move {
        loop {
            // Registered before the check: a `stop` in between still wakes it.
            let woken = s.notify.notified();
            if s.is_stopped() {
                return;
            }
            woken.await;
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    #[test]
    fn until_resolves_once_stopped_and_not_before() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            let s = StopSignal::new();
            let mut fut = until(Some(s.clone())).expect("a signal gives a future");
            assert!(fut.as_mut().now_or_never().is_none(), "not stopped yet");
            s.stop();
            tokio::time::timeout(std::time::Duration::from_secs(1), fut)
                .await
                .expect("resolves after stop");
            // Stopped before anyone waits: resolves at once.
            assert!(until(Some(s)).expect("a future").now_or_never().is_some());
            assert!(until(None).is_none());
        });
    }
}
