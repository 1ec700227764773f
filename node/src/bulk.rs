//! Bulk operations from JavaScript: arrays, or lazy sources (iterables and
//! async iterables, read an item at a time through their iterator), with the
//! results as an async iterator of batches and progress as a callback. The
//! core does the work (`register_users_stream`, `users_status_stream` and
//! their reports); this file adapts JavaScript's iteration protocols to it.

use std::future::Future;

use chat_platform as core;
use futures_util::stream::{BoxStream, StreamExt};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;

use crate::abort::{self, Pulled, Watch, Watched};
use crate::args;
use crate::errors::to_js;
use crate::records::{ItemFailure, User, UserAttributes, UserPresence};
pub(crate) use crate::source::{names_input, users_input, Thrown};

/// How far a bulk operation has got.
#[napi(object)]
#[derive(Clone)]
pub struct Progress {
    /// Input items handled so far.
    pub done: f64,
    /// All the input items, when known (an array, or `total` given).
    pub total: Option<f64>,
    /// Items that succeeded (users created, names answered).
    pub succeeded: f64,
    /// Items that failed.
    pub failed: f64,
    /// Milliseconds since the operation started.
    pub elapsed: f64,
}

impl From<core::Progress> for Progress {
    fn from(p: core::Progress) -> Self {
        Progress {
            done: p.done as f64,
            total: p.total.map(|t| t as f64),
            succeeded: p.succeeded as f64,
            failed: p.failed as f64,
            elapsed: p.elapsed.as_secs_f64() * 1000.0,
        }
    }
}

/// Why one request of a bulk operation failed: what a rejected call's
/// `Error` carries, as a plain object.
#[napi(object)]
pub struct BatchError {
    /// The stable error code (`RATE_LIMITED`, `TRANSPORT`, ...).
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// The HTTP status, when the service answered.
    pub status: Option<u32>,
    /// The service's `error` code.
    pub server_code: Option<String>,
    /// Whether trying again later may succeed.
    pub retryable: bool,
    /// True when the request may have taken effect (an attempt got no answer).
    pub uncertain: bool,
}

impl From<core::Error> for BatchError {
    fn from(e: core::Error) -> Self {
        BatchError {
            code: e.kind().code().to_owned(),
            message: e.to_string_camel_case(),
            status: e.status().map(u32::from),
            server_code: e.server_code().map(str::to_owned),
            retryable: e.is_retryable(),
            uncertain: e.is_uncertain(),
        }
    }
}

/// Declares the batch of one bulk operation: the core's one `Batch`, its
/// items under the name this kind of item goes by.
macro_rules! batch_record {
    ($doc:literal, $name:ident { $items:ident: $js:ty = $core:ty, $itemdoc:literal }) => {
        #[doc = $doc]
        #[napi(object)]
        pub struct $name {
            /// The input index of the batch's first item.
            pub first_index: f64,
            /// How many input items the batch holds.
            pub count: u32,
            #[doc = $itemdoc]
            pub $items: Vec<$js>,
            /// The items not done, each with its reason and input index.
            pub failed: Vec<ItemFailure>,
            /// Why the request failed as a whole, if it did (its items are
            /// then all in `failed`).
            pub error: Option<BatchError>,
            /// The whole operation's progress after this batch.
            pub progress: Progress,
        }

        impl From<core::Batch<$core>> for $name {
            fn from(b: core::Batch<$core>) -> Self {
                $name {
                    first_index: b.first_index as f64,
                    count: b.count as u32,
                    $items: b.items.into_iter().map(<$js>::from).collect(),
                    failed: b.failed.into_iter().map(ItemFailure::from).collect(),
                    error: b.error.map(BatchError::from),
                    progress: b.progress.into(),
                }
            }
        }
    };
}

batch_record!(
    "One request's worth of a bulk registration, as it came back.",
    RegisterBatch { created: User = core::User, "Users created, in input order." }
);
batch_record!(
    "One request's worth of a bulk presence query, as it came back.",
    StatusBatch { presences: UserPresence = core::UserPresence, "Their presence, in input order." }
);
batch_record!(
    "One request's worth of a bulk attribute query, as it came back.",
    AttributesBatch { users: UserAttributes = core::UserAttributes, "Each user's attributes, in input order." }
);

