//! `for await (const user of client.iterUsers())` over the core's `UserStream`:
//! one page in memory at a time.

use std::future::Future;
use std::sync::Arc;

use chat_platform as core;
use futures_util::StreamExt;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The next item: a user, or the error that ended the iteration. Named `User`
/// so the generated TypeScript says `AsyncGenerator<User>`; an error is thrown
/// as the rich JS error on the JS thread, when the value is converted.
pub struct User(std::result::Result<core::User, core::Error>);

impl ToNapiValue for User {
    unsafe fn to_napi_value(env: napi::sys::napi_env, val: Self) -> Result<napi::sys::napi_value> {
        match val.0 {
            Ok(u) => ToNapiValue::to_napi_value(env, crate::types::User::from(u)),
            Err(e) => Err(crate::errors::to_js(&Env::from_raw(env), &e)),
        }
    }
}

/// An async iterator over every user.
#[napi(async_iterator)]
pub struct UserIterator {
    stream: Arc<tokio::sync::Mutex<core::UserStream>>,
}

impl UserIterator {
    pub(crate) fn new(stream: core::UserStream) -> Self {
        UserIterator {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
        }
    }
}

#[napi]
impl AsyncGenerator for UserIterator {
    type Yield = User;
    type Next = ();
    type Return = ();

    fn next(
        &mut self,
        _value: Option<()>,
    ) -> impl Future<Output = Result<Option<User>>> + Send + 'static {
        let stream = self.stream.clone();
        // The stream ends after yielding an error, so `for await` stops there.
        async move { Ok(stream.lock().await.next().await.map(User)) }
    }
}
