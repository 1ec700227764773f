//! `for await (const user of client.iterUsers())`: one page in memory at a time.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

struct State {
    pager: core::UserPager,
    buf: VecDeque<core::User>,
    failed: bool,
}

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
    state: Arc<tokio::sync::Mutex<State>>,
}

impl UserIterator {
    pub(crate) fn new(pager: core::UserPager) -> Self {
        UserIterator {
            state: Arc::new(tokio::sync::Mutex::new(State {
                pager,
                buf: VecDeque::new(),
                failed: false,
            })),
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
        let state = self.state.clone();
        async move {
            let mut st = state.lock().await;
            if st.failed {
                return Ok(None);
            }
            loop {
                if let Some(u) = st.buf.pop_front() {
                    return Ok(Some(User(Ok(u))));
                }
                match st.pager.next_page().await {
                    Ok(Some(users)) => st.buf.extend(users),
                    Ok(None) => return Ok(None),
                    Err(e) => {
                        st.failed = true;
                        return Ok(Some(User(Err(e))));
                    }
                }
            }
        }
    }
}
