//! Fleet mode: one rate budget and one app token for every process that
//! uses the same app and the same Redis ("the shared store").
//!
//! - The budget: each endpoint group's pacing is a GCRA reservation in one
//!   Lua script (`budget`): one round trip per request, atomic, so N
//!   processes together send at the group's limit; a 429 seen by any of them
//!   cuts the shared rate (at most once a second) and it climbs back for all.
//! - The token: one grant per expiry window for the fleet (`token`): the
//!   first process to need one takes a short lock (`SET NX PX`) and fetches,
//!   the others wait and read it; it is stored sealed (`seal`).
//! - The store failing never fails a call: on any error or a slow answer the
//!   client paces locally and keeps a local token, says so once (a warning),
//!   checks the store in the background every second (calls never wait for
//!   a store that is down), and says when it answers again.
//!
//! Keys, all under the app's hash tag (one Redis Cluster slot per app), all
//! expiring: `chat-platform:{org#app}:budget:<group>` (a hash),
//! `chat-platform:{org#app}:token:<client id>` and `...:lock`.

pub(crate) mod budget;
mod seal;
pub(crate) mod token;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// What the budget's reservations last saw of the fleet's stored token: a
/// fingerprint of the sealed value (its last characters, random per seal),
/// empty when none is stored. Every request books a slot first, so every
/// process learns of a token the fleet replaced (after a 401, or renewed)
/// before its next request, at no extra round trip.
#[derive(Debug, Default)]
pub(crate) struct TokenSeen(Mutex<Option<String>>);

/// How many trailing characters of a sealed token fingerprint it.
pub(crate) const FINGERPRINT_LEN: usize = 16;

impl TokenSeen {
    pub(crate) fn set(&self, fingerprint: String) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(fingerprint);
    }

    /// Whether the store was last seen holding something other than `blob`.
    pub(crate) fn replaced(&self, blob: &str) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_deref()
            .is_some_and(|seen| seen != fingerprint(blob))
    }
}

/// The fingerprint of a sealed token.
pub(crate) fn fingerprint(blob: &str) -> &str {
    let start = blob.len().saturating_sub(FINGERPRINT_LEN);
    blob.get(start..).unwrap_or(blob)
}

/// The key prefix of everything the client keeps in the shared store.
pub const KEY_PREFIX: &str = "chat-platform:";

/// Longest wait for one answer of the store before pacing locally.
const ANSWER_TIMEOUT: Duration = Duration::from_millis(250);
/// Longest wait for one use of the store (a first connection included).
const USE_TIMEOUT: Duration = Duration::from_millis(500);
/// While the store is down, it is checked (in the background) this often.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// A Redis URL (`redis://` or `rediss://`, password allowed), shown with
/// its password hidden.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreUrl(Secret);

impl StoreUrl {
    /// Wraps a URL (checked when the client is built).
    pub fn new(url: impl Into<String>) -> Self {
        StoreUrl(Secret::new(url.into()))
    }

    /// The URL with its password (if any) replaced by `***`.
    pub fn redacted(&self) -> String {
        redact_url(self.0.expose())
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The URL's password, to scrub from messages.
    fn password(&self) -> Option<String> {
        url::Url::parse(self.0.expose()).ok().and_then(|u| {
            u.password().map(|p| {
                percent_encoding::percent_decode_str(p)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }

    /// Checks the scheme and that Redis can use it.
    pub(crate) fn validate(&self) -> Result<()> {
        let url = self.0.expose();
        let bad = |rule: &str| {
            Error::config_field(
                "shared_store",
                format_args!("{rule}, got {:?}", redact_url(url)),
            )
        };
        let parsed = url::Url::parse(url)
            .map_err(|_| bad("must be a Redis URL such as redis://:password@host:6379/0"))?;
        if !matches!(parsed.scheme(), "redis" | "rediss") {
            return Err(bad("must be a redis:// or rediss:// URL"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("must name a host (redis://host:6379)"));
        }
        redis::Client::open(url).map_err(|e| {
            bad(&format!(
                "is not a URL Redis accepts ({})",
                scrub(&e.to_string(), self.password().as_deref())
            ))
        })?;
        Ok(())
    }
}

impl fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreUrl({:?})", self.redacted())
    }
}

impl fmt::Display for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        // Not a URL: shown as given when it cannot hold a password, else
        // nothing of it past the scheme.
        Err(_) if !url.contains('@') => url.to_owned(),
        Err(_) => match url.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://***"),
            None => "***".to_owned(),
        },
    }
}

fn scrub(text: &str, password: Option<&str>) -> String {
    match password {
        Some(p) if !p.is_empty() => text.replace(p, "***"),
        _ => text.to_owned(),
    }
}

#[derive(Default)]
struct Health {
    /// Since when the store has not answered, while it does not.
    down_since: Option<Instant>,
    /// Not before this instant is the store checked again.
    retry_at: Option<Instant>,
    /// A background check is under way.
    probing: bool,
}

/// A connection to the shared store, used by the pacers and the token
/// manager of one client; every use either answers or says "use local".
pub(crate) struct Store {
    shown: String,
    password: Option<String>,
    client: redis::Client,
    conn: Mutex<Option<ConnectionManager>>,
    health: Mutex<Health>,
    /// `chat-platform:{org#app}:`
    pub(crate) prefix: String,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("url", &self.shown).finish()
    }
}

