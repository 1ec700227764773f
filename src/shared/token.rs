//! The fleet's app token in the store: sealed, expiring with the token,
//! fetched by whoever holds a short lock while the others wait and read it.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::AsyncCommands;
use serde::{Deserialize, Serialize};

use super::seal::Sealer;
use super::{Store, TokenSeen};
use crate::models::TokenInfo;
use crate::secret::Secret;

/// How long the fetch lock is held at most (a holder that dies frees it then).
const LOCK_TTL: Duration = Duration::from_secs(5);
/// A token without an expiry is kept this long.
const NO_EXPIRY_TTL: Duration = Duration::from_secs(24 * 3600);

/// Deletes the key only when it still holds the given value.
const DELETE_IF: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

#[derive(Serialize, Deserialize)]
struct Plain {
    /// The token.
    t: String,
    /// Unix ms when it expires, if it does.
    e: Option<u64>,
    /// Unix ms when it was issued.
    i: u64,
}

/// A token read from the store.
pub(crate) struct Stored {
    pub(crate) token: Secret,
    pub(crate) issued_unix_ms: u64,
    pub(crate) expires_unix_ms: Option<u64>,
    /// The sealed value as stored (to discard exactly this one).
    pub(crate) blob: String,
}

/// What a read found.
pub(crate) enum Lookup {
    Found(Stored),
    Absent,
    Down,
}

/// What taking the fetch lock did.
pub(crate) enum Lock {
    /// Ours: fetch, write, then unlock with this value.
    Taken(String),
    /// Another process is fetching.
    Held,
    Down,
}

pub(crate) fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The shared token of one app and credential.
pub(crate) struct SharedToken {
    store: Arc<Store>,
    key: String,
    lock_key: String,
    sealer: Sealer,
    delete_if: redis::Script,
    /// What the budget's reservations last saw stored under `key`.
    seen: Arc<TokenSeen>,
}

impl std::fmt::Debug for SharedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedToken")
            .field("key", &self.key)
            .finish()
    }
}

impl SharedToken {
    /// `credential`: the client id (or `agora:<app id>`); `secret`: the
    /// client secret (or app certificate) the seal's key derives from.
    pub(crate) fn new(store: Arc<Store>, credential: &str, secret: &Secret) -> Option<Self> {
        let key = format!("{}token:{credential}", store.prefix);
        let sealer = Sealer::new(secret.expose(), &key)?;
        Some(SharedToken {
            lock_key: format!("{key}:lock"),
            key,
            store,
            sealer,
            delete_if: redis::Script::new(DELETE_IF),
            seen: Arc::default(),
        })
    }

    /// The key the token is stored under.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// Where the budget's reservations say what they saw of the token.
    pub(crate) fn seen(&self) -> Arc<TokenSeen> {
        self.seen.clone()
    }

    /// Whether the fleet has replaced the token stored as `blob` (as the
    /// last reservation saw it).
    pub(crate) fn replaced(&self, blob: &str) -> bool {
        self.seen.replaced(blob)
    }

    /// The stored token, if any (one that does not open with our secret
    /// counts as absent: another credential's, or tampered with).
    pub(crate) async fn read(&self) -> Lookup {
        let key = &self.key;
        let got: Option<Option<String>> = self
            .store
            .run("reading the shared token", |mut c| async move {
                c.get::<_, Option<String>>(key).await
            })
            .await;
        match got {
            None => Lookup::Down,
            Some(None) => Lookup::Absent,
            Some(Some(blob)) => {
                let plain = self
                    .sealer
                    .open(&blob)
                    .and_then(|p| serde_json::from_slice::<Plain>(&p).ok());
                match plain {
                    Some(p) => Lookup::Found(Stored {
                        token: Secret::new(p.t),
                        issued_unix_ms: p.i,
                        expires_unix_ms: p.e,
                        blob,
                    }),
                    None => Lookup::Absent,
                }
            }
        }
    }

    /// Tries to take the fetch lock.
    pub(crate) async fn lock(&self) -> Lock {
        let value = format!("{}-{}", std::process::id(), fastrand::u64(..));
        let (key, v) = (&self.lock_key, &value);
        let got: Option<Option<String>> = self
            .store
            .run("locking the token fetch", |mut c| async move {
                redis::cmd("SET")
                    .arg(key)
                    .arg(v)
                    .arg("NX")
                    .arg("PX")
                    .arg(LOCK_TTL.as_millis() as u64)
                    .query_async::<Option<String>>(&mut c)
                    .await
            })
            .await;
        match got {
            None => Lock::Down,
            Some(Some(_)) => Lock::Taken(value),
            Some(None) => Lock::Held,
        }
    }

    /// Frees the lock if it is still ours.
    pub(crate) async fn unlock(&self, value: &str) {
        self.delete_if_holds(&self.lock_key, value, "unlocking the token fetch")
            .await;
    }

    /// Stores a token just fetched; returns its sealed value.
    pub(crate) async fn write(&self, info: &TokenInfo, issued_unix_ms: u64) -> Option<String> {
        let expires = info.expires_in.map(|s| issued_unix_ms + s * 1000);
        let plain = Plain {
            t: info.access_token.expose().to_owned(),
            e: expires,
            i: issued_unix_ms,
        };
        let blob = self.sealer.seal(&serde_json::to_vec(&plain).ok()?)?;
        let ttl_ms = match expires {
            Some(e) => e.saturating_sub(unix_ms()),
            None => NO_EXPIRY_TTL.as_millis() as u64,
        };
        if ttl_ms == 0 {
            return None;
        }
        let (key, b) = (&self.key, &blob);
        self.store
            .run("writing the shared token", |mut c| async move {
                c.pset_ex::<_, _, ()>(key, b, ttl_ms).await
            })
            .await?;
        Some(blob)
    }

    /// Forgets the stored token if it is still `blob` (the service rejected it).
    pub(crate) async fn discard(&self, blob: &str) {
        self.delete_if_holds(&self.key, blob, "discarding the shared token")
            .await;
    }

    async fn delete_if_holds(&self, key: &str, value: &str, what: &'static str) {
        let script = &self.delete_if;
        self.store
            .run(what, |mut c| async move {
                script.key(key).arg(value).invoke_async::<i64>(&mut c).await
            })
            .await;
    }
}
