//! Admin operations (`/_emulator/...` routes and the library handle share them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::app::{Action, App, Req};
use crate::config::EmulatorConfig;
use crate::faults::FaultPlan;
use crate::reply::{ApiError, Reply};

/// Counters since the last reset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmulatorStats {
    /// Requests per route pattern (`GET /users/{username}`, ...).
    pub requests: BTreeMap<String, u64>,
    /// All API requests.
    pub total_requests: u64,
    /// Tokens granted.
    pub token_grants: u64,
    /// Most API requests in progress at once.
    pub concurrent_peak: u64,
    /// Faults injected.
    pub faults_injected: u64,
    /// Requests refused by the rate limits.
    pub rate_limited: u64,
    /// Users stored now.
    pub users: u64,
}

impl App {
    pub(crate) fn stats(&self) -> EmulatorStats {
        let st = self.lock();
        EmulatorStats {
            requests: st
                .stats
                .requests
                .iter()
                .map(|(k, v)| ((*k).to_owned(), *v))
                .collect(),
            total_requests: st.stats.requests.values().sum(),
            token_grants: st.stats.token_grants,
            concurrent_peak: self.peak(),
            faults_injected: st.faults.injected,
            rate_limited: st.stats.rate_limited,
            users: st.store.len() as u64,
        }
    }

    pub(crate) fn refusals(&self) -> Vec<u64> {
        self.lock().stats.refused_at.iter().copied().collect()
    }

    pub(crate) fn set_presence(&self, username: &str, online: bool) -> bool {
        let mut st = self.lock();
        let Some(seq) = st.store.find(username) else {
            return false;
        };
        if let Some(u) = st.store.get_mut(seq) {
            u.extra().online = online;
            if !online {
                u.extra().devices.clear();
            }
        }
        true
    }

    /// Puts a user online on these devices (resource, device UUID, device
    /// name), replacing the ones they had; an empty list logs them out.
    pub(crate) fn set_devices(&self, username: &str, devices: &[(String, String, String)]) -> bool {
        let mut st = self.lock();
        let Some(seq) = st.store.find(username) else {
            return false;
        };
        if let Some(u) = st.store.get_mut(seq) {
            let e = u.extra();
            e.devices = devices.to_vec();
            e.online = !devices.is_empty();
        }
        true
    }

    pub(crate) fn add_offline_messages(&self, username: &str, messages: &[(String, bool)]) -> bool {
        let mut st = self.lock();
        let Some(seq) = st.store.find(username) else {
            return false;
        };
        if let Some(u) = st.store.get_mut(seq) {
            let e = u.extra();
            for (id, delivered) in messages {
                match e.offline.iter_mut().find(|(m, _)| m == id) {
                    Some(entry) => entry.1 = *delivered,
                    None => e.offline.push((id.clone(), *delivered)),
                }
            }
        }
        true
    }

    pub(crate) fn revoke_tokens(&self) -> usize {
        let mut st = self.lock();
        let n = st.tokens.len();
        for t in st.tokens.values_mut() {
            t.revoked = true;
        }
        n
    }

    pub(crate) fn config(&self) -> EmulatorConfig {
        self.lock().config.clone()
    }

    pub(crate) fn set_config(&self, c: EmulatorConfig) {
        self.lock().config = c;
    }

    pub(crate) fn set_faults(&self, plan: FaultPlan) {
        self.lock().faults.set(plan);
    }

    pub(crate) fn faults(&self) -> FaultPlan {
        self.lock().faults.plan().clone()
    }

    /// Creates `count` users `{prefix}{i}` directly in the store (benchmarks).
    pub(crate) fn preload(&self, prefix: &str, count: u64, password: &str) -> u64 {
        let mut st = self.lock();
        let mut created = 0;
        for i in 0..count {
            if st
                .store
                .create(&format!("{prefix}{i}"), password, None)
                .is_some()
            {
                created += 1;
            }
        }
        created
    }

    pub(crate) fn max_body(&self) -> usize {
        self.lock().config.max_body_bytes
    }
}

fn ok(v: Value) -> Result<Reply, ApiError> {
    Ok(Reply::json(200, &v))
}

fn body<T: for<'de> Deserialize<'de>>(req: &Req) -> Result<T, ApiError> {
    serde_json::from_slice(&req.body)
        .map_err(|e| ApiError::illegal(format!("bad admin request body: {e}")))
}

#[derive(Deserialize)]
struct PresenceBody {
    username: String,
    status: String,
}

#[derive(Deserialize)]
struct DeviceBody {
    resource: String,
    #[serde(default)]
    device_uuid: String,
    #[serde(default)]
    device_name: String,
}

#[derive(Deserialize)]
struct DevicesBody {
    username: String,
    devices: Vec<DeviceBody>,
}

#[derive(Deserialize)]
struct OfflineMsg {
    id: String,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Deserialize)]
struct OfflineBody {
    username: String,
    messages: Vec<OfflineMsg>,
}

#[derive(Deserialize)]
struct PreloadBody {
    prefix: String,
    count: u64,
    #[serde(default = "default_pw")]
    password: String,
}

fn default_pw() -> String {
    "pw".into()
}

#[derive(Deserialize)]
struct RateBody {
    enabled: bool,
    #[serde(default)]
    scale: Option<f64>,
    #[serde(default)]
    strict: Option<bool>,
}

