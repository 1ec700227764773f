//! [`ClientBuilder`]: every setting of a [`Client`], checked together by
//! [`ClientBuilder::build`].

use std::fmt;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::TokenManager;
use crate::budget::{Budget, RateLimits};
use crate::call::{enc, origin_of};
use crate::client::{Client, Inner};
use crate::clock::{Clock, SystemClock};
use crate::config::{parse_app_key, Config, Credentials, Region, RetryPolicy};
use crate::error::Result;
use crate::events::{Event, EventHook};
use crate::http::HttpTransport;
use crate::proxy::ProxyConfig;
use crate::secret::Secret;
use crate::shared::token::SharedToken;
use crate::shared::Store;
use crate::tls::CaCertificate;
use crate::transport::Transport;

/// Builds a [`Client`]. Every setter is optional except the base URL (or
/// region), the app and the credentials.
#[derive(Clone)]
pub struct ClientBuilder {
    config: Config,
    app_key: Option<String>,
    clock: Option<Arc<dyn Clock>>,
    transport: Option<Arc<dyn Transport>>,
    events: Option<EventHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// A builder with defaults.
    pub fn new() -> Self {
        ClientBuilder {
            config: Config::empty(),
            app_key: None,
            clock: None,
            transport: None,
            events: None,
        }
    }

    /// A builder holding a complete configuration (to build a client again:
    /// in a forked child, with the same [`ClientBuilder::event_hook`]).
    pub fn from_config(config: Config) -> Self {
        ClientBuilder {
            config,
            ..ClientBuilder::new()
        }
    }

    /// The base URL, e.g. `https://a1.easecdn.com` or an emulator's URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// One of the documented data centers.
    pub fn region(mut self, region: Region) -> Self {
        self.config.base_url = region.base_url().to_owned();
        self
    }

    /// The app key, `org_name#app_name` (checked by [`ClientBuilder::build`]).
    pub fn app_key(mut self, key: impl Into<String>) -> Self {
        self.app_key = Some(key.into());
        self
    }

    /// Org and app names separately.
    pub fn org_app(mut self, org: impl Into<String>, app: impl Into<String>) -> Self {
        self.app_key = None;
        self.config.org = org.into();
        self.config.app = app.into();
        self
    }

