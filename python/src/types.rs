//! Result classes, enums and `NewUser`: Python views of the core's models.

use chat_platform as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::args::wrong_type;
use pyo3::types::{PyDict, PyList};

use crate::json::to_py_value;

fn repr_str(v: &Option<String>) -> String {
    v.as_ref().map_or("None".into(), |s| format!("{s:?}"))
}

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

/// An app token. `access_token` is the bearer token itself; `repr` never shows it.
#[pyclass(name = "TokenInfo", module = "chat_platform", frozen)]
#[derive(Clone)]
pub struct PyTokenInfo(pub core::TokenInfo);

#[pymethods]
impl PyTokenInfo {
    /// The bearer token (keep it secret).
    #[getter]
    fn access_token(&self) -> &str {
        self.0.access_token.expose()
    }
    /// Seconds until expiry as the service said; `None` when it does not expire.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.0.expires_in
    }
    /// The application UUID the service reported.
    #[getter]
    fn application(&self) -> Option<&str> {
        self.0.application.as_deref()
    }
    /// `{"expires_in", "application"}` (never the token).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "TokenInfo(access_token='***', expires_in={}, application={})",
            self.0.expires_in.map_or("None".into(), |v| v.to_string()),
            repr_str(&self.0.application)
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