#[derive(Deserialize)]
struct LatencyBody {
    ms: u64,
    #[serde(default)]
    jitter_ms: u64,
    #[serde(default)]
    burst_rate: f64,
    #[serde(default)]
    burst_ms: u64,
}

/// Handles `/_emulator/{what}`.
pub(crate) fn handle(app: &App, req: &Req) -> Action {
    let what: Vec<&str> = req.segments.iter().skip(1).map(String::as_str).collect();
    let r = match (req.method.as_str(), what.as_slice()) {
        ("GET", ["health"]) => ok(json!({ "status": "ok" })),
        ("POST", ["reset"]) => {
            app.reset();
            ok(json!({ "reset": true }))
        }
        ("GET", ["stats"]) => ok(serde_json::to_value(app.stats()).unwrap_or(Value::Null)),
        // When each refusal (429) was sent, ms since the Unix epoch (the
        // last 100,000): whether a client met them starting or in steady state.
        ("GET", ["refusals"]) => ok(json!({ "unix_ms": app.refusals() })),
        ("POST", ["presence"]) => body::<PresenceBody>(req).and_then(|b| {
            let online = match b.status.as_str() {
                "online" => true,
                "offline" => false,
                _ => {
                    return Err(ApiError::illegal(
                        "status must be \"online\" or \"offline\"",
                    ))
                }
            };
            if app.set_presence(&b.username, online) {
                ok(json!({ "username": b.username, "status": b.status }))
            } else {
                Err(ApiError::not_found())
            }
        }),
        ("POST", ["devices"]) => body::<DevicesBody>(req).and_then(|b| {
            let devices: Vec<(String, String, String)> = b
                .devices
                .into_iter()
                .map(|d| (d.resource, d.device_uuid, d.device_name))
                .collect();
            if app.set_devices(&b.username, &devices) {
                ok(json!({ "username": b.username, "devices": devices.len() }))
            } else {
                Err(ApiError::not_found())
            }
        }),
        ("POST", ["offline_messages"]) => body::<OfflineBody>(req).and_then(|b| {
            let msgs: Vec<(String, bool)> = b
                .messages
                .into_iter()
                .map(|m| (m.id, m.status.as_deref() == Some("delivered")))
                .collect();
            if app.add_offline_messages(&b.username, &msgs) {
                ok(json!({ "username": b.username, "added": msgs.len() }))
            } else {
                Err(ApiError::not_found())
            }
        }),
        ("POST", ["preload"]) => body::<PreloadBody>(req)
            .and_then(|b| ok(json!({ "created": app.preload(&b.prefix, b.count, &b.password) }))),
        ("POST", ["revoke_tokens"]) => ok(json!({ "revoked": app.revoke_tokens() })),
        ("GET", ["config"]) => ok(serde_json::to_value(app.config()).unwrap_or(Value::Null)),
        ("POST", ["config"]) => {
            // Merge the given fields into the current configuration.
            let mut cur = serde_json::to_value(app.config()).unwrap_or(Value::Null);
            body::<Value>(req).and_then(|patch| {
                let (Some(c), Some(p)) = (cur.as_object_mut(), patch.as_object()) else {
                    return Err(ApiError::illegal("config must be a JSON object"));
                };
                for (k, v) in p {
                    c.insert(k.clone(), v.clone());
                }
                let new: EmulatorConfig = serde_json::from_value(cur.clone())
                    .map_err(|e| ApiError::illegal(format!("bad config: {e}")))?;
                app.set_config(new.clone());
                ok(serde_json::to_value(new).unwrap_or(Value::Null))
            })
        }
        ("GET", ["faults"]) => ok(serde_json::to_value(app.faults()).unwrap_or(Value::Null)),
        ("POST", ["faults"]) => body::<FaultPlan>(req).and_then(|p| {
            app.set_faults(p);
            ok(json!({ "set": true }))
        }),
        ("DELETE", ["faults"]) => {
            app.set_faults(FaultPlan::default());
            ok(json!({ "cleared": true }))
        }
        ("POST", ["rate_limits"]) => body::<RateBody>(req).and_then(|b| {
            let mut c = app.config();
            c.rate_limits = b.enabled;
            if let Some(s) = b.scale {
                if !(s.is_finite() && s > 0.0) {
                    return Err(ApiError::illegal(format!(
                        "scale must be a positive number, got {s}"
                    )));
                }
                c.rate_limit_scale = s;
            }
            if let Some(strict) = b.strict {
                c.strict_limits = strict;
            }
            app.set_config(c);
            let c = app.config();
            ok(json!({ "rate_limits": b.enabled, "scale": c.rate_limit_scale, "strict": c.strict_limits }))
        }),
        ("POST", ["latency"]) => body::<LatencyBody>(req).and_then(|b| {
            if !(0.0..=1.0).contains(&b.burst_rate) {
                return Err(ApiError::illegal(format!(
                    "burst_rate must be a share from 0 to 1, got {}",
                    b.burst_rate
                )));
            }
            let mut c = app.config();
            c.latency_ms = b.ms;
            c.jitter_ms = b.jitter_ms;
            c.burst_rate = b.burst_rate;
            c.burst_ms = b.burst_ms;
            app.set_config(c);
            ok(json!({ "latency_ms": b.ms, "jitter_ms": b.jitter_ms,
                       "burst_rate": b.burst_rate, "burst_ms": b.burst_ms }))
        }),
        _ => Err(ApiError::not_found()),
    };
    Action::Reply(r.unwrap_or_else(|e| e.to_reply()))
}
