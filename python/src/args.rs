//! Operation arguments as Python passes them, converted with errors that name
//! the operation and the argument: ``get_user: `username` must be a str, not
//! None`` (TypeError), and the core's rules for numbers
//! (``set_no_disturb: invalid `start_hour`: must be an hour 0-23 (got -1)``,
//! InvalidInputError).

use chat_platform as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString};

use crate::errors::to_py;
use crate::records::{DisplayStyle, PyNewUser};
use pyo3::types::PyDict;

/// Any Python object, None included: pyo3 hands it over unconverted, so the
/// conversion below can name the operation in its error.
pub(crate) struct Raw<'py>(pub Bound<'py, PyAny>);

impl<'a, 'py> FromPyObject<'a, 'py> for Raw<'py> {
    type Error = PyErr;
    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Raw(ob.to_owned()))
    }
}

/// The Python type name as an error shows it (`None` for None).
fn type_name(v: &Bound<'_, PyAny>) -> String {
    if v.is_none() {
        return "None".into();
    }
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

pub(crate) fn wrong_type(op: &str, name: &str, expected: &str, v: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "{op}: `{name}` must be {expected}, not {}",
        type_name(v)
    ))
}

/// Converts argument `name` of operation (or class) `op`; a left-out optional argument
/// arrives as `None`, like an explicit None.
pub(crate) fn take<'py, T: Arg<'py>>(
    py: Python<'py>,
    op: &'static str,
    name: &str,
    v: Option<Raw<'py>>,
) -> PyResult<T> {
    let v = match v {
        Some(Raw(b)) => b,
        None => py.None().into_bound(py),
    };
    T::take(op, name, &v)
}

/// Converts one argument of operation `op`.
pub(crate) trait Arg<'py>: Sized {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self>;
}

impl<'py> Arg<'py> for String {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        match v.cast::<PyString>() {
            Ok(s) => Ok(s.to_cow()?.into_owned()),
            Err(_) => Err(wrong_type(op, name, "a str", v)),
        }
    }
}

/// An integer argument, kept as i64 for the core's range rules (a Python int
/// beyond i64 counts as the nearest end of that range).
fn int(op: &'static str, name: &str, v: &Bound<'_, PyAny>) -> PyResult<i64> {
    if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
        return Err(wrong_type(op, name, "an int", v));
    }
    match v.extract::<i64>() {
        Ok(i) => Ok(i),
        Err(_) => Ok(if v.lt(0)? { i64::MIN } else { i64::MAX }),
    }
}

/// An hour of the day, 0-23.
pub(crate) struct Hour(pub u32);

impl<'py> Arg<'py> for Hour {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        core::validate::hour_arg(op, name, int(op, name, v)?)
            .map(Hour)
            .map_err(to_py)
    }
}

/// A page size, 1-100.
pub(crate) struct Limit(pub u32);

impl<'py> Arg<'py> for Limit {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        core::validate::limit_arg(op, name, int(op, name, v)?)
            .map(Limit)
            .map_err(to_py)
    }
}

/// A batch-delete count, 1-500.
pub(crate) struct DeleteLimit(pub u32);

impl<'py> Arg<'py> for DeleteLimit {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        core::validate::delete_limit_arg(op, name, int(op, name, v)?)
            .map(DeleteLimit)
            .map_err(to_py)
    }
}

/// Lists and objects the operation converts itself (their helpers name it).
impl<'py> Arg<'py> for Bound<'py, PyAny> {
    fn take(_op: &'static str, _name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(v.clone())
    }
}

/// An optional argument: None (or left out) is None.
impl<'py, T: Arg<'py>> Arg<'py> for Option<T> {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        if v.is_none() {
            return Ok(None);
        }
        T::take(op, name, v).map(Some).map_err(|e| {
            // "must be a str, not int" reads "must be a str or None, not int" here.
            Python::attach(|py| {
                if e.is_instance_of::<PyTypeError>(py) {
                    PyTypeError::new_err(e.value(py).to_string().replacen(
                        ", not ",
                        " or None, not ",
                        1,
                    ))
                } else {
                    e
                }
            })
        })
    }
}

/// A constructor setting given as one str or a list of them.
pub(crate) fn strings(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    let items = v
        .try_iter()
        .map_err(|_| wrong_type("Client", name, "a str or a list of str", v))?;
    items
        .enumerate()
        .map(|(i, item)| {
            let item = item?;
            String::take("Client", &format!("{name}[{i}]"), &item)
        })
        .collect()
}

