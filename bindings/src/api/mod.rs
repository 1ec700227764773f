//! The operations, one file per resource as in the core's `src/api/`: each
//! declared once in an `operations!` table (a Kotlin `suspend fun`, a Swift
//! `async throws` method), with the pagers and bulk streams beside them.

use chat_platform as core;

/// Declares each operation once: its arguments (UniFFI types), defaults,
/// and the core call, run as a guarded task; every one becomes a Kotlin
/// `suspend fun` and a Swift `async throws` method.
macro_rules! operations {
    ($(
        $(#[doc = $doc:tt])*
        $(#[default($($def:tt)*)])?
        fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty { $c:ident => $body:expr }
    )*) => {
        #[uniffi::export]
        impl Client {
            $(
                $(#[doc = $doc])*
                $(#[uniffi::method(default($($def)*))])?
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$ret, ChatPlatformError> {
                    let $c = self.core.clone();
                    guarded(async move { $body }).await
                }
            )*
        }
    };
}

/// Seconds from Kotlin or Swift (`ttlSeconds`), at most 2^31 - 1.
pub(crate) fn range(
    op: &'static str,
    field: &str,
    v: Option<i32>,
    min: u32,
    max: u32,
) -> core::Result<Option<u32>> {
    v.map(|x| core::validate::range_arg(op, field, x.into(), min, max))
        .transpose()
}

/// What the operation tables use.
mod prelude {
    pub(crate) use std::collections::HashMap;
    pub(crate) use std::sync::Arc;

    pub(crate) use chat_platform as core;

    pub(crate) use super::range;
    pub(crate) use crate::bulk::*;
    pub(crate) use crate::client::{guarded, Client};
    pub(crate) use crate::error::ChatPlatformError;
    pub(crate) use crate::paging::{ContactPager, MutePager, UserPager};
    pub(crate) use crate::records::*;
    pub(crate) use crate::stop::{until, StopSignal};
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
