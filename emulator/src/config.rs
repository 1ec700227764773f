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
    /// The Agora app ID (32 hex characters): AccessToken2 app tokens for
    /// it are accepted by the `agora` grant.
    pub app_id: String,
    /// The Agora app certificate the `agora` grant checks signatures with.
    pub app_certificate: String,
    /// Token lifetime in seconds; 0 = tokens never expire.
    pub token_ttl_secs: u64,
    /// Whether `POST /users` without a token is allowed (open registration).
    pub open_registration: bool,
    /// Enforce the documented per-second rate limits (429 beyond them), over
    /// a sliding one-second window per endpoint group.
    pub rate_limits: bool,
    /// The limits enforced are the documented ones times this (a plan with
    /// higher limits: 2.0).
    pub rate_limit_scale: f64,
    /// The stricter limiter some services run: refused requests count in
    /// the one-second window too, so a sender that keeps overshooting stays
    /// refused until it slows down (the lenient one counts admitted ones only).
    pub strict_limits: bool,
    /// Every request reaches the service this long after it was sent (a
    /// stand-in for the network's round trip), in milliseconds.
    pub latency_ms: u64,
    /// A random extra delay, 0 to this many milliseconds, on every request.
    pub jitter_ms: u64,
    /// Share of requests (0-1) held back on their way by `burst_ms` more,
    /// so the ones sent after them pass them and arrive bunched.
    pub burst_rate: f64,
    /// How long a held-back request is held, in milliseconds.
    pub burst_ms: u64,
    /// Most contacts per user (403 `exceed_limit` beyond).
    pub contact_limit: usize,
    /// Most blocked users per user.
    pub block_limit: usize,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Most bytes of attributes (keys and values) per user (403 beyond).
    pub metadata_user_limit: usize,
    /// Answer offline message counts as numeric strings (a documented quirk).
    pub count_as_string: bool,
    /// Serve HTTPS with a certificate made at start (see `Emulator::ca_pem`).
    /// Takes effect at start only.
    pub tls: bool,
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
            app_id: "0e5a1f3b2c4d46e8a9b7c6d5e4f3a2b1".into(),
            app_certificate: "7d3c2b1a0f9e48d7b6a5c4d3e2f1a0b9".into(),
            token_ttl_secs: 5_184_000,
            open_registration: true,
            rate_limits: false,
            rate_limit_scale: 1.0,
            strict_limits: false,
            latency_ms: 0,
            jitter_ms: 0,
            burst_rate: 0.0,
            burst_ms: 0,
            contact_limit: 1000,
            block_limit: 500,
            max_body_bytes: 1 << 20,
            metadata_user_limit: 2048,
            count_as_string: false,
            tls: false,
        }
    }
}

impl EmulatorConfig {
    /// This configuration with the settings of `patch` (a JSON object, keys in
    /// snake_case or camelCase) applied; an unknown key or a wrong type is an
    /// error naming it. The bindings' emulator helpers use it.
    pub fn merged(&self, patch: &serde_json::Value) -> Result<EmulatorConfig, String> {
        let mut v = serde_json::to_value(self).map_err(|e| e.to_string())?;
        let (Some(obj), Some(p)) = (v.as_object_mut(), patch.as_object()) else {
            return Err("emulator settings must be an object".into());
        };
        for (k, val) in p {
            let mut key = String::with_capacity(k.len() + 4);
            for c in k.chars() {
                if c.is_ascii_uppercase() {
                    key.push('_');
                    key.push(c.to_ascii_lowercase());
                } else {
                    key.push(c);
                }
            }
            if !obj.contains_key(&key) {
                let known: Vec<&str> = obj.keys().map(String::as_str).collect();
                return Err(format!(
                    "unknown emulator setting {k:?} (the settings are {})",
                    known.join(", ")
                ));
            }
            // Each value checked alone, so the error names it.
            let mut one = serde_json::to_value(self).map_err(|e| e.to_string())?;
            one[&key] = val.clone();
            if let Err(e) = serde_json::from_value::<EmulatorConfig>(one) {
                let why = e.to_string();
                let why = why.split(" at line").next().unwrap_or(&why);
                return Err(format!("emulator setting `{k}` {val}: {why}"));
            }
            obj.insert(key, val.clone());
        }
        serde_json::from_value(v).map_err(|e| format!("bad emulator setting: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_accepts_both_spellings_and_names_bad_keys() {
        let base = EmulatorConfig::default();
        let c = base
            .merged(&serde_json::json!({"open_registration": false, "tokenTtlSecs": 5}))
            .unwrap();
        assert!(!c.open_registration);
        assert_eq!(c.token_ttl_secs, 5);
        assert!(base
            .merged(&serde_json::json!({"nope": 1}))
            .unwrap_err()
            .contains("nope"));
        let e = base.merged(&serde_json::json!({"port": "x"})).unwrap_err();
        assert!(e.contains("`port`"), "{e}");
        assert!(base.merged(&serde_json::json!([1])).is_err());
    }
}
