//! `Client` (sync) and `AsyncClient`: the same operations, generated once.

use std::sync::{Arc, Mutex};

use chat_platform as core;
use pyo3::prelude::*;

use crate::args::{self, Raw};
use crate::errors::raise;
use crate::runtime;

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
    events: Option<core::EventHook>,
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
                let c = core::ClientBuilder::from_config(self.config.clone())
                    .event_hook(self.events.clone())
                    .build()
                    .map_err(crate::errors::to_py)?;
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
pub(crate) fn build(
    settings: core::Settings,
    events: Option<core::EventHook>,
) -> PyResult<Arc<Shared>> {
    let product = concat!("chat-platform-python/", env!("CARGO_PKG_VERSION"));
    let client = settings
        .builder(core::TimeUnit::Seconds, product)
        .and_then(|b| b.event_hook(events.clone()).build())
        .map_err(crate::errors::to_py)?;
    Ok(Arc::new(Shared {
        config: client.config().clone(),
        events,
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
                ca_certificates=None, ca_certificate_files=None, shared_store=None, on_event=None),
                text_signature = "(*, base_url=None, region=None, app_key=None, org=None, app=None, client_id=None, \
                client_secret=None, token=None, app_id=None, app_certificate=None, app_token_ttl=None, \
                connect_timeout=10.0, request_timeout=30.0, attempt_timeout=None, max_attempts=6, \
                retry_base_delay=0.2, retry_max_delay=10.0, retry_max_elapsed=60.0, token_refresh_margin=300.0, \
                min_token_interval=1.0, user_agent=None, rate_limits=True, rate_limit_scale=1.0, batch_concurrency=None, \
                proxy=None, proxy_username=None, proxy_password=None, no_proxy=None, proxy_from_env=True, \
                ca_certificates=None, ca_certificate_files=None, shared_store=None, on_event=None)")]
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
                on_event: Option<Bound<'py, PyAny>>,
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
                let events = crate::events::hook(OP, on_event)?;
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
                }, events)?;
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
            Ok(crate::records::Nothing)
        })
    }
}
