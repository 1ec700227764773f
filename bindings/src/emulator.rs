//! `Emulator`: the in-process emulator for users' own tests.

use std::sync::{Arc, Mutex};

use chat_platform_emulator::{Emulator as Core, EmulatorConfig, FaultPlan};

use crate::client::{build, Client, ClientConfig, Credentials, Proxy};
use crate::error::{invalid, ChatPlatformError};

/// A device to put a user online on with `setDevices`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmulatorDevice {
    /// The resource as the service names it: `android_1a2b`, `ios_...`, `web_...`.
    pub resource: String,
    /// The device's UUID.
    #[uniffi(default = "")]
    pub device_uuid: String,
    /// The device's name.
    #[uniffi(default = "")]
    pub device_name: String,
}

/// A local Chat Platform API server on a free loopback port, for tests.
#[derive(uniffi::Object)]
pub struct Emulator(Mutex<Option<Core>>);

impl Emulator {
    fn with<T>(&self, f: impl FnOnce(&Core) -> T) -> Result<T, ChatPlatformError> {
        let g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref()
            .map(f)
            .ok_or_else(|| invalid("emulator", "the emulator is stopped"))
    }
}

fn merged(base: EmulatorConfig, json: Option<&str>) -> Result<EmulatorConfig, ChatPlatformError> {
    match json {
        None => Ok(base),
        Some(text) => {
            let patch: serde_json::Value =
                serde_json::from_str(text).map_err(|e| invalid("settings", &e.to_string()))?;
            base.merged(&patch).map_err(|e| invalid("settings", &e))
        }
    }
}

#[uniffi::export]
impl Emulator {
    /// Starts an emulator; `settingsJson` may set `port`, `org`, `app`,
    /// `client_id`, `client_secret`, `token_ttl_secs`, `open_registration`,
    /// `rate_limits`, `contact_limit`, `block_limit`, `count_as_string`,
    /// `tls` (serve HTTPS; see `caPem`).
    #[uniffi::constructor(default(settings_json = None))]
    pub fn new(settings_json: Option<String>) -> Result<Self, ChatPlatformError> {
        let config = merged(EmulatorConfig::default(), settings_json.as_deref())?;
        let core = Core::start(config)
            .map_err(|e| invalid("emulator", &format!("could not start: {e}")))?;
        Ok(Emulator(Mutex::new(Some(core))))
    }
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> Result<String, ChatPlatformError> {
        self.with(|e| e.url().to_owned())
    }
    /// The app key, `org#app`.
    pub fn app_key(&self) -> Result<String, ChatPlatformError> {
        self.with(Core::app_key)
    }
    /// The client id the emulator accepts.
    pub fn client_id(&self) -> Result<String, ChatPlatformError> {
        self.with(Core::client_id)
    }
    /// The client secret the emulator accepts.
    pub fn client_secret(&self) -> Result<String, ChatPlatformError> {
        self.with(Core::client_secret)
    }
    /// For HTTPS (`Emulator("""{"tls": true}""")`): the PEM certificate of the
    /// CA that signed this run's server certificate; pass it in
    /// `ClientConfig.caCertificatesPem`. Null for plain HTTP.
    pub fn ca_pem(&self) -> Result<Option<String>, ChatPlatformError> {
        self.with(|e| e.ca_pem().map(str::to_owned))
    }
    /// A `Client` for this emulator: direct (not through the environment's
    /// proxies), trusting the emulator's CA when it serves HTTPS.
    pub fn client(&self) -> Result<Arc<Client>, ChatPlatformError> {
        let (u, k, i, s, ca) = self.with(|e| {
            (
                e.url().to_owned(),
                e.app_key(),
                e.client_id(),
                e.client_secret(),
                e.ca_pem().map(str::to_owned),
            )
        })?;
        let config = ClientConfig {
            base_url: Some(u),
            proxy: Some(Proxy::none()),
            ca_certificates_pem: ca.into_iter().collect(),
            ..ClientConfig::for_app(k)
        };
        let creds = Credentials(chat_platform::Credentials::ClientSecret {
            client_id: i,
            client_secret: s.into(),
        });
        Ok(Arc::new(Client {
            core: build(config, &creds, None)?,
            events: None,
        }))
    }
    /// Forgets users, tokens, faults and counters; restores the start settings.
    pub fn reset(&self) -> Result<(), ChatPlatformError> {
        self.with(Core::reset)
    }
    /// Counters since the last reset, as JSON.
    pub fn stats_json(&self) -> Result<String, ChatPlatformError> {
        self.with(|e| serde_json::to_string(&e.stats()).unwrap_or_default())
    }
    /// Tokens granted since the last reset.
    pub fn token_grants(&self) -> Result<i64, ChatPlatformError> {
        self.with(|e| e.stats().token_grants as i64)
    }
    /// API requests since the last reset.
    pub fn total_requests(&self) -> Result<i64, ChatPlatformError> {
        self.with(|e| e.stats().total_requests as i64)
    }
    /// Changes settings (a JSON object with the constructor's keys).
    pub fn set_config_json(&self, json: String) -> Result<(), ChatPlatformError> {
        let c = merged(self.with(Core::config)?, Some(&json))?;
        self.with(|e| e.set_config(c))
    }
    /// Sets a user online or offline; false when the user does not exist.
    pub fn set_presence(&self, username: String, online: bool) -> Result<bool, ChatPlatformError> {
        self.with(|e| e.set_presence(&username, online))
    }
    /// Puts a user online on these devices (replacing the ones they had; an
    /// empty list logs them out); false when the user does not exist.
    pub fn set_devices(
        &self,
        username: String,
        devices: Vec<EmulatorDevice>,
    ) -> Result<bool, ChatPlatformError> {
        let d: Vec<(String, String, String)> = devices
            .into_iter()
            .map(|d| (d.resource, d.device_uuid, d.device_name))
            .collect();
        self.with(|e| e.set_devices(&username, &d))
    }
    /// The Agora app ID whose AccessToken2 app tokens the `agora` grant accepts.
    pub fn app_id(&self) -> Result<String, ChatPlatformError> {
        self.with(Core::app_id)
    }
    /// The Agora app certificate those tokens are signed with (the emulator's own).
    pub fn app_certificate(&self) -> Result<String, ChatPlatformError> {
        self.with(Core::app_certificate)
    }
    /// Adds one offline message; false when the user does not exist.
    pub fn add_offline_message(
        &self,
        username: String,
        id: String,
        delivered: bool,
    ) -> Result<bool, ChatPlatformError> {
        self.with(|e| e.add_offline_messages(&username, &[(id, delivered)]))
    }
    /// Invalidates every token issued so far; returns how many.
    pub fn revoke_tokens(&self) -> Result<i64, ChatPlatformError> {
        self.with(|e| e.revoke_tokens() as i64)
    }
    /// Installs a fault plan given as JSON (see the emulator docs).
    pub fn set_faults_json(&self, json: String) -> Result<(), ChatPlatformError> {
        let plan: FaultPlan =
            serde_json::from_str(&json).map_err(|e| invalid("plan", &e.to_string()))?;
        self.with(|e| e.set_faults(plan))
    }
    /// Removes every fault.
    pub fn clear_faults(&self) -> Result<(), ChatPlatformError> {
        self.with(Core::clear_faults)
    }
    /// Stops serving (idempotent).
    pub fn stop(&self) {
        let core = self.0.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(core);
    }
}
