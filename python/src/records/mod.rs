//! The result classes, enums and `NewUser`: Python views of the core's
//! models, one file per resource as the core's `src/api/`; each declared
//! once, most by `record!` (a frozen class over the core's value with typed
//! getters, `to_dict()`, `==` and a `repr` built from the getters). The
//! functions that need no request (chat tokens, webhook checks) sit with
//! their records.

use pyo3::prelude::*;

fn repr_str(v: &Option<String>) -> String {
    v.as_ref().map_or("None".into(), |s| format!("{s:?}"))
}

/// Converts to Python `None` (operations that return nothing; `()` would become an empty tuple in asyncio).
pub struct Nothing;

impl<'py> IntoPyObject<'py> for Nothing {
    type Target = pyo3::types::PyNone;
    type Output = Borrowed<'py, 'py, pyo3::types::PyNone>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(pyo3::types::PyNone::get(py))
    }
}

/// A field marked `[secret]` (a token) shows as `'***'` in `repr`; the core
/// leaves it out of what it serializes, so `to_dict()` never holds it.
macro_rules! record {
    (@repr $slf:ident, $field:ident) => {
        format!("{}={}", stringify!($field), $slf.getattr(stringify!($field))?.repr()?)
    };
    (@repr $slf:ident, $field:ident, secret) => {
        format!("{}='***'", stringify!($field))
    };
    (
        $(#[doc = $doc:literal])*
        $py:ident($core:ty) as $name:literal {
            $(
                $(#[doc = $fdoc:literal])*
                $([$secret:ident])? $field:ident: $ty:ty = |$v:ident| $get:expr
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[pyclass(name = $name, module = "chat_platform", frozen, eq)]
        #[derive(Clone, PartialEq)]
        pub struct $py(pub $core);

        #[pymethods]
        impl $py {
            $(
                $(#[doc = $fdoc])*
                #[getter]
                fn $field(&self) -> $ty {
                    let $v = &self.0;
                    $get
                }
            )*
            /// As a plain dict of JSON types (never a secret).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
            }
            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                let mut parts: Vec<String> = Vec::new();
                $(parts.push(record!(@repr slf, $field $(, $secret)?));)*
                Ok(format!("{}({})", $name, parts.join(", ")))
            }
        }
    };
}

mod account;
mod attributes;
mod bulk;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;
mod webhooks;

pub(crate) use account::*;
pub(crate) use attributes::*;
pub(crate) use bulk::*;
pub(crate) use contacts::*;
pub(crate) use devices::*;
pub(crate) use mutes::*;
pub(crate) use presence::*;
pub(crate) use push::*;
pub(crate) use tokens::*;
pub(crate) use users::*;
pub(crate) use webhooks::*;
