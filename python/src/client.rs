//! `Client` (sync) and `AsyncClient`: the same operations, generated once.

use std::sync::{Arc, Mutex};

use chat_platform as core;
use pyo3::prelude::*;

use crate::args::{self, Attributes, ChatTypes, DeleteLimit, Hour, Limit, Nicknames, Raw};
use crate::errors::raise;
use crate::iter::{
    AsyncContactIterator, AsyncMuteIterator, AsyncUserIterator, ContactIterator, MuteIterator,
    UserIterator,
};
use crate::records::{
    PyContactPage, PyDeletion, PyDevice, PyMutePage, PyMuteStatus, PyPushNicknameReport,
    PyPushSetting, PyUserToken,
};
use crate::runtime;
use crate::types::{
    names, style_arg, DeliveryStatus, Nothing, Presence, PyTokenInfo, PyUser, PyUserPage,
};

/// A documented data center.
#[pyclass(module = "chat_platform", eq, frozen, hash, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// `a1.easecdn.com`
    #[pyo3(name = "DOMESTIC_1")]
    Domestic1,
    /// `a31.easecdn.com`
    #[pyo3(name = "DOMESTIC_2")]
    Domestic2,
    /// `a1-sgp.easecdn.com`
    #[pyo3(name = "SINGAPORE_1")]
    Singapore1,
}

#[pymethods]
impl Region {
    /// The base URL of this data center.
    #[getter]
    fn base_url(&self) -> &'static str {
        core::Region::from(*self).base_url()
    }
}

impl From<Region> for core::Region {
    fn from(r: Region) -> Self {
        match r {
            Region::Domestic1 => core::Region::Domestic1,
            Region::Domestic2 => core::Region::Domestic2,
            Region::Singapore1 => core::Region::Singapore1,
        }
    }
}

/// The configuration and the core client, rebuilt in a forked child.
pub(crate) struct Shared {
    config: core::Config,
    handle: Mutex<Option<(u32, core::Client)>>,
}

impl Shared {
    pub(crate) fn core(&self) -> PyResult<core::Client> {
        let pid = std::process::id();
        let mut h = self.handle.lock().unwrap_or_else(|p| p.into_inner());
        match h.as_ref() {
            Some((owner, c)) if *owner == pid => Ok(c.clone()),
            Some(_) => {
                // A forked child: the parent's connections belong to a runtime
                // that does not exist here.
                let c =
                    core::Client::from_config(self.config.clone()).map_err(crate::errors::to_py)?;
                std::mem::forget(h.take());
                *h = Some((pid, c.clone()));
                Ok(c)
            }
            None => Err(raise(
                "ConfigurationError",
                "CONFIGURATION",
                "this client is closed".into(),
                None,
            )),
        }
    }

