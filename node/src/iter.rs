//! `for await (const x of client.iterUsers())` (and `iterMutes`,
//! `iterContacts`) over the core's lazy streams: one page in memory at a
//! time, `{ signal }` last.

use std::future::Future;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::abort::{Pulled, Watch, Watched};

/// An async iterator class over a core stream of `$core` items, each turned
/// into the plain object `$js`. The item wrapper is named as the object so
/// the generated TypeScript says `AsyncGenerator<$item>`; an error is thrown
/// as the rich JS error on the JS thread, when the value is converted.
macro_rules! item_iterator {
    ($(#[doc = $doc:tt])* $name:ident, $module:ident, $item:ident, $stream:ty, $core:ty, $js:ty) => {
        mod $module {
            use super::*;

            /// The next item, the error that ended the iteration, or its abort.
            pub struct $item(pub(crate) Pulled<std::result::Result<$core, core::Error>>);

            impl ToNapiValue for $item {
                unsafe fn to_napi_value(
                    env: napi::sys::napi_env,
                    val: Self,
                ) -> Result<napi::sys::napi_value> {
                    let env_ = Env::from_raw(env);
                    match val.0.item(&env_)? {
                        Ok(u) => ToNapiValue::to_napi_value(env, <$js>::from(u)),
                        Err(e) => Err(crate::errors::to_js(&env_, &e)),
                    }
                }
            }
        }

        $(#[doc = $doc])*
        #[napi(async_iterator)]
        pub struct $name {
            stream: Watched<$stream>,
        }

        impl $name {
            /// Iterator `op` over `stream`, under `watch`'s signal (if any).
            pub(crate) fn new(env: &Env, op: &'static str, stream: $stream, watch: Option<Watch>) -> Result<Self> {
                Ok($name {
                    stream: Watched::new(env, op, stream, watch)?,
                })
            }
        }

        #[napi]
        impl AsyncGenerator for $name {
            type Yield = $module::$item;
            type Next = ();
            type Return = ();

            fn next(
                &mut self,
                _value: Option<()>,
            ) -> impl Future<Output = Result<Option<$module::$item>>> + Send + 'static {
                let next = self.stream.next();
                // The stream ends after yielding an error, so `for await` stops there.
                async move { Ok(next.await.map($module::$item)) }
            }
        }
    };
}

item_iterator!(
    #[doc = " An async iterator over every user."]
    UserIterator,
    user_item,
    User,
    core::UserStream,
    core::User,
    crate::records::User
);
item_iterator!(
    #[doc = " An async iterator over every muted user (one entry per chat type)."]
    MuteIterator,
    mute_item,
    MuteEntry,
    core::ItemStream<core::MuteEntry>,
    core::MuteEntry,
    crate::records::MuteEntry
);
item_iterator!(
    #[doc = " An async iterator over a user's contacts, with remarks."]
    ContactIterator,
    contact_item,
    Contact,
    core::ItemStream<core::Contact>,
    core::Contact,
    crate::records::Contact
);