/// A batch of any bulk operation.
#[napi]
pub type Batch = Either3<RegisterBatch, StatusBatch, AttributesBatch>;

/// An input item `registerUsers` did not register (an `ItemFailure`).
#[allow(dead_code)] // a name for TypeScript only
#[napi]
pub type RegisterFailure = ItemFailure;

/// An input item `setPushNicknames` did not set (an `ItemFailure`).
#[allow(dead_code)] // a name for TypeScript only
#[napi]
pub type PushNicknameFailure = ItemFailure;

/// Options of the bulk operations. (Declares the TypeScript interface:
/// [`bulk_options`] reads the object itself, refusing a misspelled key.)
#[napi(object, object_to_js = false)]
#[allow(dead_code)]
pub struct BulkOptions {
    /// The number of input items, when a lazy source knows it (sets `progress.total`).
    pub total: Option<f64>,
    /// Called after each batch with the progress so far, one call at a time
    /// (the latest progress when calls pile up), all before the Promise
    /// settles. If it throws, it is not called again, the work goes on, and
    /// the Promise then rejects with what it threw (`report` or `presences`
    /// attached).
    #[napi(ts_type = "(progress: Progress) => void")]
    pub on_progress: Option<ProgressFn>,
    /// Aborts the call: the requests in flight are dropped and nothing more
    /// is sent. A bulk call then rejects at once with an `AbortError`
    /// carrying what was answered before (`report`, `presences` or `users`);
    /// a stream's pending `next()` rejects with it, and the stream ends.
    #[napi(ts_type = "AbortSignal | null")]
    pub signal: Option<Null>,
}

/// `onProgress`: called on the JavaScript thread from the work's thread.
pub(crate) type ProgressFn = ThreadsafeFunction<Progress, (), Progress, Status, false, true>;

/// A bulk call's options, read: `{ total, onProgress, signal }`.
#[derive(Default)]
pub(crate) struct Bulk {
    pub(crate) total: Option<u64>,
    pub(crate) on_progress: Option<ProgressFn>,
    pub(crate) watch: Option<Watch>,
}

/// Reads the options argument of bulk operation `op` (`undefined`, `null` or
/// a `BulkOptions`): a wrong type or an unknown key is a `TypeError` naming
/// the operation.
pub(crate) fn bulk_options(env: &Env, op: &'static str, options: Unknown<'_>) -> Result<Bulk> {
    let Some(obj) = abort::options_object(env, op, options, &["total", "onProgress", "signal"])?
    else {
        return Ok(Bulk::default());
    };
    let total: Unknown = obj.get_named_property("total")?;
    let total = args::opt_integer(env, op, "total", Some(total))?;
    let total = core::validate::total_arg(op, total).map_err(|e| to_js(env, &e))?;
    let f: Unknown = obj.get_named_property("onProgress")?;
    let on_progress = match f.get_type()? {
        ValueType::Undefined | ValueType::Null => None,
        ValueType::Function => Some(unsafe { ProgressFn::from_napi_value(env.raw(), f.raw())? }),
        _ => return Err(args::wrong_type(env, op, "onProgress", "a function", &f)),
    };
    let watch = abort::watch_signal(env, op, obj.get_named_property("signal")?)?;
    Ok(Bulk {
        total,
        on_progress,
        watch,
    })
}