    fn close(&self) {
        self.handle.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    fn repr(&self, class: &str) -> String {
        let c = &self.config;
        let creds = match &c.credentials {
            core::Credentials::ClientSecret { client_id, .. } => {
                format!("client_id={client_id:?}, client_secret='***'")
            }
            core::Credentials::AppCertificate { app_id, .. } => {
                format!("app_id={app_id:?}, app_certificate='***'")
            }
            core::Credentials::Token(_) => "token='***'".into(),
            core::Credentials::None => "credentials=None".into(),
        };
        let store = c
            .shared_store
            .as_ref()
            .map(|u| format!(", shared_store={:?}", u.redacted()))
            .unwrap_or_default();
        format!(
            "{class}(base_url={:?}, app_key=\"{}#{}\", {creds}{store})",
            c.base_url, c.org, c.app
        )
    }
}

/// Builds the core client from settings: the core checks them, applies
/// its defaults and names a setting that breaks its rule.
pub(crate) fn build(settings: core::Settings) -> PyResult<Arc<Shared>> {
    let product = concat!("chat-platform-python/", env!("CARGO_PKG_VERSION"));
    let client = settings
        .builder(core::TimeUnit::Seconds, product)
        .and_then(core::ClientBuilder::build)
        .map_err(crate::errors::to_py)?;
    Ok(Arc::new(Shared {
        config: client.config().clone(),
        handle: Mutex::new(Some((std::process::id(), client))),
    }))
}

/// Defines `__new__` with the configuration keywords for a client class.
/// pyo3 hands every keyword over unconverted (`Raw`) and `args::take`
/// converts it, so a wrong type is a `TypeError` naming the class and the
/// keyword (``Client: `request_timeout` must be a number (an int or a float) or None, not str``).
macro_rules! constructor {
    ($t:ident) => {
        #[pymethods]
        impl $t {
            #[new]
            #[pyo3(signature = (*, base_url=None, region=None, app_key=None, org=None, app=None, client_id=None,
                client_secret=None, token=None, app_id=None, app_certificate=None, app_token_ttl=None,
                connect_timeout=None, request_timeout=None, attempt_timeout=None, max_attempts=None,
                retry_base_delay=None, retry_max_delay=None, retry_max_elapsed=None, token_refresh_margin=None,
                min_token_interval=None, user_agent=None, rate_limits=None, rate_limit_scale=None, batch_concurrency=None, proxy=None,
                proxy_username=None, proxy_password=None, no_proxy=None, proxy_from_env=None,
                ca_certificates=None, ca_certificate_files=None, shared_store=None),
                text_signature = "(*, base_url=None, region=None, app_key=None, org=None, app=None, client_id=None, \
                client_secret=None, token=None, app_id=None, app_certificate=None, app_token_ttl=None, \
                connect_timeout=10.0, request_timeout=30.0, attempt_timeout=None, max_attempts=6, \
                retry_base_delay=0.2, retry_max_delay=10.0, retry_max_elapsed=60.0, token_refresh_margin=300.0, \
                min_token_interval=1.0, user_agent=None, rate_limits=True, rate_limit_scale=1.0, batch_concurrency=None, \
                proxy=None, proxy_username=None, proxy_password=None, no_proxy=None, proxy_from_env=True, \
                ca_certificates=None, ca_certificate_files=None, shared_store=None)")]
            #[allow(clippy::too_many_arguments)]
            fn new<'py>(
                py: Python<'py>,
                base_url: Option<Raw<'py>>,
                region: Option<Bound<'py, PyAny>>,
                app_key: Option<Raw<'py>>,
                org: Option<Raw<'py>>,
                app: Option<Raw<'py>>,
                client_id: Option<Raw<'py>>,
                client_secret: Option<Raw<'py>>,
                token: Option<Raw<'py>>,
                app_id: Option<Raw<'py>>,
                app_certificate: Option<Raw<'py>>,
                app_token_ttl: Option<Raw<'py>>,
                connect_timeout: Option<Raw<'py>>,
                request_timeout: Option<Raw<'py>>,
                attempt_timeout: Option<Raw<'py>>,
                max_attempts: Option<Raw<'py>>,
                retry_base_delay: Option<Raw<'py>>,
                retry_max_delay: Option<Raw<'py>>,
                retry_max_elapsed: Option<Raw<'py>>,
                token_refresh_margin: Option<Raw<'py>>,
                min_token_interval: Option<Raw<'py>>,
                user_agent: Option<Raw<'py>>,
                rate_limits: Option<Raw<'py>>,
                rate_limit_scale: Option<Raw<'py>>,
                batch_concurrency: Option<Raw<'py>>,
                proxy: Option<Raw<'py>>,
                proxy_username: Option<Raw<'py>>,
                proxy_password: Option<Raw<'py>>,
                no_proxy: Option<Bound<'py, PyAny>>,
                proxy_from_env: Option<Raw<'py>>,
                ca_certificates: Option<Bound<'py, PyAny>>,
                ca_certificate_files: Option<Bound<'py, PyAny>>,
                shared_store: Option<Raw<'py>>,
            ) -> PyResult<Self> {
                const OP: &str = stringify!($t);
                let s = |name: &str, v: Option<Raw<'py>>| args::take::<Option<String>>(py, OP, name, v);
                let n = |name: &str, v: Option<Raw<'py>>| -> PyResult<Option<f64>> {
                    Ok(args::take::<Option<args::Seconds>>(py, OP, name, v)?.map(|x| x.0))
                };
                let whole = |name: &str, v: Option<Raw<'py>>| -> PyResult<Option<f64>> {
                    Ok(args::take::<Option<i64>>(py, OP, name, v)?.map(|x| x as f64))
                };
                let flag = |name: &str, v: Option<Raw<'py>>| args::take::<Option<bool>>(py, OP, name, v);
                let region = match region.filter(|r| !r.is_none()) {
                    None => None,
                    Some(r) => Some(r.extract::<Region>().map_err(|_| {
                        args::wrong_type(OP, "region", "a chat_platform.Region", &r)
                    })?),
                };
                let shared = build(core::Settings {
                    base_url: s("base_url", base_url)?,
                    region: region.map(Into::into),
                    app_key: s("app_key", app_key)?,
                    org: s("org", org)?,
                    app: s("app", app)?,
                    client_id: s("client_id", client_id)?,
                    client_secret: s("client_secret", client_secret)?.map(Into::into),
                    token: s("token", token)?.map(Into::into),
                    app_id: s("app_id", app_id)?,
                    app_certificate: s("app_certificate", app_certificate)?.map(Into::into),
                    app_token_ttl: n("app_token_ttl", app_token_ttl)?,
                    connect_timeout: n("connect_timeout", connect_timeout)?,
                    request_timeout: n("request_timeout", request_timeout)?,
                    attempt_timeout: n("attempt_timeout", attempt_timeout)?,
                    max_attempts: whole("max_attempts", max_attempts)?,
                    retry_base_delay: n("retry_base_delay", retry_base_delay)?,
                    retry_max_delay: n("retry_max_delay", retry_max_delay)?,
                    retry_max_elapsed: n("retry_max_elapsed", retry_max_elapsed)?,
                    token_refresh_margin: n("token_refresh_margin", token_refresh_margin)?,
                    min_token_interval: n("min_token_interval", min_token_interval)?,
                    user_agent: s("user_agent", user_agent)?,
                    rate_limits: flag("rate_limits", rate_limits)?,
                    rate_limit_scale: n("rate_limit_scale", rate_limit_scale)?,
                    batch_concurrency: whole("batch_concurrency", batch_concurrency)?,
                    proxy: s("proxy", proxy)?.map(Into::into),
                    proxy_username: s("proxy_username", proxy_username)?.map(Into::into),
                    proxy_password: s("proxy_password", proxy_password)?.map(Into::into),
                    no_proxy: args::strings("no_proxy", no_proxy.as_ref())?,
                    proxy_from_env: flag("proxy_from_env", proxy_from_env)?,
                    ca_certificates: args::strings("ca_certificates", ca_certificates.as_ref())?,
                    ca_certificate_files: args::paths("ca_certificate_files", ca_certificate_files.as_ref())?,
                    shared_store: s("shared_store", shared_store)?.map(core::StoreUrl::new),
                    proxy_config: None,
                })?;
                Ok($t { shared })
            }

            /// Releases the connection pool; later calls raise `ConfigurationError`.
            fn close(&self) {
                self.shared.close();
            }

            /// The base URL in use.
            #[getter]
            fn base_url(&self) -> String {
                self.shared.config.base_url.clone()
            }

            /// The app key, `org#app`.
            #[getter]
            fn app_key(&self) -> String {
                format!("{}#{}", self.shared.config.org, self.shared.config.app)
            }

            fn __repr__(&self) -> String {
                self.shared.repr(stringify!($t))
            }
        }
    };
}

