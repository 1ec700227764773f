//! The operations, one file per resource as in the core's `src/api/`: each
//! declared once in an `operations!` table (a camelCase method returning a
//! Promise, `{ signal }` last), with the lazy iterators and bulk forms
//! beside them.

/// Declares each operation once: its TypeScript arguments, its Rust
/// arguments (converted with errors naming the operation and the argument,
/// see `args::FromArg`) and the core call; every one becomes a camelCase
/// method returning a Promise. (Docs are `#[doc = "..."]`: `///` comments
/// passed through a macro reach napi as raw strings, which it would print
/// with their `r"` prefix.)
macro_rules! operations {
    ($(
        $(#[doc = $doc:tt])*
        fn $name:ident($ts:tt $(, $ts_ret:tt)?) ($($arg:ident: $ty:ty),*) -> $ret:ty {
            $c:ident => $body:expr
        }
    )*) => {
        #[napi]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[napi(ts_args_type = $ts $(, ts_return_type = $ts_ret)?)]
                #[allow(clippy::too_many_arguments)]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    $($arg: Unknown<'env>,)*
                    options: Unknown<'env>,
                ) -> Result<PromiseRaw<'env, $ret>> {
                    // A left-out argument arrives as `undefined` (napi would
                    // turn `null` into `None` for an `Option`, hiding it).
                    $(let $arg: $ty = args::FromArg::from_arg(env, stringify!($name), stringify!($arg), Some($arg))?;)*
                    let watch = crate::abort::watch(env, stringify!($name), options)?;
                    let $c = self.core.clone();
                    runtime::promise_watched(env, stringify!($name), watch, async move { $body })
                }
            )*
        }
    };
}

/// What the operation tables use.
mod prelude {
    pub(crate) use chat_platform as core;
    pub(crate) use napi::bindgen_prelude::*;
    pub(crate) use napi_derive::napi;

    pub(crate) use crate::args;
    pub(crate) use crate::bulk::*;
    pub(crate) use crate::client::Client;
    pub(crate) use crate::errors::to_js;
    pub(crate) use crate::iter::{ContactIterator, MuteIterator, UserIterator};
    pub(crate) use crate::records::*;
    pub(crate) use crate::runtime;
    pub(crate) use crate::source::Input;
}

mod account;
mod attributes;
mod blocks;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;