/// `onProgress` (if given) as the core's progress callback, and the task
/// that calls it: one call at a time, each run to its end before the next
/// (progress that piled up while JavaScript was busy is coalesced to the
/// latest), every call run before the operation settles. The first exception
/// it throws is kept in `threw` and it is not called again: a broken progress
/// bar neither stops the work nor crashes the process.
pub(crate) fn progress_calls(
    cb: Option<ProgressFn>,
    threw: Thrown,
) -> (
    impl FnMut(&core::Progress) + Send,
    impl Future<Output = ()> + Send,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<core::Progress>();
    let on_progress = move |p: &core::Progress| {
        let _ = tx.send(*p);
    };
    let calls = async move {
        while let Some(mut p) = rx.recv().await {
            while let Ok(later) = rx.try_recv() {
                p = later;
            }
            let Some(f) = &cb else { continue };
            if let Err(e) = f.call_async_catch(Progress::from(p)).await {
                threw.keep(e);
                break;
            }
        }
    };
    (on_progress, calls)
}

/// The core's progress callback, as [`run_bulk`] hands it to the work.
pub(crate) type OnProgress = Box<dyn FnMut(&core::Progress) + Send>;

/// Runs bulk operation `op` on `input` as `work` says (given the input, the
/// progress callback that calls `onProgress`, and the stop an abort fires)
/// and settles its Promise with what `finish` makes of the outcome (see
/// [`settle`]: `property` holds the work done when it rejects).
pub(crate) fn run_bulk<'env, I, R, T, Fut>(
    env: &'env Env,
    op_property: (&'static str, &'static str),
    input: crate::source::Input<I>,
    opts: Bulk,
    work: impl FnOnce(crate::source::Input<I>, OnProgress, Option<core::Stop>) -> Fut,
    finish: impl FnOnce(R) -> (T, Option<core::Error>) + Send + 'static,
) -> Result<PromiseRaw<'env, T>>
where
    Fut: Future<Output = R> + Send + 'static,
    R: Send,
    T: ToNapiValue + Send + 'static,
{
    let progress_threw = Thrown::default();
    let (on_progress, calls) = progress_calls(opts.on_progress, progress_threw.clone());
    let until = opts.watch.as_ref().map(|w| w.until());
    let threw = (input.thrown.clone(), progress_threw);
    let work = work(input, Box::new(on_progress), until);
    settle(env, op_property, threw, opts.watch, async move {
        let (outcome, ()) = futures_util::join!(work, calls);
        finish(outcome)
    })
}

/// Settles a Promise with the outcome of bulk operation `op`; when the
/// source failed, the rejection is the core's error with the work done
/// attached as `property` and what the source threw as `cause`. When only
/// `onProgress` threw, the work is done and the rejection is what it threw,
/// with the work attached as `property` (when it is an object). When the
/// signal of `watch` aborted (the core stopped at once, see `until`), the
/// rejection is an `AbortError` with what was answered before as `property`.
pub(crate) fn settle<'env, T, F>(
    env: &'env Env,
    (op, property): (&'static str, &'static str),
    (thrown, progress_threw): (Thrown, Thrown),
    watch: Option<Watch>,
    fut: F,
) -> Result<PromiseRaw<'env, T>>
where
    F: Future<Output = (T, Option<core::Error>)> + Send + 'static,
    T: ToNapiValue + Send + 'static,
{
    env.spawn_future_with_callback(
        async move { Ok(fut.await) },
        move |env, (value, failure)| {
            if let Some(w) = watch {
                if let Some(l) = w.listening {
                    let _ = abort::stop(env, l);
                }
                if w.fired.is_set() {
                    let mut obj = abort::abort_error_object(env, op)?;
                    obj.set(property, value)?;
                    return Err(napi::Error::from(obj.to_unknown()));
                }
            }
            match failure {
                None => match progress_threw.take() {
                    None => Ok(value),
                    Some(e) => {
                        // What was thrown, verbatim when it is an object (an
                        // `Error`); a thrown primitive becomes an `Error`.
                        let reason = e.reason.clone();
                        let threw = unsafe {
                            let raw = napi::Error::to_napi_value(env.raw(), e)?;
                            Unknown::from_raw_unchecked(env.raw(), raw)
                        };
                        let mut obj = if threw.get_type()? == ValueType::Object {
                            unsafe { threw.cast::<Object>()? }
                        } else {
                            env.create_error(napi::Error::from_reason(format!(
                                "onProgress threw a value that is not an Error: {reason}"
                            )))?
                        };
                        obj.set(property, value)?;
                        Err(napi::Error::from(obj.to_unknown()))
                    }
                },
                Some(e) => {
                    let mut obj = crate::errors::error_object(env, &e)?;
                    obj.set(property, value)?;
                    if let Some(cause) = thrown.take() {
                        obj.set("cause", cause)?;
                    }
                    Err(napi::Error::from(obj.to_unknown()))
                }
            }
        },
    )
}

