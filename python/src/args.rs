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

/// Converts argument `name` of operation `op`; a left-out optional argument
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
