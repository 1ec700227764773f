//! Operation arguments as JavaScript passes them, converted with errors that
//! name the operation and the argument: a `TypeError` for a wrong type
//! (``getUser: `username` must be a string, not null``) and the core's rules
//! for numbers (``setNoDisturb: invalid `startHour`: must be an hour 0-23
//! (got -1)``, code `INVALID_INPUT`).

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi::JsTypeError;

/// How a value's type reads in an error (`null`, `undefined`, `number`, ...).
pub(crate) fn type_of(v: &Unknown<'_>) -> String {
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
    wrong_type_named(env, op, name, expected, &type_of(v))
}

/// [`wrong_type`] for a value whose type was read already (`got`).
pub(crate) fn wrong_type_named(
    env: &Env,
    op: &str,
    name: &str,
    expected: &str,
    got: &str,
) -> napi::Error {
    let (op, name) = (core::camel_case(op), core::camel_case(name));
    let message = format!("{op}: `{name}` must be {expected}, not {got}");
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

/// A JavaScript string's value, or `None` for any other type.
pub(crate) fn string_value(v: Unknown<'_>) -> Option<String> {
    match v.get_type() {
        Ok(ValueType::String) => unsafe { v.cast::<String>().ok() },
        _ => None,
    }
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

const USER_SHAPE: &str = "an object { username, password, nickname? }";

/// Why a value is not a user to register: the property at fault (`None`: the
/// value itself), what it must be, and the type it has.
struct NotAUser {
    prop: Option<&'static str>,
    expected: &'static str,
    got: String,
}

/// A `{ username, password, nickname? }` (the types only: the core checks the
/// values).
fn user_object(v: Unknown<'_>) -> Result<std::result::Result<core::NewUser, NotAUser>> {
    if v.get_type()? != ValueType::Object || v.is_array()? {
        return Ok(Err(NotAUser {
            prop: None,
            expected: USER_SHAPE,
            got: type_of(&v),
        }));
    }
    let obj = unsafe { v.cast::<Object>()? };
    let mut fields: [Option<String>; 3] = Default::default();
    let props = [("username", false), ("password", false), ("nickname", true)];
    for (slot, (prop, optional)) in fields.iter_mut().zip(props) {
        let p: Unknown = obj.get_named_property(prop)?;
        match string_value(p) {
            Some(s) => *slot = Some(s),
            None if optional && is_nullish(&p) => {}
            None => {
                let expected = if optional {
                    "a string or undefined"
                } else {
                    "a string"
                };
                return Ok(Err(NotAUser {
                    prop: Some(prop),
                    expected,
                    got: type_of(&p),
                }));
            }
        }
    }
    let [username, password, nickname] = fields;
    Ok(Ok(core::NewUser {
        username: username.unwrap_or_default(),
        password: password.unwrap_or_default().into(),
        nickname,
    }))
}

/// An item of a lazy `users` source, or why it is not one (completed by the
/// caller: `item 3 must be ...`, `item 3: \`password\` must be ...`).
pub(crate) fn user_fields(v: Unknown<'_>) -> std::result::Result<core::NewUser, String> {
    match user_object(v) {
        Ok(Ok(u)) => Ok(u),
        Ok(Err(NotAUser {
            prop: None,
            expected,
            got,
        })) => Err(format!(" must be {expected}, not {got}")),
        Ok(Err(NotAUser {
            prop: Some(p),
            expected,
            got,
        })) => Err(format!(": `{p}` must be {expected}, not {got}")),
        Err(e) => Err(format!(": {}", e.reason)),
    }
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
        match user_object(item)? {
            Ok(u) => out.push(u),
            Err(NotAUser {
                prop,
                expected,
                got,
            }) => {
                let field = match prop {
                    None => format!("users[{i}]"),
                    Some(p) => format!("users[{i}].{p}"),
                };
                return Err(wrong_type_named(env, op, &field, expected, &got));
            }
        }
    }
    Ok(out)
}

/// An argument as the operation table declares it (`Option<Unknown>`: a
/// missing argument is `undefined`), converted with an error naming the
/// operation and the argument.
pub(crate) trait FromArg: Sized {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self>;
}

/// `undefined` for an argument that was left out.
fn given<'a>(env: &Env, v: Option<Unknown<'a>>) -> Result<Unknown<'a>> {
    match v {
        Some(v) => Ok(v),
        None => {
            let raw = unsafe { <() as ToNapiValue>::to_napi_value(env.raw(), ())? };
            Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), raw) })
        }
    }
}