/// A constructor setting given as one path (str or os.PathLike) or a list of them.
pub(crate) fn paths(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<std::path::PathBuf>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let one = |item: &Bound<'_, PyAny>, field: &str| {
        item.extract::<std::path::PathBuf>()
            .map_err(|_| wrong_type("Client", field, "a path (str or os.PathLike)", item))
    };
    if v.is_instance_of::<PyString>() || v.hasattr("__fspath__")? {
        return Ok(vec![one(v, name)?]);
    }
    let items = v
        .try_iter()
        .map_err(|_| wrong_type("Client", name, "a path or a list of paths", v))?;
    items
        .enumerate()
        .map(|(i, item)| one(&item?, &format!("{name}[{i}]")))
        .collect()
}

impl<'py> Arg<'py> for i64 {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        int(op, name, v)
    }
}

impl<'py> Arg<'py> for bool {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        match v.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => Err(wrong_type(op, name, "a bool", v)),
        }
    }
}

/// A list of str (a lone str is refused: it would iterate its characters).
pub(crate) struct Names(pub Vec<String>);

impl<'py> Arg<'py> for Names {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        names(op, name, v).map(Names)
    }
}

/// Chat types by name (`"chat"`, `"groupchat"`, `"chatroom"`); the core's
/// rule names the item at fault (`chat_types[1]`).
pub(crate) struct ChatTypes(pub Vec<core::ChatType>);

impl<'py> Arg<'py> for ChatTypes {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        let Names(names) = Names::take(op, name, v)?;
        names
            .iter()
            .enumerate()
            .map(|(i, t)| core::ChatType::parse(&format!("{name}[{i}]"), t))
            .collect::<core::Result<Vec<_>>>()
            .map(ChatTypes)
            .map_err(|e| to_py(e.with_operation(op)))
    }
}

/// A dict (any mapping) of str to str.
pub(crate) struct Attributes(pub core::Attributes);

impl<'py> Arg<'py> for Attributes {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        let expected = "a dict of str to str";
        if !v.hasattr("keys")? || v.is_instance_of::<PyString>() {
            return Err(wrong_type(op, name, expected, v));
        }
        let mut out = core::Attributes::new();
        for key in v.call_method0("keys")?.try_iter()? {
            let key = key?;
            let k = String::take(op, &format!("{name} key"), &key)?;
            let value = v.get_item(&key)?;
            let val = String::take(op, &format!("{name}[{}]", key.repr()?), &value)?;
            out.insert(k, val);
        }
        Ok(Attributes(out))
    }
}

/// Push nicknames: a dict `{username: nickname}`, or an iterable of
/// `(username, nickname)` pairs or of `{"username", "nickname"}` dicts.
pub(crate) struct Nicknames(pub Vec<core::PushNickname>);

impl<'py> Arg<'py> for Nicknames {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        let expected = "a dict {username: nickname} or a list of (username, nickname)";
        if v.is_none() || v.is_instance_of::<PyString>() {
            return Err(wrong_type(op, name, expected, v));
        }
        let mut out = Vec::new();
        if let Ok(d) = v.cast::<pyo3::types::PyDict>() {
            for (k, val) in d.iter() {
                let u = String::take(op, &format!("{name} key"), &k)?;
                let n = String::take(op, &format!("{name}[{}]", k.repr()?), &val)?;
                out.push(core::PushNickname::new(u, n));
            }
            return Ok(Nicknames(out));
        }
        let items = v
            .try_iter()
            .map_err(|_| wrong_type(op, name, expected, v))?;
        for (i, item) in items.enumerate() {
            let item = item?;
            let field = format!("{name}[{i}]");
            let pair = if let Ok(d) = item.cast::<pyo3::types::PyDict>() {
                let get = |k: &str| -> PyResult<String> {
                    let f = format!("{field}.{k}");
                    match d.get_item(k)? {
                        Some(x) => String::take(op, &f, &x),
                        None => Err(PyTypeError::new_err(format!("{op}: `{f}` is missing"))),
                    }
                };
                (get("username")?, get("nickname")?)
            } else {
                let t: (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(|_| {
                    wrong_type(op, &field, "a (username, nickname) pair or a dict", &item)
                })?;
                (
                    String::take(op, &format!("{field}[0]"), &t.0)?,
                    String::take(op, &format!("{field}[1]"), &t.1)?,
                )
            };
            out.push(core::PushNickname::new(pair.0, pair.1));
        }
        Ok(Nicknames(out))
    }
}

