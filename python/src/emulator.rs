//! `chat_platform.Emulator`: the in-process emulator for users' own tests.

use std::sync::Mutex;

use chat_platform_emulator::{Emulator as Core, EmulatorConfig, FaultPlan};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::client::{build, AsyncClient, Client};
use crate::json::{from_py_value, to_py_value};

/// A local Chat Platform API server on a free loopback port, for tests.
/// Stops on `stop()`, at the end of a `with` block, or when collected.
#[pyclass(module = "chat_platform", frozen)]
pub struct Emulator {
    inner: Mutex<Option<Core>>,
}

impl Emulator {
    fn shared(&self) -> PyResult<std::sync::Arc<crate::client::Shared>> {
        let (u, k, i, s, ca) = self.with(|e| {
            (
                e.url().to_owned(),
                e.app_key(),
                e.client_id(),
                e.client_secret(),
                e.ca_pem().map(str::to_owned),
            )
        })?;
        build(
            chat_platform::Settings {
                base_url: Some(u),
                app_key: Some(k),
                client_id: Some(i),
                client_secret: Some(s.into()),
                proxy_from_env: Some(false),
                ca_certificates: ca.into_iter().collect(),
                ..chat_platform::Settings::default()
            },
            None,
        )
    }

    fn with<T>(&self, f: impl FnOnce(&Core) -> T) -> PyResult<T> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref()
            .map(f)
            .ok_or_else(|| PyRuntimeError::new_err("the emulator is stopped"))
    }
}

fn merged(base: EmulatorConfig, patch: Option<&Bound<'_, PyDict>>) -> PyResult<EmulatorConfig> {
    match patch {
        None => Ok(base),
        Some(p) => base
            .merged(&from_py_value(p.as_any())?)
            .map_err(|e| PyTypeError::new_err(format!("Emulator: {e}"))),
    }
}

