//! `Client`: every operation as a camelCase method returning a Promise.

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::to_js;
use crate::options::{build, client_options};

/// A Chat Platform API client. Every operation returns a Promise; errors are
/// `Error`s with a stable `code` (`NOT_FOUND`, `RATE_LIMITED`, ...) and the
/// properties `status`, `serverCode`, `description`, `retryAfter` (ms),
/// `retryable`, `field`, `operation`.
#[napi]
pub struct Client {
    pub(crate) core: core::Client,
}

impl Client {
    pub(crate) fn from_core(core: core::Client) -> Self {
        Client { core }
    }
}

#[napi]
impl Client {
    /// Creates a client. Throws an `Error` with code `CONFIGURATION` naming
    /// the option for a missing or misspelled option, a wrong type, a bad
    /// base URL or app key.
    #[napi(constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, options: Unknown<'_>) -> Result<Self> {
        match client_options(&env, "new Client", options).and_then(|o| build(&env, o)) {
            Ok(core) => Ok(Client { core }),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// The base URL in use.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.core.config().base_url.clone()
    }

    /// The app key, `org#app`.
    #[napi(getter)]
    pub fn app_key(&self) -> String {
        format!("{}#{}", self.core.config().org, self.core.config().app)
    }

    /// A description without secrets.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "Client(baseUrl={}, appKey={})",
            self.base_url(),
            self.app_key()
        )
    }

    /// `{ baseUrl, appKey }`, never credentials.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "baseUrl": self.base_url(), "appKey": self.app_key() })
    }
}
