//! Push nicknames in bulk, per-conversation push settings, push language. The core's `src/api/push.rs`, from Python.

use super::prelude::*;

operations! {
    /// Sets many users' push nicknames (a dict `{username: nickname}` or a
    /// list of pairs or dicts), 50 per request; every input is reported once,
    /// updated or failed with a reason. The input is checked whole first.
    fn set_push_nicknames [nicknames] (c, nicknames: Nicknames) -> PyPushNicknameReport {
        c.set_push_nicknames(&nicknames.0).await.map(PyPushNicknameReport)
    }

    /// A user's push setting: `scope` `"app"` (their own), `"user"` (the
    /// conversation with `target`) or `"group"` (the group `target`).
    fn get_push_setting [username, scope, target=None] (c, username: String, scope: String, target: Option<String>) -> PyPushSetting
    where { let sc = push_scope("get_push_setting", &scope, target.as_deref())?; }
    { c.get_push_setting(&username, &sc).await.map(PyPushSetting) }

    /// Changes a user's push setting for a scope (as `get_push_setting`):
    /// `mode` (`"DEFAULT"`, `"ALL"`, `"AT"`, `"NONE"`), the daily `dnd_interval`
    /// (`"HH:MM-HH:MM"`, app scope only; `""` clears) and a one-off
    /// `dnd_duration_seconds` (at most 7 days; 0 clears).
    fn set_push_setting [username, scope, target=None, mode=None, dnd_interval=None, dnd_duration_seconds=None] (c, username: String, scope: String, target: Option<String>, mode: Option<String>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PyPushSetting
    where {
        const OP: &str = "set_push_setting";
        let sc = push_scope(OP, &scope, target.as_deref())?;
        let mode = mode.map(|m| core::PushMode::parse("mode", &m).map_err(|e| e.with_operation(OP))).transpose().map_err(crate::errors::to_py)?;
        let dnd_duration = core::validate::dnd_duration_arg(OP, dnd_duration_seconds).map_err(crate::errors::to_py)?;
        let update = core::PushSettingUpdate { mode, dnd_interval, dnd_duration };
    }
    { c.set_push_setting(&username, &sc, &update).await.map(PyPushSetting) }

    /// The language a user's push notifications are translated into (`""`: none).
    fn get_push_language [username] (c, username: String) -> String { c.get_push_language(&username).await }

    /// Sets the push translation language (a code such as `"EU"`; `""` for none).
    fn set_push_language [username, language] (c, username: String, language: String) -> String {
        c.set_push_language(&username, &language).await
    }
}

fn push_scope(op: &'static str, scope: &str, target: Option<&str>) -> PyResult<core::PushScope> {
    core::PushScope::parse(scope, target).map_err(|e| crate::errors::to_py(e.with_operation(op)))
}
