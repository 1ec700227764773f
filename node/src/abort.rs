//! `{ signal }`, the last argument of every operation: an `AbortSignal`
//! that cancels the call in the core (its future is dropped: no further
//! attempt, its budget slot and connection given back) and rejects the
//! Promise at once with an `AbortError`, as `fetch` does.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::future::{select, Either};
use futures_util::{Stream, StreamExt};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use tokio::sync::watch;

use crate::args::{type_of, wrong_type_named};

/// The last argument of every operation: `client.getUser('alice', { signal })`.
// Declares the TypeScript interface only: `watch` reads the object itself
// (napi would let a misspelled key or a wrong type through).
#[napi(object)]
#[allow(dead_code)]
pub struct CallOptions {
    /// Aborts the call: the Promise rejects at once with an `AbortError`
    /// (`err.name === 'AbortError'`) and nothing more is sent (no further
    /// attempt; the connection and the budget slot are given back).
    #[napi(ts_type = "AbortSignal | null")]
    pub signal: Option<Null>,
}

/// A signal being listened to: `fired` turns true when it aborts;
/// `listening` holds the signal and the listener, to remove it when the call
/// ends.
pub(crate) struct Watch {
    pub(crate) fired: Fired,
    pub(crate) listening: Option<ObjectRef>,
}

impl Watch {
    /// The core's way out of a bulk call: resolves when the signal aborts.
    pub(crate) fn until(&self) -> chat_platform::Stop {
        Box::pin(self.fired.clone().wait())
    }
}

/// Whether a watched signal has aborted, readable from any thread.
#[derive(Clone)]
pub(crate) struct Fired(watch::Receiver<bool>);

impl Fired {
    /// Resolves when the signal aborts; never, when it no longer can (its
    /// listener was collected with it).
    pub(crate) async fn wait(mut self) {
        if self.0.wait_for(|fired| *fired).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// Whether the signal has aborted.
    pub(crate) fn is_set(&self) -> bool {
        *self.0.borrow()
    }
}

/// Runs `work` unless `fired` comes first (`None` then: `work` is dropped,
/// which stops it in the core).
pub(crate) async fn unless<T>(fired: Option<Fired>, work: impl Future<Output = T>) -> Option<T> {
    let Some(fired) = fired else {
        return Some(work.await);
    };
    match select(Box::pin(fired.wait()), Box::pin(work)).await {
        Either::Left(((), _)) => None,
        Either::Right((done, _)) => Some(done),
    }
}

/// Reads the options argument of operation `op`: `undefined`, `null`, or
/// an object whose keys are all `known`; anything else is a `TypeError`
/// naming the operation (with the key meant, for a misspelled one).
pub(crate) fn options_object<'a>(
    env: &Env,
    op: &'static str,
    options: Unknown<'a>,
    known: &[&str],
) -> Result<Option<Object<'a>>> {
    let kind = options.get_type()?;
    if matches!(kind, ValueType::Undefined | ValueType::Null) {
        return Ok(None);
    }
    let expected = format!("an object {{ {} }}", known.join(", "));
    if kind != ValueType::Object || options.is_array()? {
        return Err(wrong_type_named(
            env,
            op,
            "options",
            &expected,
            &type_of(&options),
        ));
    }
    let obj = unsafe { options.cast::<Object>() }?;
    for key in Object::keys(&obj)? {
        if !known.contains(&key.as_str()) {
            let hint = match crate::options::near(&key, known) {
                Some(k) => format!(" (did you mean '{k}'?)"),
                None => String::new(),
            };
            return Err(wrong_type_named(
                env,
                op,
                "options",
                &expected,
                &format!("an object with '{key}'{hint}"),
            ));
        }
    }
    Ok(Some(obj))
}

/// Reads the options argument of operation `op`: `undefined`, `null`, `{}`
/// or `{ signal }`; anything else is a `TypeError` naming the operation.
pub(crate) fn watch(env: &Env, op: &'static str, options: Unknown<'_>) -> Result<Option<Watch>> {
    match options_object(env, op, options, &["signal"])? {
        None => Ok(None),
        Some(obj) => watch_signal(env, op, obj.get_named_property("signal")?),
    }
}