/// A request body: bytes (or bytearray, memoryview) or str.
pub(crate) struct Body(pub Vec<u8>);

impl<'py> Arg<'py> for Body {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = v.cast::<PyString>() {
            return Ok(Body(s.to_cow()?.as_bytes().to_vec()));
        }
        if v.is_instance_of::<pyo3::types::PyBytes>()
            || v.is_instance_of::<pyo3::types::PyByteArray>()
            || v.is_instance_of::<pyo3::types::PyMemoryView>()
        {
            let b: Vec<u8> = v
                .call_method0("__bytes__")
                .or_else(|_| v.py().import("builtins")?.getattr("bytes")?.call1((v,)))?
                .extract()?;
            return Ok(Body(b));
        }
        Err(wrong_type(
            op,
            name,
            "bytes or str (the raw request body)",
            v,
        ))
    }
}

/// A duration or a factor in seconds: an int or a float (not a bool).
pub(crate) struct Seconds(pub f64);

impl<'py> Arg<'py> for Seconds {
    fn take(op: &'static str, name: &str, v: &Bound<'py, PyAny>) -> PyResult<Self> {
        let expected = "a number (an int or a float)";
        if v.is_instance_of::<PyBool>() {
            return Err(wrong_type(op, name, expected, v));
        }
        v.extract::<f64>()
            .map(Seconds)
            .map_err(|_| wrong_type(op, name, expected, v))
    }
}

/// A display style given as `DisplayStyle` or as its code 0/1.
pub(crate) fn style_arg(
    op: &str,
    v: &Bound<'_, PyAny>,
) -> PyResult<chat_platform::Result<core::DisplayStyle>> {
    if let Ok(s) = v.cast::<DisplayStyle>() {
        return Ok(core::DisplayStyle::from_code(*s.borrow() as i64));
    }
    if v.is_instance_of::<pyo3::types::PyBool>() || !v.is_instance_of::<pyo3::types::PyInt>() {
        return Err(wrong_type(op, "style", "a DisplayStyle or 0/1", v));
    }
    let code = v.extract::<i64>().unwrap_or(i64::MAX);
    Ok(core::DisplayStyle::from_code(code))
}

/// Reads one user of `register_users`' input (`users[i]`): a `NewUser` or a dict.
pub(crate) fn new_user(op: &str, i: u64, item: &Bound<'_, PyAny>) -> PyResult<core::NewUser> {
    if let Ok(u) = item.cast::<PyNewUser>() {
        return Ok(u.get().0.clone());
    }
    let d = item
        .cast::<PyDict>()
        .map_err(|_| wrong_type(op, &format!("users[{i}]"), "a NewUser or dict", item))?;
    let get = |k: &str, required: bool| -> PyResult<Option<String>> {
        let field = format!("users[{i}].{k}");
        match d.get_item(k)? {
            None if required => Err(PyTypeError::new_err(format!("{op}: `{field}` is missing"))),
            None => Ok(None),
            Some(v) if v.is_none() && !required => Ok(None),
            Some(v) => v
                .cast::<pyo3::types::PyString>()
                .map(|s| Some(s.to_string()))
                .map_err(|_| wrong_type(op, &field, "a str", &v)),
        }
    };
    Ok(core::NewUser {
        username: get("username", true)?.unwrap_or_default(),
        password: get("password", true)?.unwrap_or_default().into(),
        nickname: get("nickname", false)?,
    })
}

/// Reads one username of a list of them (`arg[i]`).
pub(crate) fn name(op: &str, arg: &str, i: u64, item: &Bound<'_, PyAny>) -> PyResult<String> {
    item.cast::<pyo3::types::PyString>()
        .map(|s| s.to_string())
        .map_err(|_| wrong_type(op, &format!("{arg}[{i}]"), "a str", item))
}

/// Reads a list of usernames (a lone string is refused: it would iterate characters).
pub(crate) fn names(op: &str, arg: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let list = "a list of str";
    if v.is_instance_of::<pyo3::types::PyString>() || v.is_none() {
        return Err(wrong_type(op, arg, list, v));
    }
    let items = v.try_iter().map_err(|_| wrong_type(op, arg, list, v))?;
    let mut out = Vec::with_capacity(v.len().unwrap_or(0));
    for (i, item) in items.enumerate() {
        out.push(name(op, arg, i as u64, &item?)?);
    }
    Ok(out)
}
