//! The shared state of one emulator and the request pipeline (auth, stats,
//! faults, rate limits, dispatch).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde_json::Value;

use crate::config::EmulatorConfig;
use crate::faults::{fault_body, Fault, Faults};
use crate::limits::Windows;
use crate::reply::{now_ms, ApiError, Reply};
use crate::routes::Route;
use crate::store::{fmt_uuid, Store};

#[derive(Debug)]
pub(crate) struct TokenRec {
    pub expires: Option<Instant>,
    pub revoked: bool,
    /// A user token: the user's name, lowercased (an app token when `None`).
    pub user: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub requests: BTreeMap<&'static str, u64>,
    pub token_grants: u64,
    pub rate_limited: u64,
    /// When the last [`REFUSALS_KEPT`] refusals were sent, ms since the Unix epoch.
    pub refused_at: std::collections::VecDeque<u64>,
}

/// How many refusal times the stats keep (the oldest are dropped).
pub(crate) const REFUSALS_KEPT: usize = 100_000;

/// Everything behind the lock.
#[derive(Debug)]
pub(crate) struct State {
    pub config: EmulatorConfig,
    pub store: Store,
    pub tokens: HashMap<String, TokenRec>,
    pub stats: Stats,
    pub faults: Faults,
    pub windows: Windows,
}

/// One emulated app.
#[derive(Debug)]
pub(crate) struct App {
    pub startup: EmulatorConfig,
    pub app_uuid: String,
    pub base_url: Mutex<String>,
    state: Mutex<State>,
    in_flight: AtomicU64,
    peak: AtomicU64,
}

/// A parsed request.
#[derive(Debug)]
pub(crate) struct Req {
    pub method: String,
    pub path: String,
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

impl Req {
    pub(crate) fn query(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::illegal("the request body is empty"));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            ApiError::new(
                400,
                "json_parse",
                "com.fasterxml.jackson.core.JsonParseException",
                format!("Unexpected character or end of input: {e}"),
            )
        })
    }
}

/// What the server must do with a request.
pub(crate) enum Action {
    Reply(Reply),
    Drop,
}

