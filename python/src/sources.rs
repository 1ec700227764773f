//! Bulk inputs from Python: a list or tuple (read and checked whole first),
//! or any iterable (and, on `AsyncClient`, async iterable) read an item at
//! a time as the core asks for more. The first error (the source's own, or
//! an item of the wrong type) ends it, kept to be the cause of the error the
//! operation ends with.

use chat_platform as core;
use futures_util::stream::{self, BoxStream, StreamExt};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::args::wrong_type;
use crate::args::{name, new_user};
use crate::runtime::ForkSafe;

/// The Python exception a source (or a progress callback) raised, kept to
/// chain it to the error raised at the end.
pub(crate) type Raised = chat_platform_support::FirstError<PyErr>;

/// Converts input item `i` (with the GIL held).
type Convert<T> = fn(&str, u64, &Bound<'_, PyAny>) -> PyResult<T>;

fn source_error(op: &'static str, py: Python<'_>, e: &PyErr) -> core::Error {
    let kind = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    core::Error::source_failed(op, format!("{kind}: {}", e.value(py)))
}

/// A lazy source read an item at a time: a sync iterator (any client), or an
/// async iterator (`AsyncClient`). The first error (the source's own, or an
/// item of the wrong type) ends it.
fn source<T: Send + 'static>(
    op: &'static str,
    obj: &Bound<'_, PyAny>,
    convert: Convert<T>,
    raised: Raised,
    allow_async: bool,
) -> PyResult<BoxStream<'static, core::Result<T>>> {
    if allow_async && obj.hasattr("__aiter__")? && !obj.hasattr("__iter__")? {
        let it: Py<PyAny> = obj.call_method0("__aiter__")?.unbind();
        let s = stream::unfold((Some(it), 0u64), move |(it, i)| {
            let raised = raised.clone();
            async move {
                let it = it?;
                let next = Python::attach(|py| {
                    let aw = it.bind(py).call_method0("__anext__")?;
                    pyo3_async_runtimes::generic::into_future::<ForkSafe>(aw)
                });
                let got = match next {
                    Ok(f) => f.await,
                    Err(e) => Err(e),
                };
                Python::attach(|py| match got {
                    Err(e) if e.is_instance_of::<PyStopAsyncIteration>(py) => None,
                    Err(e) => {
                        let err = source_error(op, py, &e);
                        raised.keep(e);
                        Some((Err(err), (None, i)))
                    }
                    Ok(obj) => match convert(op, i, obj.bind(py)) {
                        Ok(v) => Some((Ok(v), (Some(it), i + 1))),
                        Err(e) => {
                            let err = source_error(op, py, &e);
                            raised.keep(e);
                            Some((Err(err), (None, i)))
                        }
                    },
                })
            }
        });
        return Ok(s.boxed());
    }
    let it: Py<PyAny> = obj.try_iter()?.into_any().unbind();
    let mut index = 0u64;
    let mut live = Some(it);
    let s = stream::iter(std::iter::from_fn(move || {
        let it = live.as_ref()?;
        let item = Python::attach(|py| {
            let next = it.bind(py).call_method0("__next__");
            match next {
                Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => None,
                Err(e) => {
                    let err = source_error(op, py, &e);
                    raised.keep(e);
                    Some(Err(err))
                }
                Ok(obj) => Some(convert(op, index, &obj).map_err(|e| {
                    let err = source_error(op, py, &e);
                    raised.keep(e);
                    err
                })),
            }
        });
        match &item {
            Some(Ok(_)) => index += 1,
            _ => live = None,
        }
        item
    }));
    Ok(s.boxed())
}

fn new_user_item(op: &str, i: u64, obj: &Bound<'_, PyAny>) -> PyResult<core::NewUser> {
    new_user(op, i, obj)
}

fn name_item(op: &str, i: u64, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    name(op, "usernames", i, obj)
}

/// A list or tuple: read whole (and, for registration, checked whole) first.
fn is_list(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()
}

fn refuse_scalars(op: &str, arg: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyResult<()> {
    if obj.is_none()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<pyo3::types::PyDict>()
    {
        return Err(wrong_type(op, arg, expected, obj));
    }
    if !(obj.hasattr("__iter__")? || obj.hasattr("__aiter__")?) {
        return Err(wrong_type(op, arg, expected, obj));
    }
    Ok(())
}

/// A prepared `register_users` input.
pub(crate) struct RegisterInput {
    pub(crate) users: BoxStream<'static, core::Result<core::NewUser>>,
    pub(crate) total: Option<u64>,
}

pub(crate) fn register_input(
    core_client: &core::Client,
    users: &Bound<'_, PyAny>,
    total: Option<i64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<RegisterInput> {
    const OP: &str = "register_users";
    let total = core::validate::total_arg(OP, total).map_err(crate::errors::to_py)?;
    refuse_scalars(OP, "users", "an iterable of NewUser or dicts", users)?;
    if is_list(users) {
        let list: Vec<core::NewUser> = users
            .try_iter()?
            .enumerate()
            .map(|(i, item)| new_user(OP, i as u64, &item?))
            .collect::<PyResult<_>>()?;
        core_client
            .check_new_users(&list)
            .map_err(crate::errors::to_py)?;
        let n = list.len() as u64;
        return Ok(RegisterInput {
            users: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
        });
    }
    Ok(RegisterInput {
        users: source(OP, users, new_user_item, raised.clone(), allow_async)?,
        total,
    })
}

/// A prepared input of usernames.
pub(crate) struct NamesInput {
    pub(crate) names: BoxStream<'static, core::Result<String>>,
    pub(crate) total: Option<u64>,
}

pub(crate) fn names_input(
    op: &'static str,
    names: &Bound<'_, PyAny>,
    total: Option<i64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<NamesInput> {
    let total = core::validate::total_arg(op, total).map_err(crate::errors::to_py)?;
    refuse_scalars(op, "usernames", "an iterable of str", names)?;
    if is_list(names) {
        let list = crate::args::names(op, "usernames", names)?;
        core::validate::usernames("usernames", &list, 0, None)
            .map_err(|e| crate::errors::to_py(e.with_operation(op)))?;
        let n = list.len() as u64;
        return Ok(NamesInput {
            names: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
        });
    }
    Ok(NamesInput {
        names: source(op, names, name_item, raised.clone(), allow_async)?,
        total,
    })
}

/// The attribute names of `users_attributes`, checked before anything is read.
pub(crate) fn attribute_keys(keys: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    const OP: &str = "users_attributes";
    let keys = crate::args::names(OP, "keys", keys)?;
    core::validate::attribute_keys("keys", &keys)
        .map_err(|e| crate::errors::to_py(e.with_operation(OP)))?;
    Ok(keys)
}
