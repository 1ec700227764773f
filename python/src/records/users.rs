//! Users: a user, a page of them, a user to register, a registration's report, a deletion.

use chat_platform as core;
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::repr_str;
use crate::json::to_py_value;
use crate::records::*;

/// A chat user. Optional fields are `None` when the service did not return them.
#[pyclass(name = "User", module = "chat_platform", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyUser(pub core::User);

#[pymethods]
impl PyUser {
    /// The service's UUID for the user.
    #[getter]
    fn uuid(&self) -> &str {
        &self.0.uuid
    }
    /// The username (chat user ID), as first registered.
    #[getter]
    fn username(&self) -> &str {
        &self.0.username
    }
    /// False while the account is deactivated (banned).
    #[getter]
    fn activated(&self) -> bool {
        self.0.activated
    }
    /// The push nickname.
    #[getter]
    fn nickname(&self) -> Option<&str> {
        self.0.nickname.as_deref()
    }
    /// Creation time, milliseconds since the Unix epoch.
    #[getter]
    fn created(&self) -> Option<i64> {
        self.0.created
    }
    /// Last modification time, milliseconds since the Unix epoch.
    #[getter]
    fn modified(&self) -> Option<i64> {
        self.0.modified
    }
    /// How push notifications are displayed.
    #[getter]
    fn notification_display_style(&self) -> Option<DisplayStyle> {
        self.0.notification_display_style.map(Into::into)
    }
    /// Whether do-not-disturb is on.
    #[getter]
    fn notification_no_disturbing(&self) -> Option<bool> {
        self.0.notification_no_disturbing
    }
    /// Do-not-disturb start hour (0-23).
    #[getter]
    fn notification_no_disturbing_start(&self) -> Option<u8> {
        self.0.notification_no_disturbing_start
    }
    /// Do-not-disturb end hour (0-23).
    #[getter]
    fn notification_no_disturbing_end(&self) -> Option<u8> {
        self.0.notification_no_disturbing_end
    }
    /// Push certificate name of the user's client.
    #[getter]
    fn notifier_name(&self) -> Option<&str> {
        self.0.notifier_name.as_deref()
    }
    /// Push device token of the user's client (not shown in `repr`).
    #[getter]
    fn device_token(&self) -> Option<&str> {
        self.0.device_token.as_deref()
    }
    /// Group ids whose offline pushes the user blocked.
    #[getter]
    fn notification_ignore(&self) -> std::collections::BTreeMap<String, bool> {
        self.0.notification_ignore.clone()
    }
    /// The user as a plain dict (JSON types; display style as 0/1).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        let u = &self.0;
        let mut s = format!(
            "User(username={:?}, uuid={:?}, activated={}",
            u.username,
            u.uuid,
            if u.activated { "True" } else { "False" }
        );
        if u.nickname.is_some() {
            s.push_str(&format!(", nickname={}", repr_str(&u.nickname)));
        }
        if let Some(st) = u.notification_display_style {
            s.push_str(&format!(", notification_display_style={}", st.code()));
        }
        if let Some(nd) = u.notification_no_disturbing {
            s.push_str(&format!(
                ", notification_no_disturbing={}",
                if nd { "True" } else { "False" }
            ));
        }
        s.push(')');
        s
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.uuid.hash(&mut h);
        self.0.username.hash(&mut h);
        h.finish()
    }
}

/// One page of users and the cursor of the next page (`None` on the last page).
#[pyclass(name = "UserPage", module = "chat_platform", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyUserPage(pub core::UserPage);

#[pymethods]
impl PyUserPage {
    /// The users of this page.
    #[getter]
    fn users(&self) -> Vec<PyUser> {
        self.0.users.iter().cloned().map(PyUser).collect()
    }
    /// Pass it to `list_users` for the next page; `None` on the last page.
    #[getter]
    fn cursor(&self) -> Option<&str> {
        self.0.cursor.as_deref()
    }
    fn __len__(&self) -> usize {
        self.0.users.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.users())?
            .try_iter()
            .map(Bound::into_any)
    }
    /// The page as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "UserPage(users=<{} users>, cursor={})",
            self.0.users.len(),
            repr_str(&self.0.cursor)
        )
    }
}

/// The outcome of `register_users`: every input user once, created or failed.
#[pyclass(name = "RegisterReport", module = "chat_platform", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyRegisterReport(pub core::RegisterReport);

#[pymethods]
impl PyRegisterReport {
    /// Users created, in input order.
    #[getter]
    fn created(&self) -> Vec<PyUser> {
        self.0.created.iter().cloned().map(PyUser).collect()
    }
    /// Users not created, with reasons, in input order.
    #[getter]
    fn failed(&self) -> Vec<crate::records::PyItemFailure> {
        self.0
            .failed
            .iter()
            .cloned()
            .map(crate::records::PyItemFailure)
            .collect()
    }
    /// True when every user was created.
    #[getter]
    fn ok(&self) -> bool {
        self.0.is_complete()
    }
    /// The report as a plain dict (failure kinds as codes).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "RegisterReport(created=<{} users>, failed=<{} users>)",
            self.0.created.len(),
            self.0.failed.len()
        )
    }
}

/// A user to register with `register_users` (a dict with the same keys works too).
#[pyclass(name = "NewUser", module = "chat_platform", frozen)]
#[derive(Clone)]
pub struct PyNewUser(pub core::NewUser);

#[pymethods]
impl PyNewUser {
    #[new]
    #[pyo3(signature = (username, password, nickname=None))]
    fn new<'py>(
        py: Python<'py>,
        username: Option<crate::args::Raw<'py>>,
        password: Option<crate::args::Raw<'py>>,
        nickname: Option<crate::args::Raw<'py>>,
    ) -> PyResult<Self> {
        use crate::args::take;
        Ok(PyNewUser(core::NewUser {
            username: take::<String>(py, "NewUser", "username", username)?,
            password: take::<String>(py, "NewUser", "password", password)?.into(),
            nickname: take::<Option<String>>(py, "NewUser", "nickname", nickname)?,
        }))
    }
    /// The username.
    #[getter]
    fn username(&self) -> &str {
        &self.0.username
    }
    /// The push nickname.
    #[getter]
    fn nickname(&self) -> Option<&str> {
        self.0.nickname.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "NewUser(username={:?}, password='***', nickname={})",
            self.0.username,
            repr_str(&self.0.nickname)
        )
    }
}

record! {
    /// What `delete_user`, `remove_contact` and `unblock_user` did.
    PyDeletion(core::Deletion) as "Deletion" {
        /// The username the call was about, as given.
        username: String = |d| d.username.clone(),
        /// The user as the service described it; None when the answer was lost.
        user: Option<PyUser> = |d| d.user.clone().map(PyUser),
        /// `"deleted"` (the service answered), or `"already_gone"` (an earlier
        /// attempt got no answer and the repeat found nothing: the lost
        /// attempt deleted it).
        outcome: &'static str = |d| d.outcome.name(),
        /// True when `outcome` is `"already_gone"`.
        already_gone: bool = |d| d.already_gone(),
    }
}