impl App {
    pub(crate) fn new(config: EmulatorConfig) -> Self {
        let app_uuid =
            fmt_uuid((u128::from(fastrand::u64(..)) << 64) | u128::from(fastrand::u64(..)));
        App {
            startup: config.clone(),
            app_uuid,
            base_url: Mutex::new(String::new()),
            state: Mutex::new(State {
                config,
                store: Store::default(),
                tokens: HashMap::new(),
                stats: Stats::default(),
                faults: Faults::default(),
                windows: Windows::default(),
            }),
            in_flight: AtomicU64::new(0),
            peak: AtomicU64::new(0),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn base(&self) -> String {
        self.base_url
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub(crate) fn peak(&self) -> u64 {
        self.peak.load(Ordering::Relaxed)
    }

    pub(crate) fn reset(&self) {
        let mut st = self.lock();
        st.config = self.startup.clone();
        st.store.clear();
        st.tokens.clear();
        st.stats = Stats::default();
        st.faults.clear();
        st.windows = Windows::default();
        self.peak.store(0, Ordering::Relaxed);
    }

    /// Handles one API request (not admin routes).
    pub(crate) async fn handle(&self, req: Req) -> Action {
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
        let action = self.handle_inner(req).await;
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        action
    }

    async fn handle_inner(&self, req: Req) -> Action {
        let (route, org_ok) = {
            let st = self.lock();
            let org_ok = req.segments.len() >= 2
                && req.segments[0] == st.config.org
                && req.segments[1] == st.config.app;
            (
                Route::parse(&req.method, req.segments.get(2..).unwrap_or(&[])),
                org_ok,
            )
        };
        if !org_ok {
            let (org, app) = (
                req.segments.first().cloned().unwrap_or_default(),
                req.segments.get(1).cloned().unwrap_or_default(),
            );
            return Action::Reply(
                ApiError::new(
                    404,
                    "organization_application_not_found",
                    "org.apache.usergrid.rest.exceptions.OrganizationApplicationNotFoundException",
                    format!(
                        "Could not find application for {org}/{app} from URI: {}",
                        req.path
                    ),
                )
                .to_reply(),
            );
        }
        let name = route.name();
        let fault = {
            let mut st = self.lock();
            *st.stats.requests.entry(name).or_insert(0) += 1;
            st.faults.next(name)
        };
        let fault = fault.unwrap_or_default();
        // The round trip: a fixed latency with jitter on every request (it
        // reaches the service that much later), some requests held back
        // longer (the next ones pass them), then any injected latency.
        let travel = {
            let st = self.lock();
            crate::limits::travel_ms(&st.config)
        };
        if travel > 0 {
            tokio::time::sleep(Duration::from_millis(travel)).await;
        }
        if fault.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
        }
        if !fault.after_processing {
            if let Some(a) = fault_action(&fault) {
                return a;
            }
        }
        let reply = {
            let mut st = self.lock();
            if st.config.rate_limits {
                let (scale, strict) = (st.config.rate_limit_scale, st.config.strict_limits);
                if let Err(limit) = st.windows.admit(name, scale, strict, Instant::now()) {
                    st.stats.rate_limited += 1;
                    if st.stats.refused_at.len() == REFUSALS_KEPT {
                        st.stats.refused_at.pop_front();
                    }
                    st.stats.refused_at.push_back(unix_ms());
                    return Action::Reply(ApiError::rate_limited(limit).to_reply());
                }
            }
            crate::routes::dispatch(self, &mut st, &route, &req)
        };
        if fault.after_processing {
            if let Some(a) = fault_action(&fault) {
                return a;
            }
        }
        Action::Reply(reply)
    }

    /// Checks the bearer token; `Err` is the 401 to send. Admin routes need
    /// an app token: a user token is refused.
    pub(crate) fn authorize(&self, st: &State, req: &Req) -> Result<(), ApiError> {
        match self.bearer(st, req)? {
            None => Ok(()),
            Some(_) => Err(ApiError::unauthorized("Unable to authenticate (OAuth)")),
        }
    }

    /// Checks the bearer token: `Ok(None)` for an app token, `Ok(Some(user))`
    /// for a user token (lowercased name); `Err` is the 401 to send.
    pub(crate) fn bearer(&self, st: &State, req: &Req) -> Result<Option<String>, ApiError> {
        let Some(h) = req.authorization.as_deref() else {
            let path = format!("/{}", req.segments.get(2..).unwrap_or(&[]).join("/"));
            return Err(ApiError::no_permission(&self.app_uuid, &req.method, &path));
        };
        let token = h.strip_prefix("Bearer ").map(str::trim).unwrap_or("");
        match st.tokens.get(token) {
            None => Err(ApiError::new(
                401,
                "auth_bad_access_token",
                "org.apache.usergrid.rest.exceptions.SecurityException",
                "Unable to authenticate due to corrupt access token",
            )),
            Some(t) if t.revoked || t.expires.is_some_and(|e| Instant::now() >= e) => Err(
                ApiError::unauthorized("Unable to authenticate due to expired access token"),
            ),
            Some(t) => Ok(t.user.clone()),
        }
    }

    /// Issues a token living `ttl` seconds (0: for good), for a user or the app.
    pub(crate) fn grant_for(&self, st: &mut State, ttl: u64, user: Option<String>) -> String {
        let mut raw = Vec::with_capacity(48);
        for _ in 0..6 {
            raw.extend_from_slice(&fastrand::u64(..).to_le_bytes());
        }
        let token = format!("YWMt{}", crate::b64::encode(&raw).replace(['+', '/'], "-"));
        let expires = (ttl > 0).then(|| Instant::now() + Duration::from_secs(ttl));
        st.tokens.insert(
            token.clone(),
            TokenRec {
                expires,
                revoked: false,
                user,
            },
        );
        st.stats.token_grants += 1;
        token
    }
}

fn fault_action(f: &Fault) -> Option<Action> {
    if f.drop {
        return Some(Action::Drop);
    }
    let status = f.status?;
    let (code, desc) = fault_body(status, f.error.as_deref());
    let body = serde_json::json!({
        "error": code,
        "timestamp": now_ms(),
        "duration": 0,
        "exception": "org.apache.usergrid.rest.exceptions.InjectedFault",
        "error_description": desc,
    });
    let mut r = Reply::json(status, &body);
    r.retry_after = f.retry_after.clone();
    Some(Action::Reply(r))
}

/// Now, ms since the Unix epoch.
fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
