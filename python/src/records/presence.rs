//! Presence and offline message delivery.

use chat_platform as core;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::json::to_py_value;

/// Whether a user is connected.
#[pyclass(module = "chat_platform", eq, frozen, hash, rename_all = "UPPERCASE")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Connected.
    Online,
    /// Not connected.
    Offline,
}

#[pymethods]
impl Presence {
    /// `"online"` or `"offline"`.
    #[getter]
    fn value(&self) -> &'static str {
        core::Presence::from(*self).as_str()
    }
    fn __str__(&self) -> &'static str {
        self.value()
    }
}

impl From<core::Presence> for Presence {
    fn from(p: core::Presence) -> Self {
        match p {
            core::Presence::Online => Presence::Online,
            core::Presence::Offline => Presence::Offline,
        }
    }
}

impl From<Presence> for core::Presence {
    fn from(p: Presence) -> Self {
        match p {
            Presence::Online => core::Presence::Online,
            Presence::Offline => core::Presence::Offline,
        }
    }
}

/// Delivery status of an offline message.
#[pyclass(module = "chat_platform", eq, frozen, hash, rename_all = "UPPERCASE")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// Delivered.
    Delivered,
    /// Still waiting.
    Undelivered,
}

#[pymethods]
impl DeliveryStatus {
    /// `"delivered"` or `"undelivered"`.
    #[getter]
    fn value(&self) -> &'static str {
        match self {
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Undelivered => "undelivered",
        }
    }
    fn __str__(&self) -> &'static str {
        self.value()
    }
}

impl From<core::DeliveryStatus> for DeliveryStatus {
    fn from(d: core::DeliveryStatus) -> Self {
        match d {
            core::DeliveryStatus::Delivered => DeliveryStatus::Delivered,
            core::DeliveryStatus::Undelivered => DeliveryStatus::Undelivered,
        }
    }
}

/// The presence of one user of a batch query; unpacks as `(username, presence)`.
#[pyclass(name = "UserPresence", module = "chat_platform", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyUserPresence(pub core::UserPresence);

#[pymethods]
impl PyUserPresence {
    /// The username as asked.
    #[getter]
    fn username(&self) -> &str {
        &self.0.username
    }
    /// Its presence.
    #[getter]
    fn presence(&self) -> Presence {
        self.0.presence.into()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items: Vec<Bound<'py, PyAny>> = vec![
            self.0.username.clone().into_pyobject(py)?.into_any(),
            Bound::new(py, self.presence())?.into_any(),
        ];
        PyList::new(py, items)?.try_iter().map(Bound::into_any)
    }
    fn __len__(&self) -> usize {
        2
    }
    /// `{"username": ..., "presence": "online" | "offline"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "UserPresence(username={:?}, presence=Presence.{})",
            self.0.username,
            self.0.presence.as_str().to_uppercase()
        )
    }
}