impl FromArg for String {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        string(env, op, name, given(env, v)?)
    }
}

impl FromArg for Option<String> {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        opt_string(env, op, name, v)
    }
}

impl FromArg for i64 {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        integer(env, op, name, given(env, v)?)
    }
}

impl FromArg for Option<i64> {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        opt_integer(env, op, name, v)
    }
}

impl FromArg for Vec<String> {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        strings(env, op, name, given(env, v)?)
    }
}

impl FromArg for Option<Vec<String>> {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        match v {
            None => Ok(None),
            Some(v) if is_nullish(&v) => Ok(None),
            Some(v) => strings(env, op, name, v).map(Some),
        }
    }
}

impl FromArg for Option<bool> {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        match v {
            None => Ok(None),
            Some(v) if is_nullish(&v) => Ok(None),
            Some(v) if v.get_type()? == ValueType::Boolean => {
                Ok(Some(unsafe { v.cast::<bool>()? }))
            }
            Some(v) => Err(wrong_type(env, op, name, "a boolean or undefined", &v)),
        }
    }
}

/// User attributes: a plain object of string values.
pub(crate) struct Attributes(pub core::Attributes);

impl FromArg for Attributes {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        let v = given(env, v)?;
        let expected = "an object of string values ({ nickname: 'Al', ... })";
        if v.get_type()? != ValueType::Object || v.is_array()? {
            return Err(wrong_type(env, op, name, expected, &v));
        }
        let obj = unsafe { v.cast::<Object>()? };
        let mut out = core::Attributes::new();
        for key in Object::keys(&obj)? {
            let value: Unknown = obj.get_named_property(&key)?;
            match string_value(value) {
                Some(s) => {
                    out.insert(key, s);
                }
                None => {
                    let field = format!("{name}.{key}");
                    return Err(wrong_type(env, op, &field, "a string", &value));
                }
            }
        }
        Ok(Attributes(out))
    }
}

/// Push nicknames: an array of `{ username, nickname }`.
pub(crate) struct Nicknames(pub Vec<core::PushNickname>);

impl FromArg for Nicknames {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        let v = given(env, v)?;
        let shape = "an array of { username, nickname }";
        if !v.is_array()? {
            return Err(wrong_type(env, op, name, shape, &v));
        }
        let arr = unsafe { v.cast::<Array>()? };
        let mut out = Vec::with_capacity(arr.len() as usize);
        for i in 0..arr.len() {
            let item: Unknown = arr
                .get(i)?
                .ok_or_else(|| napi::Error::from_reason("hole"))?;
            if item.get_type()? != ValueType::Object || item.is_array()? {
                let field = format!("{name}[{i}]");
                return Err(wrong_type(
                    env,
                    op,
                    &field,
                    "an object { username, nickname }",
                    &item,
                ));
            }
            let obj = unsafe { item.cast::<Object>()? };
            let mut pair = [String::new(), String::new()];
            for (slot, prop) in pair.iter_mut().zip(["username", "nickname"]) {
                let p: Unknown = obj.get_named_property(prop)?;
                *slot = string_value(p).ok_or_else(|| {
                    wrong_type(env, op, &format!("{name}[{i}].{prop}"), "a string", &p)
                })?;
            }
            let [username, nickname] = pair;
            out.push(core::PushNickname { username, nickname });
        }
        Ok(Nicknames(out))
    }
}

/// A request body: a string or a `Buffer` / `Uint8Array`, as bytes.
pub(crate) struct Body(pub Vec<u8>);

impl FromArg for Body {
    fn from_arg(env: &Env, op: &str, name: &str, v: Option<Unknown<'_>>) -> Result<Self> {
        let v = given(env, v)?;
        if let Some(s) = string_value(v) {
            return Ok(Body(s.into_bytes()));
        }
        if v.is_typedarray()? || v.is_buffer()? {
            let b = unsafe { v.cast::<Uint8Array>()? };
            return Ok(Body(b.to_vec()));
        }
        Err(wrong_type(
            env,
            op,
            name,
            "a string or a Buffer (the raw request body)",
            &v,
        ))
    }
}
