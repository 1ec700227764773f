//! Core futures as JS Promises, with rich errors and panics caught.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use napi::bindgen_prelude::*;

use crate::errors;

/// Runs a core call on napi's tokio runtime and settles a Promise with its result.
pub(crate) fn promise<'env, T, F>(env: &'env Env, fut: F) -> Result<PromiseRaw<'env, T>>
where
    F: Future<Output = chat_platform::Result<T>> + Send + 'static,
    T: ToNapiValue + Send + 'static,
{
    env.spawn_future_with_callback(
        async move { Ok(AssertUnwindSafe(fut).catch_unwind().await) },
        |env, outcome| match outcome {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(errors::to_js(env, &e)),
            Err(p) => Err(errors::internal(
                env,
                &chat_platform_support::panic_message(p.as_ref()),
            )),
        },
    )
}