#[pymethods]
impl Emulator {
    /// Starts an emulator. Keywords: `port` (0 = free), `org`, `app`,
    /// `client_id`, `client_secret`, `token_ttl_secs` (0 = never expires),
    /// `open_registration`, `rate_limits`, `contact_limit`, `block_limit`,
    /// `max_body_bytes`, `count_as_string`, `tls` (serve HTTPS; see `ca_pem`).
    #[new]
    #[pyo3(signature = (**settings))]
    fn new(settings: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let config = merged(EmulatorConfig::default(), settings)?;
        let core = Core::start(config)
            .map_err(|e| PyRuntimeError::new_err(format!("could not start the emulator: {e}")))?;
        Ok(Emulator {
            inner: Mutex::new(Some(core)),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    #[getter]
    fn url(&self) -> PyResult<String> {
        self.with(|e| e.url().to_owned())
    }
    /// The app key, `org#app`.
    #[getter]
    fn app_key(&self) -> PyResult<String> {
        self.with(Core::app_key)
    }
    /// The org name.
    #[getter]
    fn org(&self) -> PyResult<String> {
        self.with(Core::org)
    }
    /// The app name.
    #[getter]
    fn app(&self) -> PyResult<String> {
        self.with(Core::app)
    }
    /// The client id the emulator accepts.
    #[getter]
    fn client_id(&self) -> PyResult<String> {
        self.with(Core::client_id)
    }
    /// The Agora app ID whose AccessToken2 app tokens the `agora` grant accepts.
    #[getter]
    fn app_id(&self) -> PyResult<String> {
        self.with(|e| e.app_id())
    }
    /// The Agora app certificate those tokens are signed with (the emulator's own).
    #[getter]
    fn app_certificate(&self) -> PyResult<String> {
        self.with(|e| e.app_certificate())
    }
    /// The client secret the emulator accepts.
    #[getter]
    fn client_secret(&self) -> PyResult<String> {
        self.with(Core::client_secret)
    }

    /// A `Client` for this emulator (direct, not through the environment's
    /// proxies; trusting its CA when it serves HTTPS).
    fn client(&self) -> PyResult<Client> {
        Ok(Client::from_shared(self.shared()?))
    }
    /// An `AsyncClient` for this emulator.
    fn async_client(&self) -> PyResult<AsyncClient> {
        Ok(AsyncClient::from_shared(self.shared()?))
    }

    /// For HTTPS (`Emulator(tls=True)`): the PEM certificate of the CA that
    /// signed this run's server certificate; pass it as `ca_certificates`.
    /// None for plain HTTP.
    #[getter]
    fn ca_pem(&self) -> PyResult<Option<String>> {
        self.with(|e| e.ca_pem().map(str::to_owned))
    }

    /// Forgets users, tokens, faults and counters; restores the start settings.
    fn reset(&self) -> PyResult<()> {
        self.with(Core::reset)
    }
    /// Counters since the last reset (requests per route, token grants, ...).
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = self.with(Core::stats)?;
        to_py_value(py, &serde_json::to_value(s).unwrap_or_default())
    }
    /// The current settings.
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = self.with(Core::config)?;
        to_py_value(py, &serde_json::to_value(c).unwrap_or_default())
    }
    /// Changes settings (same keywords as the constructor).
    #[pyo3(signature = (**settings))]
    fn set_config(&self, settings: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let c = merged(self.with(Core::config)?, settings)?;
        self.with(|e| e.set_config(c))
    }
    /// Sets a user online or offline; False when the user does not exist.
    #[pyo3(signature = (username, online=true))]
    fn set_presence(&self, username: &str, online: bool) -> PyResult<bool> {
        self.with(|e| e.set_presence(username, online))
    }
    /// Puts a user online on these devices, replacing the ones they had (an
    /// empty list logs them out): each a dict `{"resource": "android_1a2b",
    /// "device_uuid": ..., "device_name": ...}` or a `(resource, device_uuid,
    /// device_name)` tuple. False when the user does not exist.
    fn set_devices(&self, username: &str, devices: &Bound<'_, PyAny>) -> PyResult<bool> {
        let mut list = Vec::new();
        for (i, d) in devices.try_iter()?.enumerate() {
            let d = d?;
            let field = |k: &str| -> PyResult<String> {
                match d.get_item(k) {
                    Ok(v) if v.is_none() => Ok(String::new()),
                    Ok(v) => v.extract::<String>(),
                    Err(_) if k != "resource" => Ok(String::new()),
                    Err(e) => Err(e),
                }
            };
            let t = if d.is_instance_of::<pyo3::types::PyDict>() {
                (
                    field("resource")?,
                    field("device_uuid")?,
                    field("device_name")?,
                )
            } else {
                d.extract::<(String, String, String)>().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(format!(
                        "set_devices: `devices[{i}]` must be a dict or a (resource, device_uuid, device_name) tuple"
                    ))
                })?
            };
            list.push(t);
        }
        self.with(|e| e.set_devices(username, &list))
    }
    /// Adds offline messages, given as `(id, delivered)` pairs; False when the user does not exist.
    fn add_offline_messages(
        &self,
        username: &str,
        messages: Vec<(String, bool)>,
    ) -> PyResult<bool> {
        self.with(|e| e.add_offline_messages(username, &messages))
    }
    /// Invalidates every token issued so far; returns how many.
    fn revoke_tokens(&self) -> PyResult<usize> {
        self.with(Core::revoke_tokens)
    }
    /// Installs a fault plan, e.g. `{"rules": [{"route": "GET /users/{username}",
    /// "count": 2, "status": 503, "retry_after": "1"}]}` or
    /// `{"random": {"seed": 7, "status_rate": 0.2, "drop_rate": 0.05}}`.
    fn set_faults(&self, plan: &Bound<'_, PyAny>) -> PyResult<()> {
        let v = from_py_value(plan)?;
        let plan: FaultPlan = serde_json::from_value(v)
            .map_err(|e| PyValueError::new_err(format!("bad fault plan: {e}")))?;
        self.with(|e| e.set_faults(plan))
    }
    /// Removes every fault.
    fn clear_faults(&self) -> PyResult<()> {
        self.with(Core::clear_faults)
    }
    /// Stops serving (idempotent).
    fn stop(&self, py: Python<'_>) {
        let core = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        py.detach(move || drop(core));
    }
    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }
    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        self.stop(py);
    }
    fn __repr__(&self) -> String {
        match self.with(|e| (e.url().to_owned(), e.app_key())) {
            Ok((u, k)) => format!("Emulator(url={u:?}, app_key={k:?})"),
            Err(_) => "Emulator(stopped)".into(),
        }
    }
}
