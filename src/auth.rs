//! App tokens: fetched lazily, cached, refreshed ahead of expiry, one fetch in
//! flight for every concurrent caller, and a floor between fetches; with a
//! shared store, one fetch for the whole fleet (see [`crate::shared`]).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::models::TokenInfo;
use crate::secret::Secret;
use crate::shared::token::{unix_ms, Lock, Lookup, SharedToken, Stored};

/// How often a process waiting for another's token fetch looks for it.
const SHARED_POLL: Duration = Duration::from_millis(25);

#[derive(Clone)]
struct Cached {
    token: Secret,
    /// The sealed value in the shared store, when it came from or went there.
    blob: Option<String>,
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
                blob: None,
                refresh_at: None,
                expires_at: None,
            },
            Some(secs) => {
                let life = Duration::from_secs(secs);
                let ahead = margin.min(life / 2);
                Cached {
                    token: info.access_token.clone(),
                    blob: None,
                    refresh_at: Some(issued + (life - ahead)),
                    expires_at: Some(issued + life),
                }
            }
        }
    }

    /// A token another process fetched: its times, moved from the wall
    /// clock onto ours.
    fn from_store(s: Stored, now: Instant, margin: Duration) -> Self {
        let wall = unix_ms();
        let (refresh_at, expires_at) = match s.expires_unix_ms {
            None => (None, None),
            Some(e) => {
                let life = Duration::from_millis(e.saturating_sub(s.issued_unix_ms));
                let left = Duration::from_millis(e.saturating_sub(wall));
                let ahead = margin.min(life / 2);
                (Some(now + left.saturating_sub(ahead)), Some(now + left))
            }
        };
        Cached {
            token: s.token,
            blob: Some(s.blob),
            refresh_at,
            expires_at,
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
    /// The sealed value of the last token the service rejected: not taken
    /// from the store again.
    rejected: Option<String>,
}

/// Caches and refreshes the app token.
pub(crate) struct TokenManager {
    clock: Arc<dyn Clock>,
    margin: Duration,
    min_interval: Duration,
    state: Mutex<State>,
    fetch_lock: tokio::sync::Mutex<()>,
    shared: Option<SharedToken>,
}

impl TokenManager {
    pub(crate) fn new(
        clock: Arc<dyn Clock>,
        margin: Duration,
        min_interval: Duration,
        shared: Option<SharedToken>,
    ) -> Self {
        TokenManager {
            clock,
            margin,
            min_interval,
            state: Mutex::new(State::default()),
            fetch_lock: tokio::sync::Mutex::new(()),
            shared,
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
            // A token the fleet has replaced since (as the last budget
            // reservation saw the store) is neither fresh nor usable: the
            // store has a newer one, or is about to.
            let replaced =
                |c: &Cached| matches!((&self.shared, &c.blob), (Some(s), Some(b)) if s.replaced(b));
            match &st.current {
                Some(c) if replaced(c) => (st.generation, None),
                Some(c) if c.fresh(now) => return Ok(c.token.clone()),
                Some(c) if c.usable(now) => (st.generation, Some(c.token.clone())),
                _ => (st.generation, None),
            }
        };
        if let Some(shared) = &self.shared {
            return self.get_shared(shared, fetch, generation, stale).await;
        }
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

    /// [`TokenManager::get`] through the shared store: a token another
    /// process fetched is used; otherwise whoever takes the store's lock
    /// fetches and the others wait for it (or keep using a still-valid one).
    /// The store down: the local way.
    async fn get_shared<F, Fut>(
        &self,
        shared: &SharedToken,
        fetch: F,
        generation: u64,
        stale: Option<Secret>,
    ) -> Result<Secret>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenInfo>>,
    {
        // One task per process deals with the store; the others wait for it,
        // or carry on with a still-valid token.
        let _guard = match &stale {
            Some(old) => match self.fetch_lock.try_lock() {
                Ok(g) => g,
                Err(_) => return Ok(old.clone()),
            },
            None => self.fetch_lock.lock().await,
        };
        {
            let st = self.state();
            if st.generation != generation {
                if let Some(c) = &st.current {
                    let replaced = c.blob.as_deref().is_some_and(|b| shared.replaced(b));
                    if c.fresh(self.clock.now()) && !replaced {
                        return Ok(c.token.clone());
                    }
                }
                if let (Some(e), None) = (&st.last_error, &stale) {
                    return Err(e.clone());
                }
            }
        }
        let mut usable = stale;
        loop {
            match shared.read().await {
                Lookup::Found(s) if !self.is_rejected(&s.blob) => {
                    let now = self.clock.now();
                    let c = Cached::from_store(s, now, self.margin);
                    if c.usable(now) {
                        let fresh = c.fresh(now);
                        let token = self.install(c);
                        if fresh {
                            return Ok(token);
                        }
                        usable = Some(token);
                    }
                }
                Lookup::Down => return self.fetch_local(fetch, usable).await,
                _ => {}
            }
            match shared.lock().await {
                Lock::Taken(value) => {
                    // Read once more: the last holder may have written just
                    // before we looked.
                    if let Lookup::Found(s) = shared.read().await {
                        if !self.is_rejected(&s.blob) {
                            let now = self.clock.now();
                            let c = Cached::from_store(s, now, self.margin);
                            if c.fresh(now) {
                                let token = self.install(c);
                                shared.unlock(&value).await;
                                return Ok(token);
                            }
                        }
                    }
                    let issued = unix_ms();
                    let result = self.fetch_locked(fetch).await;
                    if let Ok(info) = &result {
                        if let Some(blob) = shared.write(info, issued).await {
                            let mut st = self.state();
                            if let Some(c) = st.current.as_mut() {
                                c.blob = Some(blob);
                            }
                        }
                    }
                    shared.unlock(&value).await;
                    return match result {
                        Ok(info) => Ok(info.access_token),
                        Err(e) => match usable {
                            Some(old) => {
                                tracing::info!(error = %e, "token refresh ahead of expiry failed; using the current token");
                                Ok(old)
                            }
                            None => Err(e),
                        },
                    };
                }
                Lock::Held => {
                    if let Some(old) = usable {
                        return Ok(old);
                    }
                    // Another process is fetching: wait for its token (the
                    // caller's time bound ends the wait).
                    self.clock.sleep(SHARED_POLL).await;
                }
                Lock::Down => return self.fetch_local(fetch, usable).await,
            }
        }
    }

    /// The store down: fetch here (the fetch lock is held).
    async fn fetch_local<F, Fut>(&self, fetch: F, usable: Option<Secret>) -> Result<Secret>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenInfo>>,
    {
        if let Some(c) = &self.state().current {
            if c.fresh(self.clock.now()) {
                return Ok(c.token.clone());
            }
        }
        match (self.fetch_locked(fetch).await, usable) {
            (Ok(info), _) => Ok(info.access_token),
            (Err(_), Some(old)) => Ok(old),
            (Err(e), None) => Err(e),
        }
    }

    fn is_rejected(&self, blob: &str) -> bool {
        self.state().rejected.as_deref() == Some(blob)
    }

    /// Takes a token read from the store as the current one; returns it.
    /// The same stored token read again keeps the handle already given
    /// out, so a 401 with it still finds it current (see `invalidate`).
    fn install(&self, c: Cached) -> Secret {
        let mut st = self.state();
        let token = match &st.current {
            Some(cur) if cur.blob.is_some() && cur.blob == c.blob => cur.token.clone(),
            _ => c.token.clone(),
        };
        st.current = Some(Cached {
            token: token.clone(),
            ..c
        });
        st.generation += 1;
        st.last_error = None;
        token
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
        let issued = unix_ms();
        let result = self.fetch_locked(fetch).await;
        if let (Some(shared), Ok(info)) = (&self.shared, &result) {
            if let Some(blob) = shared.write(info, issued).await {
                if let Some(c) = self.state().current.as_mut() {
                    c.blob = Some(blob);
                }
            }
        }
        result
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

    /// Forgets `used` if it is still the cached token (after the service
    /// rejected it), in the shared store too: the fleet refreshes it once.
    pub(crate) async fn invalidate(&self, used: &Secret) {
        let blob = {
            let mut st = self.state();
            if !st.current.as_ref().is_some_and(|c| c.token.same_as(used)) {
                return;
            }
            tracing::info!("the service rejected the app token; it will be fetched again");
            let blob = st.current.take().and_then(|c| c.blob);
            st.rejected.clone_from(&blob);
            blob
        };
        if let (Some(shared), Some(blob)) = (&self.shared, blob) {
            shared.discard(&blob).await;
        }
    }
}