mod yielded {
    use super::*;

    /// A batch of any bulk operation, converted to its JavaScript object on
    /// the JS thread; or the error that ended the operation (thrown as the
    /// rich JS error, with what the source threw as `cause`), or its abort.
    /// Named as the TypeScript type it becomes.
    pub struct Batch(
        pub(crate) Pulled<std::result::Result<super::Batch, (core::Error, Option<napi::Error>)>>,
    );

    impl ToNapiValue for Batch {
        unsafe fn to_napi_value(
            env: napi::sys::napi_env,
            val: Self,
        ) -> Result<napi::sys::napi_value> {
            let env_ = Env::from_raw(env);
            match val.0.item(&env_)? {
                Ok(b) => ToNapiValue::to_napi_value(env, b),
                Err((e, cause)) => Err(crate::errors::to_js_caused(&env_, &e, cause)),
            }
        }
    }
}

type Batches = BoxStream<'static, core::Result<Batch>>;

/// The batches of a bulk operation (`registerUsersStream`,
/// `usersStatusStream`, `usersAttributesStream`), as they arrive:
/// `for await (const batch of ...)`. With a signal, an abort rejects the
/// pending `next()` with an `AbortError` and ends the stream, its requests
/// in flight dropped.
#[napi(async_iterator)]
pub struct BatchIterator {
    stream: Watched<Batches>,
    thrown: Thrown,
}

impl BatchIterator {
    pub(crate) fn new<T, B>(
        env: &Env,
        (op, watch): (&'static str, Option<Watch>),
        s: impl futures_util::Stream<Item = core::Result<core::Batch<T>>> + Send + 'static,
        thrown: Thrown,
        wrap: fn(B) -> Batch,
    ) -> Result<Self>
    where
        B: From<core::Batch<T>> + 'static,
    {
        let s = s.map(move |r| r.map(|b| wrap(B::from(b)))).boxed();
        Ok(BatchIterator {
            stream: Watched::new(env, op, s, watch)?,
            thrown,
        })
    }
}

#[napi]
impl AsyncGenerator for BatchIterator {
    type Yield = yielded::Batch;
    type Next = ();
    type Return = ();

    fn next(
        &mut self,
        _value: Option<()>,
    ) -> impl Future<Output = Result<Option<yielded::Batch>>> + Send + 'static {
        let (next, thrown) = (self.stream.next(), self.thrown.clone());
        async move {
            Ok(next.await.map(|pulled| {
                yielded::Batch(match pulled {
                    Pulled::Item(r) => Pulled::Item(r.map_err(|e| (e, thrown.take()))),
                    Pulled::Aborted(op) => Pulled::Aborted(op),
                })
            }))
        }
    }
}

/// A list-in, list-out bulk call's answer: the items, and the first error
/// (a failed request's, else the source's).
pub(crate) fn items<T, J: From<T>>(c: core::Collected<T>) -> (Vec<J>, Option<core::Error>) {
    let failure = c.request_error.or(c.source_error);
    (c.items.into_iter().map(J::from).collect(), failure)
}

/// The attribute names of `usersAttributes`, checked before anything is read.
pub(crate) fn attribute_keys(env: &Env, keys: Unknown<'_>) -> Result<Vec<String>> {
    const OP: &str = "users_attributes";
    let keys: Vec<String> = args::FromArg::from_arg(env, OP, "keys", Some(keys))?;
    core::validate::attribute_keys("keys", &keys).map_err(|e| to_js(env, &e.with_operation(OP)))?;
    Ok(keys)
}