/// A blocking client. Calls release the GIL while they wait, so other
/// threads keep running. Usable as a context manager.
///
#[doc = include_str!("client_keywords.md")]
#[pyclass(module = "chat_platform", frozen)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
}

/// An asyncio client: every operation returns an awaitable. Usable as an
/// `async with` context manager. The keywords are `Client`'s:
///
#[doc = include_str!("client_keywords.md")]
#[pyclass(module = "chat_platform", frozen)]
pub struct AsyncClient {
    pub(crate) shared: Arc<Shared>,
}

constructor!(Client);
constructor!(AsyncClient);

impl Client {
    pub(crate) fn from_shared(shared: Arc<Shared>) -> Self {
        Client { shared }
    }
}

impl AsyncClient {
    pub(crate) fn from_shared(shared: Arc<Shared>) -> Self {
        AsyncClient { shared }
    }
}

#[pymethods]
impl Client {
    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) {
        self.shared.close();
    }

    /// Every user, fetched `page_size` (1-100) at a time; a lazy iterator.
    #[pyo3(signature = (page_size=None), text_signature = "(self, page_size=100)")]
    fn iter_users<'py>(
        &self,
        py: Python<'py>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<UserIterator> {
        let size: Option<Limit> = args::take(py, "iter_users", "page_size", page_size)?;
        let stream = self
            .shared
            .core()?
            .iter_users(size.map_or(100, |l| l.0))
            .map_err(crate::errors::to_py)?;
        Ok(UserIterator::new(stream))
    }

    /// Every muted user (one entry per chat type), `page_size` (1-50) entries
    /// per request; a lazy iterator.
    #[pyo3(signature = (page_size=None), text_signature = "(self, page_size=50)")]
    fn iter_mutes<'py>(
        &self,
        py: Python<'py>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<MuteIterator> {
        mute_stream(&self.shared, py, page_size).map(MuteIterator::new)
    }

    /// Every contact of `owner` with its remark, `page_size` (1-50) per
    /// request; a lazy iterator.
    #[pyo3(signature = (owner, page_size=None), text_signature = "(self, owner, page_size=50)")]
    fn iter_contacts<'py>(
        &self,
        py: Python<'py>,
        owner: Option<Raw<'py>>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<ContactIterator> {
        contact_stream(&self.shared, py, owner, page_size).map(ContactIterator::new)
    }
}

