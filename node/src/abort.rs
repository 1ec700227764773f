//! `{ signal }`, the last argument of every operation: an `AbortSignal`
//! that cancels the call in the core (its future is dropped: no further
//! attempt, its budget slot and connection given back) and rejects the
//! Promise at once with an `AbortError`, as `fetch` does.

use std::sync::Mutex;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use tokio::sync::oneshot;

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

/// A signal being listened to: fires `rx` when it aborts; `listening`
/// holds the signal and the listener, to remove it when the call ends.
pub(crate) struct Watch {
    pub(crate) rx: oneshot::Receiver<()>,
    pub(crate) listening: Option<ObjectRef>,
}

/// Reads the options argument of operation `op`: `undefined`, `null`,
/// `{}` or `{ signal }`; anything else is a `TypeError` naming the operation.
pub(crate) fn watch(env: &Env, op: &'static str, options: Unknown<'_>) -> Result<Option<Watch>> {
    let kind = options.get_type()?;
    if matches!(kind, ValueType::Undefined | ValueType::Null) {
        return Ok(None);
    }
    let expected = "an object { signal }";
    if kind != ValueType::Object || options.is_array()? {
        return Err(wrong_type_named(
            env,
            op,
            "options",
            expected,
            &type_of(&options),
        ));
    }
    let obj = unsafe { options.cast::<Object>() }?;
    for key in Object::keys(&obj)? {
        if key != "signal" {
            let hint = if crate::options::near(&key, &["signal"]).is_some() {
                " (did you mean 'signal'?)"
            } else {
                ""
            };
            return Err(wrong_type_named(
                env,
                op,
                "options",
                expected,
                &format!("an object with '{key}'{hint}"),
            ));
        }
    }
    let signal: Unknown = obj.get_named_property("signal")?;
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
    let (tx, rx) = oneshot::channel();
    if signal.get_named_property::<bool>("aborted")? {
        let _ = tx.send(());
        return Ok(Some(Watch {
            rx,
            listening: None,
        }));
    }
    let _ = allow_many_listeners(env, signal);
    let tx = Mutex::new(Some(tx));
    let listener = env.create_function_from_closure("onabort", move |_| {
        if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
            let _ = tx.send(());
        }
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
        rx,
        listening: Some(holder.create_ref()?),
    }))
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
    let op = chat_platform::camel_case(op);
    let build = || -> Result<napi::Error> {
        let mut obj = env.create_error(napi::Error::new(
            Status::GenericFailure,
            format!("{op}: the operation was aborted (its signal fired; nothing more is sent)"),
        ))?;
        obj.set("name", "AbortError")?;
        obj.set("code", "ABORT_ERR")?;
        obj.set("operation", op.as_str())?;
        obj.set("retryable", false)?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}
