//! How push notifications are displayed.

use chat_platform as core;
use pyo3::prelude::*;

/// How push notifications are displayed; `int(style)` is the wire code.
#[pyclass(module = "chat_platform", eq, eq_int, frozen, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisplayStyle {
    /// 0: a notification only.
    #[pyo3(name = "NOTIFICATION_ONLY")]
    NotificationOnly = 0,
    /// 1: a notification with the message details.
    #[pyo3(name = "WITH_DETAILS")]
    WithDetails = 1,
}

#[pymethods]
impl DisplayStyle {
    /// The wire code, 0 or 1.
    #[getter]
    fn value(&self) -> u8 {
        *self as u8
    }
}

impl From<core::DisplayStyle> for DisplayStyle {
    fn from(d: core::DisplayStyle) -> Self {
        match d {
            core::DisplayStyle::NotificationOnly => DisplayStyle::NotificationOnly,
            core::DisplayStyle::WithDetails => DisplayStyle::WithDetails,
        }
    }
}