fn mute_stream<'py>(
    shared: &Shared,
    py: Python<'py>,
    page_size: Option<Raw<'py>>,
) -> PyResult<core::ItemStream<core::MuteEntry>> {
    const OP: &str = "iter_mutes";
    let size: Option<i64> = args::take(py, OP, "page_size", page_size)?;
    let size =
        core::validate::mute_page_arg(OP, "page_size", size).map_err(crate::errors::to_py)?;
    shared
        .core()?
        .iter_mutes(size)
        .map_err(crate::errors::to_py)
}

fn contact_stream<'py>(
    shared: &Shared,
    py: Python<'py>,
    owner: Option<Raw<'py>>,
    page_size: Option<Raw<'py>>,
) -> PyResult<core::ItemStream<core::Contact>> {
    const OP: &str = "iter_contacts";
    let owner: String = args::take(py, OP, "owner", owner)?;
    let size: Option<i64> = args::take(py, OP, "page_size", page_size)?;
    let size =
        core::validate::contact_page_arg(OP, "page_size", size).map_err(crate::errors::to_py)?;
    shared
        .core()?
        .iter_contacts(&owner, size)
        .map_err(crate::errors::to_py)
}

#[pymethods]
impl AsyncClient {
    fn __aenter__<'py>(slf: Py<Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        runtime::awaitable_py(py, "AsyncClient.__aenter__", async move { Ok(slf) })
    }

    #[pyo3(signature = (*_args))]
    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _args: &Bound<'_, pyo3::types::PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.close();
        runtime::awaitable_py(py, "AsyncClient.__aexit__", async move {
            Ok(crate::types::Nothing)
        })
    }

    /// Every user, fetched `page_size` (1-100) at a time; an async iterator.
    #[pyo3(signature = (page_size=None), text_signature = "(self, page_size=100)")]
    fn iter_users<'py>(
        &self,
        py: Python<'py>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<AsyncUserIterator> {
        let size: Option<Limit> = args::take(py, "iter_users", "page_size", page_size)?;
        let stream = self
            .shared
            .core()?
            .iter_users(size.map_or(100, |l| l.0))
            .map_err(crate::errors::to_py)?;
        Ok(AsyncUserIterator::new(stream))
    }

    /// Every muted user (one entry per chat type), `page_size` (1-50) entries
    /// per request; an async iterator.
    #[pyo3(signature = (page_size=None), text_signature = "(self, page_size=50)")]
    fn iter_mutes<'py>(
        &self,
        py: Python<'py>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<AsyncMuteIterator> {
        mute_stream(&self.shared, py, page_size).map(AsyncMuteIterator::new)
    }

    /// Every contact of `owner` with its remark, `page_size` (1-50) per
    /// request; an async iterator.
    #[pyo3(signature = (owner, page_size=None), text_signature = "(self, owner, page_size=50)")]
    fn iter_contacts<'py>(
        &self,
        py: Python<'py>,
        owner: Option<Raw<'py>>,
        page_size: Option<Raw<'py>>,
    ) -> PyResult<AsyncContactIterator> {
        contact_stream(&self.shared, py, owner, page_size).map(AsyncContactIterator::new)
    }
}

