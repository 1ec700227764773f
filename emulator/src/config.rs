//! Emulator settings (command line, in-process start, `/_emulator/config`).

use serde::{Deserialize, Serialize};

/// How the emulator behaves. Every field has a default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmulatorConfig {
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Address to bind (loopback by default).
    pub host: String,
    /// Organization name of the one app served.
    pub org: String,
    /// App name of the one app served.
    pub app: String,
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: String,
    /// Token lifetime in seconds; 0 = tokens never expire.
    pub token_ttl_secs: u64,
    /// Whether `POST /users` without a token is allowed (open registration).
    pub open_registration: bool,
    /// Enforce the documented per-second rate limits (429 beyond them).
    pub rate_limits: bool,
    /// Most contacts per user (403 `exceed_limit` beyond).
    pub contact_limit: usize,
    /// Most blocked users per user.
    pub block_limit: usize,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Answer offline message counts as numeric strings (a documented quirk).
    pub count_as_string: bool,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            port: 0,
            host: "127.0.0.1".into(),
            org: "demo-org".into(),
            app: "demo-app".into(),
            client_id: "YXA6emulator-client-id".into(),
            client_secret: "YXA6emulator-client-secret".into(),
            token_ttl_secs: 5_184_000,
            open_registration: true,
            rate_limits: false,
            contact_limit: 1000,
            block_limit: 500,
            max_body_bytes: 1 << 20,
            count_as_string: false,
        }
    }
}
