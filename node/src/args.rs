//! Operation arguments as JavaScript passes them, converted with errors that
//! name the operation and the argument: a `TypeError` for a wrong type
//! (``getUser: `username` must be a string, not null``) and the core's rules
//! for numbers (``setNoDisturb: invalid `startHour`: must be an hour 0-23
//! (got -1)``, code `INVALID_INPUT`).

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi::JsTypeError;

/// How a value's type reads in an error (`null`, `undefined`, `number`, ...).
fn type_of(v: &Unknown<'_>) -> String {
    match v.get_type() {
        Ok(ValueType::Null) => "null".into(),
        Ok(ValueType::Undefined) => "undefined".into(),
        Ok(ValueType::Object) if v.is_array().unwrap_or(false) => "an array".into(),
        Ok(t) => format!("a {}", t.to_string().to_lowercase()),
        Err(_) => "an unknown value".into(),
    }
}

/// A `TypeError` with code `INVALID_INPUT` and the `operation` and `field`
/// properties, as the core's invalid-input errors have.
pub(crate) fn wrong_type(
    env: &Env,
    op: &str,
    name: &str,
    expected: &str,
    v: &Unknown<'_>,
) -> napi::Error {
    let (op, name) = (core::camel_case(op), core::camel_case(name));
    let message = format!("{op}: `{name}` must be {expected}, not {}", type_of(v));
    let build = || -> Result<napi::Error> {
        let raw = unsafe {
            JsTypeError::from(napi::Error::new(Status::InvalidArg, message.clone()))
                .into_value(env.raw())
        };
        let mut obj = Object::from_raw(env.raw(), raw);
        obj.set("code", "INVALID_INPUT")?;
        obj.set("operation", op.as_str())?;
        obj.set("field", name.as_str())?;
        obj.set("retryable", false)?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}

fn is_nullish(v: &Unknown<'_>) -> bool {
    matches!(v.get_type(), Ok(ValueType::Null | ValueType::Undefined))
}

/// A string argument.
pub(crate) fn string(env: &Env, op: &str, name: &str, v: Unknown<'_>) -> Result<String> {
    if v.get_type()? == ValueType::String {
        return unsafe { v.cast::<String>() };
    }
    Err(wrong_type(env, op, name, "a string", &v))
}

/// An optional string argument (`undefined` or `null` for none).
pub(crate) fn opt_string(
    env: &Env,
    op: &str,
    name: &str,
    v: Option<Unknown<'_>>,
) -> Result<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if is_nullish(&v) => Ok(None),
        Some(v) if v.get_type()? == ValueType::String => Ok(Some(unsafe { v.cast::<String>()? })),
        Some(v) => Err(wrong_type(env, op, name, "a string or undefined", &v)),
    }
}

/// An integer argument, as i64: the core's rules (an hour, a limit) check its
/// range where the operation runs, so breaking them rejects the Promise like
/// every other rule; only a value that is not an integer throws here.
pub(crate) fn int_of(
    env: &Env,
    op: &str,
    name: &str,
    v: &Unknown<'_>,
    expected: &str,
) -> Result<i64> {
    if v.get_type()? == ValueType::Number {
        let x = unsafe { v.cast::<f64>()? };
        if x.is_finite() && x.fract() == 0.0 {
            return Ok(x.clamp(i64::MIN as f64, i64::MAX as f64) as i64);
        }
    }
    Err(wrong_type(env, op, name, expected, v))
}

/// An integer argument (see [`int_of`]).
pub(crate) fn integer(env: &Env, op: &str, name: &str, v: Unknown<'_>) -> Result<i64> {
    int_of(env, op, name, &v, "an integer")
}

/// An optional integer argument (`undefined` or `null` for none).
pub(crate) fn opt_integer(
    env: &Env,
    op: &str,
    name: &str,
    v: Option<Unknown<'_>>,
) -> Result<Option<i64>> {
    match v {
        None => Ok(None),
        Some(v) if is_nullish(&v) => Ok(None),
        Some(v) => int_of(env, op, name, &v, "an integer or undefined").map(Some),
    }
}

/// An array of strings.
pub(crate) fn strings(env: &Env, op: &str, name: &str, v: Unknown<'_>) -> Result<Vec<String>> {
    if !v.is_array()? {
        return Err(wrong_type(env, op, name, "an array of strings", &v));
    }
    let arr = unsafe { v.cast::<Array>()? };
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item: Unknown = arr
            .get(i)?
            .ok_or_else(|| napi::Error::from_reason("hole"))?;
        out.push(string(env, op, &format!("{name}[{i}]"), item)?);
    }
    Ok(out)
}

/// The `users` of `registerUsers`: an array of `{ username, password, nickname? }`.
pub(crate) fn new_users(env: &Env, op: &str, v: Unknown<'_>) -> Result<Vec<core::NewUser>> {
    if !v.is_array()? {
        return Err(wrong_type(
            env,
            op,
            "users",
            "an array of { username, password, nickname? }",
            &v,
        ));
    }
    let arr = unsafe { v.cast::<Array>()? };
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item: Unknown = arr
            .get(i)?
            .ok_or_else(|| napi::Error::from_reason("hole"))?;
        let field = format!("users[{i}]");
        if item.get_type()? != ValueType::Object || item.is_array()? {
            return Err(wrong_type(
                env,
                op,
                &field,
                "an object { username, password, nickname? }",
                &item,
            ));
        }
        let obj = unsafe { item.cast::<Object>()? };
        let get = |k: &str| -> Result<Unknown> { obj.get_named_property::<Unknown>(k) };
        out.push(core::NewUser {
            username: string(env, op, &format!("{field}.username"), get("username")?)?,
            password: string(env, op, &format!("{field}.password"), get("password")?)?.into(),
            nickname: opt_string(
                env,
                op,
                &format!("{field}.nickname"),
                Some(get("nickname")?),
            )?,
        });
    }
    Ok(out)
}