/// Listens to `signal` (`undefined` or `null`: none) for operation `op`;
/// anything but an `AbortSignal` is a `TypeError` naming the operation.
pub(crate) fn watch_signal(
    env: &Env,
    op: &'static str,
    signal: Unknown<'_>,
) -> Result<Option<Watch>> {
    if matches!(signal.get_type()?, ValueType::Undefined | ValueType::Null) {
        return Ok(None);
    }
    let is_signal = signal.get_type()? == ValueType::Object && {
        let s = unsafe { signal.cast::<Object>() }?;
        let aborted: Unknown = s.get_named_property("aborted")?;
        let add: Unknown = s.get_named_property("addEventListener")?;
        aborted.get_type()? == ValueType::Boolean && add.get_type()? == ValueType::Function
    };
    if !is_signal {
        return Err(wrong_type_named(
            env,
            op,
            "signal",
            "an AbortSignal",
            &type_of(&signal),
        ));
    }
    let signal = unsafe { signal.cast::<Object>() }?;
    if signal.get_named_property::<bool>("aborted")? {
        let (_, rx) = watch::channel(true);
        return Ok(Some(Watch {
            fired: Fired(rx),
            listening: None,
        }));
    }
    let _ = allow_many_listeners(env, signal);
    let (tx, rx) = watch::channel(false);
    let listener = env.create_function_from_closure("onabort", move |_| {
        tx.send_replace(true);
        Ok(())
    })?;
    let mut once = Object::new(env)?;
    once.set("once", true)?;
    let add: Function<FnArgs<Listen>, ()> = signal.get_named_property("addEventListener")?;
    add.apply(signal, FnArgs::from(("abort", listener, once)))?;
    let mut holder = Object::new(env)?;
    holder.set("signal", signal)?;
    holder.set("listener", listener)?;
    Ok(Some(Watch {
        fired: Fired(rx),
        listening: Some(holder.create_ref()?),
    }))
}

/// Removes an iterator's listener from its signal, from any thread (the
/// iterator has no `Env` when it ends or is collected): once, when the
/// iteration ends, or when the iterator is dropped.
pub(crate) struct Remover(std::sync::Mutex<Option<RemoveFn>>);

/// `() => signal.removeEventListener('abort', listener)`, callable from any
/// thread; weak: it does not keep the process alive.
type RemoveFn = ThreadsafeFunction<(), (), (), Status, false, true>;

impl Remover {
    /// The remover of `listening` (which it releases).
    pub(crate) fn new(env: &Env, listening: ObjectRef) -> Result<Remover> {
        let holder = listening.get_value(env)?;
        let signal: Object = holder.get_named_property("signal")?;
        let listener: Unknown = holder.get_named_property("listener")?;
        let bind: Function<FnArgs<(Object, Unknown)>, Function<(), ()>> = env.run_script(
            "(signal, listener) => () => signal.removeEventListener('abort', listener)",
        )?;
        let remove = bind.call(FnArgs::from((signal, listener)))?;
        listening.unref(env)?;
        let remove = remove
            .build_threadsafe_function()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        Ok(Remover(std::sync::Mutex::new(Some(remove))))
    }

