//! `Emulator`: the in-process emulator for users' own tests.

use std::sync::Mutex;

use chat_platform_emulator::{Emulator as Core, EmulatorConfig, FaultPlan};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::client::Client;
use crate::errors::{invalid_arg, to_js};
use crate::options::{build, client_options};

/// An offline message to add with `addOfflineMessages`.
#[napi(object)]
pub struct OfflineMessage {
    /// The message id.
    pub id: String,
    /// Whether it was delivered.
    pub delivered: bool,
}

/// A device to put a user online on with `setDevices`.
#[napi(object)]
pub struct EmulatorDevice {
    /// The resource as the service names it: `android_1a2b`, `ios_...`, `web_...`.
    pub resource: String,
    /// The device's UUID.
    pub device_uuid: Option<String>,
    /// The device's name.
    pub device_name: Option<String>,
}

/// Settings of `new Emulator(settings)` (all optional; defaults as
/// `chat-emulator --help` lists them).
#[napi(object, object_to_js = false)]
#[allow(dead_code)]
pub struct EmulatorSettings {
    /// Port to listen on (default: a free one).
    pub port: Option<u32>,
    /// Address to bind (default 127.0.0.1).
    pub host: Option<String>,
    /// The org of the one app served (default `demo-org`).
    pub org: Option<String>,
    /// The app (default `demo-app`).
    pub app: Option<String>,
    /// The client id the token route accepts.
    pub client_id: Option<String>,
    /// The client secret it accepts.
    pub client_secret: Option<String>,
    /// The Agora app ID the `agora` grant accepts (32 hex characters).
    pub app_id: Option<String>,
    /// The certificate its AccessToken2 tokens are signed with.
    pub app_certificate: Option<String>,
    /// App token lifetime in seconds, 0 = never expires (default 5184000).
    pub token_ttl_secs: Option<f64>,
    /// Whether `POST /users` works without a token (default true).
    pub open_registration: Option<bool>,
    /// Enforce the documented per-second limits, 429 beyond (default false).
    pub rate_limits: Option<bool>,
    /// The limits enforced are the documented ones times this (default 1).
    pub rate_limit_scale: Option<f64>,
    /// Refused requests count in the one-second window too, as some
    /// services do (default false).
    pub strict_limits: Option<bool>,
    /// Every request arrives this many ms after it was sent (default 0).
    pub latency_ms: Option<f64>,
    /// Plus a random 0 to this many ms (default 0).
    pub jitter_ms: Option<f64>,
    /// Share (0-1) of requests held back `burstMs` longer, passed by the
    /// next ones (default 0).
    pub burst_rate: Option<f64>,
    /// How long a held-back request is held, ms (default 0).
    pub burst_ms: Option<f64>,
    /// Most contacts per user (default 1000).
    pub contact_limit: Option<u32>,
    /// Most blocked users per user (default 500).
    pub block_limit: Option<u32>,
    /// Largest request body accepted, bytes (default 1 MiB).
    pub max_body_bytes: Option<u32>,
    /// Most bytes of attributes per user (default 2048).
    pub metadata_user_limit: Option<u32>,
    /// Answer offline message counts as numeric strings (a documented quirk).
    pub count_as_string: Option<bool>,
    /// Serve HTTPS with a certificate made at start (see `caPem`).
    pub tls: Option<bool>,
}

const EMULATOR_SETTINGS: &[(&str, crate::options::Kind)] = {
    use crate::options::Kind::{Bool, Num, Str};
    &[
        ("port", Num),
        ("host", Str),
        ("org", Str),
        ("app", Str),
        ("clientId", Str),
        ("clientSecret", Str),
        ("appId", Str),
        ("appCertificate", Str),
        ("tokenTtlSecs", Num),
        ("openRegistration", Bool),
        ("rateLimits", Bool),
        ("rateLimitScale", Num),
        ("strictLimits", Bool),
        ("latencyMs", Num),
        ("jitterMs", Num),
        ("burstRate", Num),
        ("burstMs", Num),
        ("contactLimit", Num),
        ("blockLimit", Num),
        ("maxBodyBytes", Num),
        ("metadataUserLimit", Num),
        ("countAsString", Bool),
        ("tls", Bool),
    ]
};