/// The old name of `delete_oldest_users`, for one release, with a
/// `DeprecationWarning` (it deletes the oldest users, not the ones named).
fn deprecated_delete_users<'py>(
    slf: &Bound<'py, PyAny>,
    limit: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    py.import("warnings")?.call_method1(
        "warn",
        (
            "delete_users is renamed delete_oldest_users: it deletes the oldest users, \
             not the ones you name",
            py.get_type::<pyo3::exceptions::PyDeprecationWarning>(),
            2,
        ),
    )?;
    slf.call_method1("delete_oldest_users", (limit,))
}

/// `delete_users` on both clients.
macro_rules! deprecated_alias {
    ($($t:ident),*) => {$(
        #[pymethods]
        impl $t {
            /// Deprecated: the old name of `delete_oldest_users`.
            fn delete_users<'py>(
                slf: &Bound<'py, Self>,
                limit: Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                deprecated_delete_users(slf.as_any(), limit)
            }
        }
    )*};
}
deprecated_alias!(Client, AsyncClient);

/// Generates each operation twice: blocking on `Client`, awaitable on
/// `AsyncClient`. pyo3 hands every argument over unconverted (`Raw`) and
/// `args::take` converts it, so a wrong type or value is an error that names
/// the operation and the argument.
macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident [$($sig:tt)*] ($core:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty
        $(where { $($pre:tt)* })?
        $body:block
    )*) => {
        #[pymethods]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[pyo3(signature = ($($sig)*))]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<$ret> {
                    $(let $arg: $ty = args::take(py, stringify!($name), stringify!($arg), $arg)?;)*
                    let $core = self.shared.core()?;
                    $($($pre)*)?
                    runtime::block_on(py, async move $body)
                }
            )*
        }
        #[pymethods]
        impl AsyncClient {
            $(
                $(#[doc = $doc])*
                #[pyo3(signature = ($($sig)*))]
                #[allow(clippy::too_many_arguments)]
                fn $name<'py>(&self, py: Python<'py>, $($arg: Option<Raw<'py>>),*) -> PyResult<Bound<'py, PyAny>> {
                    $(let $arg: $ty = args::take(py, stringify!($name), stringify!($arg), $arg)?;)*
                    let $core = self.shared.core()?;
                    $($($pre)*)?
                    runtime::awaitable(py, concat!("AsyncClient.", stringify!($name)), async move $body)
                }
            )*
        }
    };
}

