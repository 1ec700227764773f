//! Push nicknames, push settings.

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;
use crate::records::*;

record! {
    /// The outcome of `set_push_nicknames`: every input once, in input order.
    PyPushNicknameReport(core::PushNicknameReport) as "PushNicknameReport" {
        /// Users whose push nickname the service confirmed.
        updated: Vec<String> = |r| r.updated.clone(),
        /// Users whose nickname was not set.
        failed: Vec<PyItemFailure> = |r| r.failed.iter().cloned().map(PyItemFailure).collect(),
        /// True when every nickname was set.
        ok: bool = |r| r.failed.is_empty(),
    }
}

record! {
    /// A push setting (app level, or one conversation).
    PyPushSetting(core::PushSetting) as "PushSetting" {
        /// `"DEFAULT"`, `"ALL"`, `"AT"` or `"NONE"`, when set.
        mode: Option<&'static str> = |s| s.mode.map(core::PushMode::as_str),
        /// The daily do-not-disturb interval, `HH:MM-HH:MM`.
        dnd_interval: Option<String> = |s| s.dnd_interval.clone(),
        /// The end of a running one-off do-not-disturb period, ms since the Unix epoch.
        dnd_until: Option<i64> = |s| s.dnd_until,
    }
}
