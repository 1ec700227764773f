//! Core futures as JS Promises, with rich errors, panics caught, and an
//! `AbortSignal` that cancels them.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use napi::bindgen_prelude::*;

use crate::abort::{self, Watch};
use crate::errors;

/// Runs a core call on napi's tokio runtime and settles a Promise with its result.
pub(crate) fn promise<'env, T, F>(env: &'env Env, fut: F) -> Result<PromiseRaw<'env, T>>
where
    F: Future<Output = chat_platform::Result<T>> + Send + 'static,
    T: ToNapiValue + Send + 'static,
{
    promise_watched(env, "", None, fut)
}

enum Outcome<T> {
    Done(std::thread::Result<chat_platform::Result<T>>),
    Aborted,
}

/// Runs a core call of operation `op` on napi's tokio runtime and settles a
/// Promise with its result, or rejects it with an `AbortError` when `watch`'s
/// signal aborts first (the call is dropped then).
pub(crate) fn promise_watched<'env, T, F>(
    env: &'env Env,
    op: &'static str,
    watch: Option<Watch>,
    fut: F,
) -> Result<PromiseRaw<'env, T>>
where
    F: Future<Output = chat_platform::Result<T>> + Send + 'static,
    T: ToNapiValue + Send + 'static,
{
    let (fired, listening) = match watch {
        Some(w) => (Some(w.fired), w.listening),
        None => (None, None),
    };
    env.spawn_future_with_callback(
        async move {
            let call = AssertUnwindSafe(fut).catch_unwind();
            Ok(match abort::unless(fired, call).await {
                Some(done) => Outcome::Done(done),
                None => Outcome::Aborted,
            })
        },
        move |env, outcome| {
            if let Some(l) = listening {
                let _ = abort::stop(env, l);
            }
            match outcome {
                Outcome::Done(Ok(Ok(v))) => Ok(v),
                Outcome::Done(Ok(Err(e))) => Err(errors::to_js(env, &e)),
                Outcome::Done(Err(p)) => Err(errors::internal(
                    env,
                    &chat_platform_support::panic_message(p.as_ref()),
                )),
                Outcome::Aborted => Err(abort::abort_error(env, op)),
            }
        },
    )
}
