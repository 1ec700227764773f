//! App tokens: fetched lazily, cached, refreshed ahead of expiry, one fetch in
//! flight for every concurrent caller, and a floor between fetches.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::models::TokenInfo;
use crate::secret::Secret;

#[derive(Clone)]
struct Cached {
    token: Secret,
    /// After this instant, one caller refreshes while others keep using the token.
    refresh_at: Option<Instant>,
    /// After this instant, nobody uses the token.
    expires_at: Option<Instant>,
}

impl Cached {
    fn new(info: &TokenInfo, issued: Instant, margin: Duration) -> Self {
        match info.expires_in {
            None => Cached {
                token: info.access_token.clone(),
                refresh_at: None,
                expires_at: None,
            },
            Some(secs) => {
                let life = Duration::from_secs(secs);
                let ahead = margin.min(life / 2);
                Cached {
                    token: info.access_token.clone(),
                    refresh_at: Some(issued + (life - ahead)),
                    expires_at: Some(issued + life),
                }
            }
        }
    }

    fn fresh(&self, now: Instant) -> bool {
        self.refresh_at.is_none_or(|t| now < t)
    }

    fn usable(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|t| now < t)
    }
}

#[derive(Default)]
struct State {
    current: Option<Cached>,
    /// Bumped at the end of every fetch, success or failure.
    generation: u64,
    last_error: Option<Error>,
    last_fetch: Option<Instant>,
}

/// Caches and refreshes the app token.
pub(crate) struct TokenManager {
    clock: Arc<dyn Clock>,
    margin: Duration,
    min_interval: Duration,
    state: Mutex<State>,
    fetch_lock: tokio::sync::Mutex<()>,
}

impl TokenManager {
    pub(crate) fn new(clock: Arc<dyn Clock>, margin: Duration, min_interval: Duration) -> Self {
        TokenManager {
            clock,
            margin,
            min_interval,
            state: Mutex::new(State::default()),
            fetch_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current token, fetching or refreshing it when needed.
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Secret>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenInfo>>,
    {
        let now = self.clock.now();
        let (generation, stale) = {
            let st = self.state();
            match &st.current {
                Some(c) if c.fresh(now) => return Ok(c.token.clone()),
                Some(c) if c.usable(now) => (st.generation, Some(c.token.clone())),
                _ => (st.generation, None),
            }
        };
        if let Some(old) = stale {
            // Refresh ahead of expiry: one caller fetches, the others carry on
            // with the still-valid token instead of queueing behind it.
            let Ok(_guard) = self.fetch_lock.try_lock() else {
                return Ok(old);
            };
            if self.state().generation != generation {
                return Ok(self.current_or(old));
            }
            return match self.fetch_locked(fetch).await {
                Ok(info) => Ok(info.access_token),
                Err(e) => {
                    tracing::info!(error = %e, "token refresh ahead of expiry failed; using the current token");
                    Ok(old)
                }
            };
        }
        let _guard = self.fetch_lock.lock().await;
        {
            let st = self.state();
            if st.generation != generation {
                // Someone fetched while we waited: share their outcome.
                if let Some(c) = &st.current {
                    if c.usable(self.clock.now()) {
                        return Ok(c.token.clone());
                    }
                }
                if let Some(e) = &st.last_error {
                    return Err(e.clone());
                }
            }
        }
        self.fetch_locked(fetch).await.map(|i| i.access_token)
    }

    fn current_or(&self, old: Secret) -> Secret {
        self.state()
            .current
            .as_ref()
            .map_or(old, |c| c.token.clone())
    }

    /// Fetches a new token unconditionally (still one at a time, still floored).
    pub(crate) async fn refresh<F, Fut>(&self, fetch: F) -> Result<TokenInfo>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenInfo>>,
    {
        let _guard = self.fetch_lock.lock().await;
        self.fetch_locked(fetch).await
    }

    async fn fetch_locked<F, Fut>(&self, fetch: F) -> Result<TokenInfo>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenInfo>>,
    {
        let last = self.state().last_fetch;
        if let Some(last) = last {
            let next = last + self.min_interval;
            let now = self.clock.now();
            if now < next {
                tracing::debug!(
                    wait_ms = (next - now).as_millis() as u64,
                    "token fetch floor: waiting"
                );
                self.clock.sleep(next - now).await;
            }
        }
        let issued = self.clock.now();
        self.state().last_fetch = Some(issued);
        let result = fetch().await;
        let mut st = self.state();
        st.generation += 1;
        match result {
            Ok(info) => {
                tracing::info!(
                    expires_in_s = info.expires_in.unwrap_or(0),
                    "fetched a new app token"
                );
                st.current = Some(Cached::new(&info, issued, self.margin));
                st.last_error = None;
                Ok(info)
            }
            Err(e) => {
                tracing::info!(error = %e, "fetching an app token failed");
                st.last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Forgets `used` if it is still the cached token (after the service rejected it).
    pub(crate) fn invalidate(&self, used: &Secret) {
        let mut st = self.state();
        if st.current.as_ref().is_some_and(|c| c.token.same_as(used)) {
            tracing::info!("the service rejected the app token; it will be fetched again");
            st.current = None;
        }
    }
}