    /// Authenticate with the app's client id and secret (tokens are automatic).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.config.credentials = Credentials::ClientSecret {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        self
    }

    /// Authenticate with an Agora app ID and app certificate instead of a
    /// client id and secret: the client mints an AccessToken2 app token
    /// locally, exchanges it for a chat app token (the `agora` grant), caches
    /// it and renews it ahead of expiry. Both are 32 hex characters, checked
    /// by `build`.
    pub fn app_certificate(
        mut self,
        app_id: impl Into<String>,
        app_certificate: impl Into<Secret>,
    ) -> Self {
        self.config.credentials = Credentials::AppCertificate {
            app_id: app_id.into(),
            app_certificate: app_certificate.into(),
        };
        self
    }

    /// The app token's lifetime to ask the service for (whole seconds; the
    /// client-credentials grant's `ttl`). With an app certificate: the minted
    /// token's lifetime, at most 24 hours (the default).
    pub fn app_token_ttl(mut self, ttl: Duration) -> Self {
        self.config.app_token_ttl = Some(ttl);
        self
    }

    /// [`ClientBuilder::app_token_ttl`], or back to the default with `None`.
    pub fn app_token_ttl_opt(mut self, ttl: Option<Duration>) -> Self {
        self.config.app_token_ttl = ttl;
        self
    }

    /// Authenticate with a fixed token (never refreshed).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.config.credentials = Credentials::Token(token.into());
        self
    }

    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.config.connect_timeout = d;
        self
    }

    /// Time allowed for the whole call (default 30 s): every attempt, every
    /// wait between attempts and the token fetch it triggers; not the time
    /// spent queued for the rate budget before the first attempt.
    pub fn request_timeout(mut self, d: Duration) -> Self {
        self.config.request_timeout = d;
        self
    }

    /// Time allowed for one HTTP attempt, within [`ClientBuilder::request_timeout`]
    /// (default: whatever is left of it).
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.config.attempt_timeout = Some(d);
        self
    }

    /// [`ClientBuilder::attempt_timeout`], or back to the default with `None`.
    pub fn attempt_timeout_opt(mut self, d: Option<Duration>) -> Self {
        self.config.attempt_timeout = d;
        self
    }

    /// Most attempts per request, the first included (default 6).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.config.retry.max_attempts = n;
        self
    }

    /// Backoff base: attempt `n` waits a random time below
    /// `base_delay * 2^n` (default 200 ms).
    pub fn retry_base_delay(mut self, d: Duration) -> Self {
        self.config.retry.base_delay = d;
        self
    }

    /// Longest backoff wait (default 10 s).
    pub fn retry_max_delay(mut self, d: Duration) -> Self {
        self.config.retry.max_delay = d;
        self
    }

    /// Longest total time spent on one request, waits included (default 60 s).
    pub fn retry_max_elapsed(mut self, d: Duration) -> Self {
        self.config.retry.max_elapsed = d;
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.config.retry = p;
        self
    }

    /// Refresh tokens this long before expiry (default 5 minutes).
    pub fn token_refresh_margin(mut self, d: Duration) -> Self {
        self.config.token_refresh_margin = d;
        self
    }

    /// Least time between token fetches (default 1 s).
    pub fn min_token_interval(mut self, d: Duration) -> Self {
        self.config.min_token_interval = d;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.config.user_agent = ua.into();
        self
    }

    /// The per-app limits to pace at (default: the documented ones);
    /// `None` turns pacing off.
    pub fn rate_limits(mut self, limits: Option<RateLimits>) -> Self {
        self.config.rate_limits = limits;
        self
    }

    /// A plan with higher limits: the documented limits times `factor`.
    pub fn rate_limit_scale(mut self, factor: f64) -> Self {
        self.config.rate_limits = Some(RateLimits::scaled(factor));
        self
    }

    /// A fixed number of batch requests in flight for bulk operations
    /// (default: rate x measured round trip).
    pub fn batch_concurrency(mut self, n: usize) -> Self {
        self.config.batch_concurrency = Some(n);
        self
    }

    /// [`ClientBuilder::batch_concurrency`], or back to the default with `None`.
    pub fn batch_concurrency_opt(mut self, n: Option<usize>) -> Self {
        self.config.batch_concurrency = n;
        self
    }

    /// Largest response body accepted (default 16 MiB).
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.config.max_response_bytes = n;
        self
    }

    /// Sends every request through this proxy (`http://host:port` or
    /// `https://host:port`, credentials allowed in the URL) instead of the
    /// environment's.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.config.proxy.url = Some(url.into());
        self
    }

    /// Basic-authentication credentials for the proxy (secrets: never shown).
    pub fn proxy_credentials(
        mut self,
        username: impl Into<Secret>,
        password: impl Into<Secret>,
    ) -> Self {
        self.config.proxy.username = Some(username.into());
        self.config.proxy.password = Some(password.into());
        self
    }

    /// Hosts that bypass the proxy (`NO_PROXY` syntax: `localhost,.corp,10.0.0.0/8`).
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.config.proxy.no_proxy = Some(hosts.into());
        self
    }

    /// Whether to read `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` from the environment (default true).
    pub fn proxy_from_env(mut self, yes: bool) -> Self {
        self.config.proxy.from_env = yes;
        self
    }

    /// The whole proxy configuration.
    pub fn proxy_config(mut self, proxy: ProxyConfig) -> Self {
        self.config.proxy = proxy;
        self
    }

    /// Trusts the CA certificate(s) in this PEM text too (a TLS-inspecting
    /// proxy's, a private CA's, the emulator's). Checked by `build`.
    pub fn ca_certificate_pem(mut self, pem: impl Into<String>) -> Self {
        self.config
            .ca_certificates
            .push(CaCertificate::Pem(pem.into()));
        self
    }

    /// Trusts the CA certificates in these PEM texts and PEM files too.
    pub fn ca_certificates(
        mut self,
        pems: impl IntoIterator<Item = String>,
        files: impl IntoIterator<Item = impl Into<std::path::PathBuf>>,
    ) -> Self {
        let pems = pems.into_iter().map(CaCertificate::Pem);
        let files = files.into_iter().map(|f| CaCertificate::File(f.into()));
        self.config.ca_certificates.extend(pems.chain(files));
        self
    }

    /// Trusts the CA certificate(s) in this PEM file too (read by `build`).
    pub fn ca_certificate_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config
            .ca_certificates
            .push(CaCertificate::File(path.into()));
        self
    }

    /// Fleet mode: every process using this Redis (`redis://` or
    /// `rediss://`, password allowed, hidden everywhere) and the same app
    /// shares one rate budget and one app token. Redis failing never fails
    /// a call: the client paces and fetches locally until it answers again.
    pub fn shared_store(mut self, url: impl Into<String>) -> Self {
        self.config.shared_store = Some(crate::shared::StoreUrl::new(url));
        self
    }

    /// [`ClientBuilder::shared_store`] when `Some`, none when `None`.
    pub fn shared_store_opt(mut self, url: Option<String>) -> Self {
        self.config.shared_store = url.map(crate::shared::StoreUrl::new);
        self
    }

    /// [`ClientBuilder::shared_store`] from a [`crate::StoreUrl`].
    pub fn shared_store_url(mut self, url: Option<crate::StoreUrl>) -> Self {
        self.config.shared_store = url;
        self
    }

    /// Replaces the clock (tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Calls `hook` with every [`Event`]: each HTTP attempt and each call
    /// as it ends (operation, route, status, the service's error code,
    /// durations, the wait for the budget, whether and why it retries), on
    /// the thread doing the work. Nothing is built when no hook is set.
    pub fn on_event(mut self, hook: impl Fn(&Event) + Send + Sync + 'static) -> Self {
        self.events = Some(Arc::new(hook));
        self
    }

    /// [`ClientBuilder::on_event`] with a shared hook, or none.
    pub fn event_hook(mut self, hook: Option<EventHook>) -> Self {
        self.events = hook;
        self
    }

    /// Replaces the HTTP transport (tests, custom stacks).
    pub fn transport(mut self, t: Arc<dyn Transport>) -> Self {
        self.transport = Some(t);
        self
    }

    /// Checks everything and builds the client. Never panics.
    pub fn build(self) -> Result<Client> {
        let mut config = self.config;
        if let Some(key) = &self.app_key {
            let (org, app) = parse_app_key(key)?;
            config.org = org;
            config.app = app;
        }
        config.validate()?;
        config.proxy.normalize()?;
        let proxies = config.proxy.resolve()?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => Arc::new(HttpTransport::with_proxies(&config, &proxies)?),
        };
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let prefix = format!(
            "{}/{}/{}",
            config.base_url,
            enc(&config.org),
            enc(&config.app)
        );
        let store = match &config.shared_store {
            Some(url) => Some(Arc::new(Store::new(url, &config.org, &config.app)?)),
            None => None,
        };
        let shared_token = store.as_ref().and_then(|s| match &config.credentials {
            Credentials::ClientSecret {
                client_id,
                client_secret,
            } => SharedToken::new(s.clone(), client_id, client_secret),
            Credentials::AppCertificate {
                app_id,
                app_certificate,
            } => SharedToken::new(s.clone(), &format!("agora:{app_id}"), app_certificate),
            Credentials::Token(_) | Credentials::None => None,
        });
        let watch = shared_token
            .as_ref()
            .map(|t| (t.key().to_owned(), t.seen()));
        let tokens = TokenManager::new(
            clock.clone(),
            config.token_refresh_margin,
            config.min_token_interval,
            shared_token,
        );
        let budget = config
            .rate_limits
            .as_ref()
            .map(|l| Budget::new(l, store.as_ref(), watch));
        let origin = origin_of(&config.base_url);
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                prefix,
                transport,
                clock,
                tokens,
                budget,
                proxy_secrets: proxies.secrets(),
                server_ahead_us: AtomicI64::new(i64::MIN),
                origin,
                events: self.events,
            }),
        })
    }
}