fn merged(base: EmulatorConfig, patch: Option<serde_json::Value>) -> Result<EmulatorConfig> {
    match patch {
        None => Ok(base),
        Some(p) => base.merged(&p).map_err(invalid_arg),
    }
}

/// A local Chat Platform API server on a free loopback port, for tests. Call `stop()` when done.
#[napi]
pub struct Emulator {
    inner: Mutex<Option<Core>>,
}

impl Emulator {
    fn with<T>(&self, f: impl FnOnce(&Core) -> T) -> Result<T> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref()
            .map(f)
            .ok_or_else(|| Error::new(Status::GenericFailure, "the emulator is stopped"))
    }
}

#[napi]
impl Emulator {
    /// Starts an emulator. Settings (all optional): `port`, `org`, `app`,
    /// `clientId`, `clientSecret`, `tokenTtlSecs` (0 = never expires),
    /// `openRegistration`, `rateLimits`, `rateLimitScale`, `strictLimits`,
    /// `latencyMs`, `jitterMs`, `burstRate`, `burstMs`, `contactLimit`, `blockLimit`, `maxBodyBytes`,
    /// `countAsString`, `tls`.
    #[napi(constructor, ts_args_type = "settings?: EmulatorSettings")]
    pub fn new(env: Env, settings: Unknown<'_>) -> Result<Self> {
        let example = "{ port, tls, rateLimits, ... }";
        let checked =
            crate::options::check_object("new Emulator", settings, EMULATOR_SETTINGS, example)
                .map_err(|e| to_js(&env, &e))?;
        let settings = match checked {
            None => None,
            Some(obj) => Some(
                unsafe { obj.to_unknown().cast::<serde_json::Value>() }.map_err(|e| {
                    to_js(
                        &env,
                        &chat_platform::Error::invalid_setting("settings", e.reason),
                    )
                })?,
            ),
        };
        let config = merged(EmulatorConfig::default(), settings)?;
        let core = Core::start(config).map_err(|e| {
            Error::new(
                Status::GenericFailure,
                format!("could not start the emulator: {e}"),
            )
        })?;
        Ok(Emulator {
            inner: Mutex::new(Some(core)),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    #[napi(getter)]
    pub fn url(&self) -> Result<String> {
        self.with(|e| e.url().to_owned())
    }
    /// The app key, `org#app`.
    #[napi(getter)]
    pub fn app_key(&self) -> Result<String> {
        self.with(Core::app_key)
    }
    /// The client id the emulator accepts.
    #[napi(getter)]
    pub fn client_id(&self) -> Result<String> {
        self.with(Core::client_id)
    }
    /// The client secret the emulator accepts.
    #[napi(getter)]
    pub fn client_secret(&self) -> Result<String> {
        self.with(Core::client_secret)
    }

    /// For HTTPS (`new Emulator({ tls: true })`): the PEM certificate of the
    /// CA that signed this run's server certificate; pass it in
    /// `caCertificates`. `null` for plain HTTP.
    /// The Agora app ID whose AccessToken2 app tokens the `agora` grant accepts.
    #[napi(getter)]
    pub fn app_id(&self) -> Result<String> {
        self.with(|e| e.app_id())
    }
    /// The Agora app certificate those tokens are signed with (the emulator's
    /// own, not a secret).
    #[napi(getter)]
    pub fn app_certificate(&self) -> Result<String> {
        self.with(|e| e.app_certificate())
    }
    /// The PEM certificate an HTTPS emulator (`tls: true`) serves, to trust
    /// in a client's `caCertificates`; null for plain HTTP.
    #[napi(getter)]
    pub fn ca_pem(&self) -> Result<Option<String>> {
        self.with(|e| e.ca_pem().map(str::to_owned))
    }

    /// A `Client` for this emulator; `options` may override settings such as
    /// retries. It connects directly (not through the environment's proxies)
    /// and trusts the emulator's CA when it serves HTTPS.
    #[napi(ts_args_type = "options?: ClientOptions")]
    pub fn client(&self, env: Env, options: Unknown<'_>) -> Result<Client> {
        let options =
            client_options(&env, "emulator.client", options).map_err(|e| to_js(&env, &e))?;
        let (u, k, i, s, ca) = self.with(|e| {
            (
                e.url().to_owned(),
                e.app_key(),
                e.client_id(),
                e.client_secret(),
                e.ca_pem().map(str::to_owned),
            )
        })?;
        let mut o = options;
        o.base_url = Some(u);
        o.app_key = Some(k);
        o.client_id = Some(i);
        o.client_secret = Some(s);
        o.proxy_from_env = Some(o.proxy_from_env.unwrap_or(false));
        if o.ca_certificates.is_none() {
            o.ca_certificates = ca.map(Either::A);
        }
        match build(&env, o) {
            Ok(core) => Ok(Client::from_core(core)),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// Forgets users, tokens, faults and counters; restores the start settings.
    #[napi]
    pub fn reset(&self) -> Result<()> {
        self.with(Core::reset)
    }
    /// Counters since the last reset: `requests` per route, `total_requests`, `token_grants`, ...
    #[napi]
    pub fn stats(&self) -> Result<serde_json::Value> {
        self.with(|e| serde_json::to_value(e.stats()).unwrap_or_default())
    }
    /// The current settings (snake_case keys).
    #[napi]
    pub fn config(&self) -> Result<serde_json::Value> {
        self.with(|e| serde_json::to_value(e.config()).unwrap_or_default())
    }
    /// Changes settings (same keys as the constructor).
    #[napi]
    pub fn set_config(&self, settings: serde_json::Value) -> Result<()> {
        let c = merged(self.with(Core::config)?, Some(settings))?;
        self.with(|e| e.set_config(c))
    }
    /// Sets a user online (default) or offline; false when the user does not exist.
    #[napi]
    pub fn set_presence(&self, username: String, online: Option<bool>) -> Result<bool> {
        self.with(|e| e.set_presence(&username, online.unwrap_or(true)))
    }
    /// Puts a user online on these devices (replacing the ones they had; an
    /// empty array logs them out); false when the user does not exist.
    #[napi]
    pub fn set_devices(&self, username: String, devices: Vec<EmulatorDevice>) -> Result<bool> {
        let d: Vec<(String, String, String)> = devices
            .into_iter()
            .map(|d| {
                (
                    d.resource,
                    d.device_uuid.unwrap_or_default(),
                    d.device_name.unwrap_or_default(),
                )
            })
            .collect();
        self.with(|e| e.set_devices(&username, &d))
    }
    /// Adds offline messages; false when the user does not exist.
    #[napi]
    pub fn add_offline_messages(
        &self,
        username: String,
        messages: Vec<OfflineMessage>,
    ) -> Result<bool> {
        let m: Vec<(String, bool)> = messages.into_iter().map(|m| (m.id, m.delivered)).collect();
        self.with(|e| e.add_offline_messages(&username, &m))
    }
    /// Invalidates every token issued so far; returns how many.
    #[napi]
    pub fn revoke_tokens(&self) -> Result<u32> {
        self.with(|e| e.revoke_tokens() as u32)
    }
    /// Installs a fault plan: `{ rules: [{ route: 'GET /users/{username}', count: 2, status: 503, retry_after: '1' }] }`
    /// or `{ random: { seed: 7, status_rate: 0.2, drop_rate: 0.05 } }`.
    #[napi]
    pub fn set_faults(&self, plan: serde_json::Value) -> Result<()> {
        let plan: FaultPlan = serde_json::from_value(plan)
            .map_err(|e| invalid_arg(format!("bad fault plan: {e}")))?;
        self.with(|e| e.set_faults(plan))
    }
    /// Removes every fault.
    #[napi]
    pub fn clear_faults(&self) -> Result<()> {
        self.with(Core::clear_faults)
    }
    /// Stops serving (idempotent).
    #[napi]
    pub fn stop(&self) {
        let core = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(core);
    }
}