operations! {
    /// Fetches a new app token now and caches it (normally automatic).
    fn fetch_token [] (c) -> PyTokenInfo { c.fetch_token().await.map(PyTokenInfo) }

    /// Registers one user without a token (open registration).
    fn register_user_open [username, password, nickname=None] (c, username: String, password: String, nickname: Option<String>) -> PyUser {
        c.register_user_open(&username, &password, nickname.as_deref()).await.map(PyUser)
    }

    /// Registers one user with the app token (authorized registration).
    fn register_user [username, password, nickname=None] (c, username: String, password: String, nickname: Option<String>) -> PyUser {
        c.register_user(&username, &password, nickname.as_deref()).await.map(PyUser)
    }

    /// Gets one user (the username is matched ignoring case).
    fn get_user [username] (c, username: String) -> PyUser { c.get_user(&username).await.map(PyUser) }

    /// One page of users in creation order: `limit` 1-100 (service default 10),
    /// `cursor` from the previous page.
    fn list_users [limit=None, cursor=None] (c, limit: Option<Limit>, cursor: Option<String>) -> PyUserPage {
        c.list_users(limit.map(|l| l.0), cursor.as_deref()).await.map(PyUserPage)
    }

    /// Deletes one user. The `Deletion` holds the user as the service
    /// described it; when an earlier attempt got no answer and the repeat
    /// found no such user, `outcome` is `"already_gone"` (the lost attempt
    /// deleted it). A user missing at the first attempt raises `NotFoundError`.
    fn delete_user [username] (c, username: String) -> PyDeletion { c.delete_user(&username).await.map(PyDeletion) }

    /// Deletes the `limit` (1-500) oldest users and returns them. Never retried
    /// after an ambiguous failure: a repeat would delete more users.
    fn delete_oldest_users [limit] (c, limit: DeleteLimit) -> PyUserPage { c.delete_oldest_users(limit.0).await.map(PyUserPage) }

    /// Sets a user's password.
    fn set_password [username, new_password] (c, username: String, new_password: String) -> Nothing {
        c.set_password(&username, &new_password).await.map(|()| Nothing)
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    fn set_push_nickname [username, nickname] (c, username: String, nickname: String) -> PyUser {
        c.set_push_nickname(&username, &nickname).await.map(PyUser)
    }

    /// Sets how push notifications are displayed (`DisplayStyle` or 0/1).
    fn set_notification_display_style [username, style] (c, username: String, style: Bound<'py, PyAny>) -> PyUser
    where { let style = style_arg("set_notification_display_style", &style)?; }
    { c.set_notification_display_style(&username, style?).await.map(PyUser) }

    /// Turns do-not-disturb on from `start_hour` to `end_hour` (0-23).
    fn set_no_disturb [username, start_hour, end_hour] (c, username: String, start_hour: Hour, end_hour: Hour) -> PyUser {
        c.set_no_disturb(&username, start_hour.0, end_hour.0).await.map(PyUser)
    }

    /// Turns do-not-disturb off.
    fn clear_no_disturb [username] (c, username: String) -> PyUser { c.clear_no_disturb(&username).await.map(PyUser) }

    /// Adds `contact` to `owner`'s contacts; returns the contact.
    fn add_contact [owner, contact] (c, owner: String, contact: String) -> PyUser {
        c.add_contact(&owner, &contact).await.map(PyUser)
    }

    /// Removes `contact` from `owner`'s contacts: a `Deletion` holding the
    /// contact (`outcome` `"already_gone"` after a lost answer, as `delete_user`).
    fn remove_contact [owner, contact] (c, owner: String, contact: String) -> PyDeletion {
        c.remove_contact(&owner, &contact).await.map(PyDeletion)
    }

    /// The usernames of `owner`'s contacts.
    fn list_contacts [owner] (c, owner: String) -> Vec<String> { c.list_contacts(&owner).await }

    /// The usernames `owner` has blocked.
    fn list_blocked [owner] (c, owner: String) -> Vec<String> { c.list_blocked(&owner).await }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    fn block_users [owner, usernames] (c, owner: String, usernames: Bound<'py, PyAny>) -> Vec<String>
    where { let usernames = names("block_users", "usernames", &usernames)?; }
    { c.block_users(&owner, &usernames).await }

    /// Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that
    /// user (`outcome` `"already_gone"` after a lost answer, as `delete_user`).
    fn unblock_user [owner, blocked] (c, owner: String, blocked: String) -> PyDeletion {
        c.unblock_user(&owner, &blocked).await.map(PyDeletion)
    }

    /// Whether a user is online.
    fn user_status [username] (c, username: String) -> Presence { c.user_status(&username).await.map(Presence::from) }

    /// How many offline messages wait for a user.
    fn offline_message_count [username] (c, username: String) -> u64 { c.offline_message_count(&username).await }

    /// Whether one offline message was delivered.
    fn offline_message_status [username, msg_id] (c, username: String, msg_id: String) -> DeliveryStatus {
        c.offline_message_status(&username, &msg_id).await.map(DeliveryStatus::from)
    }

    /// Deactivates (bans) a user; returns it.
    fn deactivate_user [username] (c, username: String) -> PyUser { c.deactivate_user(&username).await.map(PyUser) }

    /// Activates (unbans) a user.
    fn activate_user [username] (c, username: String) -> Nothing { c.activate_user(&username).await.map(|()| Nothing) }

    /// Forces a user offline; true when the service confirmed it.
    fn disconnect_user [username] (c, username: String) -> bool { c.disconnect_user(&username).await }

    /// A login token for a user, by their password (no app token needed).
    /// `ttl_seconds`: its lifetime (None: the console's setting; 0: it never
    /// expires). A wrong password raises `UnauthorizedError`, an unknown user
    /// `NotFoundError`.
    fn user_token [username, password, ttl_seconds=None] (c, username: String, password: String, ttl_seconds: Option<i64>) -> PyUserToken {
        let ttl = core::validate::ttl_arg("user_token", ttl_seconds)?;
        c.user_token(&username, &password, ttl).await.map(PyUserToken)
    }

    /// A login token for a user without their password (the app token vouches
    /// for them); `create_user=True` registers the user if missing.
    fn user_token_without_password [username, ttl_seconds=None, create_user=None] (c, username: String, ttl_seconds: Option<i64>, create_user: Option<bool>) -> PyUserToken {
        let ttl = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
        c.user_token_without_password(&username, ttl, create_user.unwrap_or(false)).await.map(PyUserToken)
    }

    /// The devices a user is logged in on (empty when offline).
    fn list_devices [username] (c, username: String) -> Vec<PyDevice> {
        c.list_devices(&username).await.map(|d| d.into_iter().map(PyDevice).collect::<Vec<_>>())
    }

    /// Logs a user out of one device (`resource` from `list_devices`); False
    /// when that device was not online.
    fn logout_device [username, resource] (c, username: String, resource: String) -> bool {
        c.logout_device(&username, &resource).await
    }

    /// Sets attributes of a user (others are kept) from a dict of str; returns
    /// what was stored. Keys and values together are checked against the
    /// service's 2 KB per user before sending.
    fn set_user_attributes [username, attributes] (c, username: String, attributes: Attributes) -> std::collections::BTreeMap<String, String> {
        c.set_user_attributes(&username, &attributes.0).await
    }

    /// A user's attributes (`{}` when none, or no such user).
    fn get_user_attributes [username] (c, username: String) -> std::collections::BTreeMap<String, String> {
        c.get_user_attributes(&username).await
    }

    /// Deletes all of a user's attributes.
    fn delete_user_attributes [username] (c, username: String) -> Nothing {
        c.delete_user_attributes(&username).await.map(|()| Nothing)
    }

    /// How many bytes of attributes the whole app stores.
    fn user_attributes_usage [] (c) -> u64 { c.user_attributes_usage().await }

    /// Mutes a user for `seconds` (1 to 2,147,483,647; None: for good) in the
    /// given chat types (`"chat"`, `"groupchat"`, `"chatroom"`; None: all three).
    fn mute_user [username, seconds=None, chat_types=None] (c, username: String, seconds: Option<i64>, chat_types: Option<ChatTypes>) -> Nothing
    where { let secs = seconds.map(|s| core::validate::range_arg("mute_user", "seconds", s, 0, u32::MAX)).transpose().map_err(crate::errors::to_py)?; }
    {
        let types = chat_types.map(|t| t.0).unwrap_or_default();
        c.mute_user(&username, secs, &types).await.map(|()| Nothing)
    }

    /// Lifts a user's mute in the given chat types (None: all three).
    fn unmute_user [username, chat_types=None] (c, username: String, chat_types: Option<ChatTypes>) -> Nothing {
        let types = chat_types.map(|t| t.0).unwrap_or_default();
        c.unmute_user(&username, &types).await.map(|()| Nothing)
    }

    /// Seconds left of a user's mute per chat type (0: none; -1: for good).
    fn get_mute [username] (c, username: String) -> PyMuteStatus {
        c.get_mute(&username).await.map(PyMuteStatus)
    }

    /// One page of muted users: `page` from 1, `page_size` 1-50.
    fn list_mutes [page=None, page_size=None] (c, page: Option<i64>, page_size: Option<i64>) -> PyMutePage
    where {
        let page = page.map(|p| core::validate::range_arg("list_mutes", "page", p, 1, u32::MAX)).transpose().map_err(crate::errors::to_py)?;
        let size = page_size.map(|p| core::validate::mute_page_arg("list_mutes", "page_size", Some(p))).transpose().map_err(crate::errors::to_py)?;
    }
    { c.list_mutes(page, size).await.map(PyMutePage) }

    /// One page of `owner`'s contacts, newest first: `limit` 1-50 (service
    /// default 10), `cursor` from the previous page, remarks when `with_remarks`.
    fn list_contacts_page [owner, limit=None, cursor=None, with_remarks=None] (c, owner: String, limit: Option<i64>, cursor: Option<String>, with_remarks: Option<bool>) -> PyContactPage
    where { let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l))).transpose().map_err(crate::errors::to_py)?; }
    { c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks.unwrap_or(false)).await.map(PyContactPage) }

    /// Sets the remark `owner` gives `contact` (at most 100 characters; `""` clears it).
    fn set_contact_remark [owner, contact, remark] (c, owner: String, contact: String, remark: String) -> Nothing {
        c.set_contact_remark(&owner, &contact, &remark).await.map(|()| Nothing)
    }

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