    /// Removes the listener (the first call; later ones do nothing).
    pub(crate) fn remove(&self) {
        if let Some(f) = self.0.lock().ok().and_then(|mut f| f.take()) {
            f.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

impl Drop for Remover {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A stream an async iterator pulls from, under the iterator's signal:
/// once the signal aborts, the pending (or next) `next()` rejects with an
/// `AbortError` and the stream is dropped, its requests in flight with it
/// (nothing more is sent); every later `next()` is done. The listener is
/// removed when the stream ends, aborts, or the iterator is collected.
pub(crate) struct Watched<S> {
    stream: Arc<tokio::sync::Mutex<Option<Pin<Box<S>>>>>,
    fired: Option<Fired>,
    remover: Option<Arc<Remover>>,
    op: &'static str,
}

/// What a watched stream's `next()` got: an item, or the abort of `op`.
pub(crate) enum Pulled<T> {
    Item(T),
    Aborted(&'static str),
}

impl<T> Pulled<T> {
    /// The item converted, or the `AbortError` (on the JavaScript thread).
    pub(crate) fn item(self, env: &Env) -> Result<T> {
        match self {
            Pulled::Item(t) => Ok(t),
            Pulled::Aborted(op) => Err(abort_error(env, op)),
        }
    }
}

impl<S: Stream + Send + 'static> Watched<S> {
    /// `stream`, pulled by iterator `op`, under `watch`'s signal (if any).
    pub(crate) fn new(
        env: &Env,
        op: &'static str,
        stream: S,
        watch: Option<Watch>,
    ) -> Result<Self> {
        let (fired, remover) = match watch {
            None => (None, None),
            Some(w) => {
                let remover = match w.listening {
                    Some(l) => Some(Arc::new(Remover::new(env, l)?)),
                    None => None,
                };
                (Some(w.fired), remover)
            }
        };
        Ok(Watched {
            stream: Arc::new(tokio::sync::Mutex::new(Some(Box::pin(stream)))),
            fired,
            remover,
            op,
        })
    }

    /// The next item (`None` at the end), or the abort.
    pub(crate) fn next(&self) -> impl Future<Output = Option<Pulled<S::Item>>> + Send + 'static
    where
        S::Item: Send,
    {
        let (stream, fired) = (self.stream.clone(), self.fired.clone());
        let (remover, op) = (self.remover.clone(), self.op);
        async move {
            let mut guard = stream.lock().await;
            let s = guard.as_mut()?;
            let last = match unless(fired, s.next()).await {
                Some(Some(item)) => return Some(Pulled::Item(item)),
                Some(None) => None,
                None => Some(Pulled::Aborted(op)),
            };
            // Ended or aborted: the stream goes (its requests with it), and
            // the listener.
            *guard = None;
            if let Some(r) = remover {
                r.remove();
            }
            last
        }
    }
}

/// As undici's `fetch` does: one signal shared by many calls at once would
/// warn of a leak at its eleventh listener (each call removes its own when
/// it ends). Left alone when its limit was set, or on a Node without
/// `process.getBuiltinModule`.
fn allow_many_listeners(env: &Env, signal: Object) -> Result<()> {
    let process: Object = env.get_global()?.get_named_property("process")?;
    let get: Unknown = process.get_named_property("getBuiltinModule")?;
    if get.get_type()? != ValueType::Function {
        return Ok(());
    }
    let get: Function<&str, Object> = process.get_named_property("getBuiltinModule")?;
    let events = get.apply(process, "events")?;
    let get_max: Function<Object, f64> = events.get_named_property("getMaxListeners")?;
    let default: f64 = events.get_named_property("defaultMaxListeners")?;
    if get_max.call(signal)? == default {
        let set: Function<FnArgs<(u32, Object)>, ()> =
            events.get_named_property("setMaxListeners")?;
        set.call(FnArgs::from((1500, signal)))?;
    }
    Ok(())
}

/// `addEventListener`'s arguments: the event, the listener, `{ once: true }`.
type Listen<'a> = (&'a str, Function<'a, (), ()>, Object<'a>);

/// Stops listening: the listener removed from the signal, the reference dropped.
pub(crate) fn stop(env: &Env, listening: ObjectRef) -> Result<()> {
    let holder = listening.get_value(env)?;
    let signal: Object = holder.get_named_property("signal")?;
    let listener: Unknown = holder.get_named_property("listener")?;
    let remove: Function<FnArgs<(&str, Unknown)>, ()> =
        signal.get_named_property("removeEventListener")?;
    let removed = remove.apply(signal, FnArgs::from(("abort", listener)));
    listening.unref(env)?;
    removed
}

/// The error an aborted call rejects with: `name` `'AbortError'` and `code`
/// `'ABORT_ERR'`, as Node's own aborted operations have.
pub(crate) fn abort_error(env: &Env, op: &'static str) -> napi::Error {
    match abort_error_object(env, op) {
        Ok(obj) => napi::Error::from(obj.to_unknown()),
        Err(e) => e,
    }
}

/// [`abort_error`] as an object, to attach what was done before the abort.
pub(crate) fn abort_error_object<'env>(env: &'env Env, op: &'static str) -> Result<Object<'env>> {
    let op = chat_platform::camel_case(op);
    let mut obj = env.create_error(napi::Error::new(
        Status::GenericFailure,
        format!("{op}: the operation was aborted (its signal fired; nothing more is sent)"),
    ))?;
    obj.set("name", "AbortError")?;
    obj.set("code", "ABORT_ERR")?;
    obj.set("operation", op.as_str())?;
    obj.set("retryable", false)?;
    Ok(obj)
}
