//! Where a bulk operation's items come from: an array, read and checked
//! whole, or a lazy source (an iterable or async iterable, read an item at
//! a time through its iterator on the JavaScript thread).

use std::sync::Arc;

use chat_platform as core;
use futures_util::stream::{self, BoxStream, StreamExt};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunction;

use crate::args;
use crate::errors::to_js;

/// An item of a lazy source, converted on the JavaScript thread; `Err` says
/// what is wrong with it (the caller adds the operation and the index).
trait SourceItem: Sized + Send + 'static {
    fn read(value: Unknown<'_>) -> std::result::Result<Self, String>;
}

impl SourceItem for core::NewUser {
    fn read(value: Unknown<'_>) -> std::result::Result<Self, String> {
        args::user_fields(value)
    }
}

impl SourceItem for String {
    fn read(value: Unknown<'_>) -> std::result::Result<Self, String> {
        args::string_value(value)
            .ok_or_else(|| format!(" must be a string, not {}", args::type_of(&value)))
    }
}

/// One step of a source's iterator (`{ value, done }`). A step that is not
/// done carries an item or why it is not one: `null`, `undefined` or a wrong
/// type ends the source with an error, never silently.
enum Step<T> {
    Done,
    Item(T),
    Wrong(String),
}

impl<T: SourceItem> FromNapiValue for Step<T> {
    unsafe fn from_napi_value(env: napi::sys::napi_env, v: napi::sys::napi_value) -> Result<Self> {
        let obj = unsafe { Object::from_napi_value(env, v)? };
        if obj.get::<bool>("done")?.unwrap_or(false) {
            return Ok(Step::Done);
        }
        let value: Unknown = obj.get_named_property("value")?;
        Ok(match T::read(value) {
            Ok(item) => Step::Item(item),
            Err(why) => Step::Wrong(why),
        })
    }
}

/// Calls an iterator's `next()` from any thread; the JS side awaits it, so
/// sync and async iterators look alike.
type Next<S> = ThreadsafeFunction<(), Promise<S>, (), Status, false>;

/// The `next` of `source`'s async iterator (or of its sync iterator,
/// wrapped so that it returns a Promise).
fn iterator_next<S: FromNapiValue + 'static>(
    env: &Env,
    op: &str,
    name: &str,
    source: &Unknown<'_>,
) -> Result<Next<S>> {
    let expected = "an array, an iterable or an async iterable";
    if source.get_type()? != ValueType::Object {
        return Err(args::wrong_type(env, op, name, expected, source));
    }
    let adapt: Function<Unknown, Function<(), Unknown>> = env.run_script(
        "(source) => { \
           const it = typeof source[Symbol.asyncIterator] === 'function' ? source[Symbol.asyncIterator]() \
             : typeof source[Symbol.iterator] === 'function' ? source[Symbol.iterator]() : null; \
           if (it === null) return null; \
           return async () => it.next(); }",
    )?;
    let next: Unknown = adapt.call(*source)?.to_unknown();
    if next.get_type()? != ValueType::Function {
        return Err(args::wrong_type(env, op, name, expected, source));
    }
    let next: Function<(), Promise<S>> = unsafe { next.cast()? };
    next.build_threadsafe_function()
        .callee_handled::<false>()
        .build()
}

/// The JavaScript error a lazy source threw, kept to be the `cause` of the
/// error the operation ends with.
pub(crate) type Thrown = chat_platform_support::FirstError<napi::Error>;

/// Reads a lazy source an item at a time; a rejected `next()`, or an item
/// that does not convert, ends it with the source's error (what it threw is
/// kept in `thrown`).
fn lazy<T: SourceItem>(
    op: &'static str,
    next: Next<Step<T>>,
    thrown: Thrown,
) -> BoxStream<'static, core::Result<T>> {
    let next = Arc::new(next);
    stream::unfold((Some(next), 0u64), move |(next, i)| {
        let thrown = thrown.clone();
        async move {
            let n = next?;
            let step = match n.call_async(()).await {
                Ok(p) => p.await,
                Err(e) => Err(e),
            };
            let failed =
                |detail: String| Some((Err(core::Error::source_failed(op, detail)), (None, i)));
            match step {
                Ok(Step::Done) => None,
                Ok(Step::Item(v)) => Some((Ok(v), (Some(n), i + 1))),
                Ok(Step::Wrong(why)) => failed(format!("item {i}{why}")),
                Err(e) => {
                    let detail = format!("item {i}: {}", e.reason);
                    thrown.keep(e);
                    failed(detail)
                }
            }
        }
    })
    .boxed()
}

pub(crate) struct Input<T> {
    pub(crate) items: BoxStream<'static, core::Result<T>>,
    pub(crate) total: Option<u64>,
    pub(crate) thrown: Thrown,
}

pub(crate) fn users_input(
    env: &Env,
    core: &core::Client,
    users: Unknown<'_>,
    total: Option<u64>,
) -> Result<Input<core::NewUser>> {
    const OP: &str = "register_users";
    if users.is_array()? {
        let list = args::new_users(env, OP, users)?;
        core.check_new_users(&list).map_err(|e| to_js(env, &e))?;
        let n = list.len() as u64;
        return Ok(Input {
            items: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
            thrown: Thrown::default(),
        });
    }
    let next = iterator_next::<Step<core::NewUser>>(env, OP, "users", &users)?;
    let thrown = Thrown::default();
    Ok(Input {
        items: lazy(OP, next, thrown.clone()),
        total,
        thrown,
    })
}

pub(crate) fn names_input(
    env: &Env,
    op: &'static str,
    names: Unknown<'_>,
    total: Option<u64>,
) -> Result<Input<String>> {
    if names.is_array()? {
        let list = args::strings(env, op, "usernames", names)?;
        core::validate::usernames("usernames", &list, 0, None)
            .map_err(|e| to_js(env, &e.with_operation(op)))?;
        let n = list.len() as u64;
        return Ok(Input {
            items: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
            thrown: Thrown::default(),
        });
    }
    let next = iterator_next::<Step<String>>(env, op, "usernames", &names)?;
    let thrown = Thrown::default();
    Ok(Input {
        items: lazy(op, next, thrown.clone()),
        total,
        thrown,
    })
}
