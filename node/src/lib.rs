//! Node bindings of chat-platform (npm package `chat-platform`). Each file is
//! one concern; every behaviour lives in the core crate.

#![deny(clippy::all)]
// napi-rs registers the exports only outside `cfg(test)`, so a test build
// (clippy --all-targets) sees them as unused.
#![cfg_attr(test, allow(dead_code))]

mod abort;
mod api;
mod args;
mod bulk;
mod cli;
mod client;
mod emulator;
mod errors;
mod events;
mod iter;
mod logging;
mod options;
mod records;
mod runtime;
mod source;

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Rejects with a Rust panic turned into an `Error` (code `INTERNAL`); tests only.
#[napi(js_name = "_debugPanic")]
pub fn debug_panic(env: &Env) -> Result<PromiseRaw<'_, u32>> {
    runtime::promise(env, async {
        if std::hint::black_box(true) {
            panic!("forced panic for a test");
        }
        Ok(0)
    })
}