impl Store {
    pub(crate) fn new(url: &StoreUrl, org: &str, app: &str) -> Result<Self> {
        url.validate()?;
        let client = redis::Client::open(url.expose())
            .map_err(|_| Error::config_field("shared_store", "is not a Redis URL"))?;
        Ok(Store {
            shown: url.redacted(),
            password: url.password(),
            client,
            conn: Mutex::new(None),
            health: Mutex::new(Health::default()),
            prefix: format!("{KEY_PREFIX}{{{org}#{app}}}:"),
        })
    }

    /// The connection, created on first use (it needs the runtime).
    fn connection(&self) -> std::result::Result<ConnectionManager, String> {
        let mut slot = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = &*slot {
            return Ok(c.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(ANSWER_TIMEOUT))
            .set_response_timeout(Some(ANSWER_TIMEOUT))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(20))
            .set_max_delay(Duration::from_millis(100));
        let c = ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            .map_err(|e| e.to_string())?;
        *slot = Some(c.clone());
        Ok(c)
    }

    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `op` against the store; `None` when the store is down (then
    /// the caller does its work locally, at once: while the store is down a
    /// background check, once a second, finds out when it is back). Errors
    /// are said once per outage.
    pub(crate) async fn run<T, F, Fut>(self: &Arc<Self>, what: &'static str, op: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        {
            let mut h = self.health();
            if h.down_since.is_some() {
                if !h.probing && h.retry_at.is_none_or(|t| Instant::now() >= t) {
                    h.probing = true;
                    let store = self.clone();
                    tokio::spawn(async move { store.probe().await });
                }
                return None;
            }
        }
        let outcome = match self.connection() {
            Ok(conn) => match tokio::time::timeout(USE_TIMEOUT, op(conn)).await {
                Ok(Ok(v)) => Ok(v),
                Ok(Err(e)) => Err(scrub(&e.to_string(), self.password.as_deref())),
                Err(_) => Err(format!("no answer within {} ms", USE_TIMEOUT.as_millis())),
            },
            Err(e) => Err(scrub(&e, self.password.as_deref())),
        };
        match outcome {
            Ok(v) => Some(v),
            Err(e) => {
                self.failed(what, &e);
                None
            }
        }
    }

    /// Marks the store down (the first time in an outage: one warning).
    fn failed(&self, what: &str, error: &str) {
        // A fresh connection next time (the old one may be stuck
        // reconnecting to a server that went away).
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let mut h = self.health();
        h.retry_at = Some(Instant::now() + RETRY_AFTER);
        if h.down_since.is_none() {
            h.down_since = Some(Instant::now());
            tracing::warn!(
                store = %self.shown,
                error = %error,
                step = what,
                "the shared store failed: pacing and the app token are local to this process until it answers again (checked every second); calls go on"
            );
        } else {
            tracing::debug!(store = %self.shown, error = %error, step = what, "the shared store still fails");
        }
    }

    /// The background check of a store that is down: a `PING`.
    async fn probe(&self) {
        let answer = match self.connection() {
            Ok(mut conn) => {
                let cmd = redis::cmd("PING");
                let ping = cmd.query_async::<String>(&mut conn);
                match tokio::time::timeout(USE_TIMEOUT, ping).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(scrub(&e.to_string(), self.password.as_deref())),
                    Err(_) => Err(format!("no answer within {} ms", USE_TIMEOUT.as_millis())),
                }
            }
            Err(e) => Err(e),
        };
        match answer {
            Ok(()) => {
                let mut h = self.health();
                if let Some(since) = h.down_since.take() {
                    tracing::warn!(
                        store = %self.shown,
                        down_s = since.elapsed().as_secs_f64(),
                        "the shared store answers again: back to the fleet's shared rate budget and app token"
                    );
                }
                h.retry_at = None;
                h.probing = false;
            }
            Err(e) => {
                self.failed("checking the store", &e);
                self.health().probing = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_shown_without_the_password() {
        let u = StoreUrl::new("redis://:s3cret-pass@127.0.0.1:6379/0");
        assert_eq!(u.redacted(), "redis://:***@127.0.0.1:6379/0");
        assert!(!format!("{u:?} {u}").contains("s3cret"));
        u.validate().unwrap();
        StoreUrl::new("rediss://user:pw@redis.example:6380")
            .validate()
            .unwrap();
        for (bad, says) in [
            ("http://127.0.0.1:6379", "redis:// or rediss://"),
            (
                "127.0.0.1:6379",
                "Redis URL such as redis://:password@host:6379/0, got \"127.0.0.1:6379\"",
            ),
            ("redis://", "host"),
        ] {
            let e = StoreUrl::new(bad).validate().unwrap_err();
            assert_eq!(e.field(), Some("shared_store"), "{bad}");
            assert!(e.to_string().contains(says), "{bad}: {e}");
        }
        let e = StoreUrl::new("ftp://:hunter22@h").validate().unwrap_err();
        assert!(!e.to_string().contains("hunter22"), "{e}");
    }

    #[test]
    fn keys_share_the_apps_hash_tag() {
        let s = Store::new(&StoreUrl::new("redis://127.0.0.1:1"), "org", "app").unwrap();
        assert_eq!(s.prefix, "chat-platform:{org#app}:");
    }
}
