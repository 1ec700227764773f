//! `Client`: every operation as an async method (Kotlin `suspend fun`, Swift `async throws`).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chat_platform as core;
use futures_util::FutureExt;

use crate::error::ChatPlatformError;
use crate::events::{EventQueue, EventSink};

/// Client settings (durations in milliseconds). Credentials are passed
/// separately, as a `Credentials` object, so printing the configuration can
/// never show a secret.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ClientConfig {
    /// The app key, `org#app`.
    pub app_key: String,
    /// Base URL, e.g. `https://a1.easecdn.com` or an emulator's URL.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// A documented data center instead of `baseUrl`.
    #[uniffi(default = None)]
    pub region: Option<Region>,
    /// Time allowed to connect (default 10000).
    #[uniffi(default = None)]
    pub connect_timeout_ms: Option<u64>,
    /// Time allowed for the whole call: every attempt, every wait between
    /// attempts and the token fetch it triggers, not the time queued for the
    /// rate budget (default 30000).
    #[uniffi(default = None)]
    pub request_timeout_ms: Option<u64>,
    /// Time allowed for one HTTP attempt, within `requestTimeoutMs`
    /// (default: whatever is left of it).
    #[uniffi(default = None)]
    pub attempt_timeout_ms: Option<u64>,
    /// Most attempts per request, the first included (default 6).
    #[uniffi(default = None)]
    pub max_attempts: Option<u32>,
    /// Backoff base (default 200).
    #[uniffi(default = None)]
    pub retry_base_delay_ms: Option<u64>,
    /// Longest backoff wait (default 10000).
    #[uniffi(default = None)]
    pub retry_max_delay_ms: Option<u64>,
    /// Longest total time per request, retries included (default 60000).
    #[uniffi(default = None)]
    pub retry_max_elapsed_ms: Option<u64>,
    /// Refresh tokens this long before expiry (default 300000).
    #[uniffi(default = None)]
    pub token_refresh_margin_ms: Option<u64>,
    /// The app token's lifetime to ask for, whole seconds in ms (default:
    /// the console's setting; with an app certificate 24 h, the most).
    #[uniffi(default = None)]
    pub app_token_ttl_ms: Option<u64>,
    /// Least time between token fetches (default 1000).
    #[uniffi(default = None)]
    pub min_token_interval_ms: Option<u64>,
    /// The `User-Agent` header.
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
    /// Pace requests at the service's per-app limits, adapting to
    /// throttling (default true).
    #[uniffi(default = true)]
    pub rate_limits: bool,
    /// A plan with higher limits: the documented ones times this (default 1).
    #[uniffi(default = None)]
    pub rate_limit_scale: Option<f64>,
    /// A fixed number of batch requests in flight (default: rate x measured round trip).
    #[uniffi(default = None)]
    pub batch_concurrency: Option<u32>,
    /// How requests reach the service: `null` (the default) reads the
    /// environment's `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`;
    /// see `Proxy` for an explicit proxy with credentials, or none.
    #[uniffi(default = None)]
    pub proxy: Option<Arc<Proxy>>,
    /// Extra CA certificates to trust, PEM text (a TLS-inspecting proxy's,
    /// a private CA's, the emulator's).
    #[uniffi(default = [])]
    pub ca_certificates_pem: Vec<String>,
    /// Extra CA certificates to trust, PEM files (read when the client is built).
    #[uniffi(default = [])]
    pub ca_certificate_files: Vec<String>,
    /// Fleet mode: a Redis store every process of the app shares for one
    /// rate budget and one app token (`null`/`nil`, the default: this
    /// process alone). Redis failing never fails a call.
    #[uniffi(default = None)]
    pub shared_store: Option<Arc<SharedStore>>,
}

impl ClientConfig {
    /// A configuration with every optional setting at its default.
    pub(crate) fn for_app(app_key: String) -> Self {
        ClientConfig {
            app_key,
            base_url: None,
            region: None,
            connect_timeout_ms: None,
            request_timeout_ms: None,
            attempt_timeout_ms: None,
            max_attempts: None,
            retry_base_delay_ms: None,
            retry_max_delay_ms: None,
            retry_max_elapsed_ms: None,
            token_refresh_margin_ms: None,
            app_token_ttl_ms: None,
            min_token_interval_ms: None,
            user_agent: None,
            rate_limits: true,
            rate_limit_scale: None,
            batch_concurrency: None,
            proxy: None,
            ca_certificates_pem: Vec::new(),
            ca_certificate_files: Vec::new(),
            shared_store: None,
        }
    }
}

/// How requests reach the service. Printing it never shows the credentials.
#[derive(uniffi::Object)]
pub struct Proxy(pub(crate) core::ProxyConfig);

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[uniffi::export]
impl Proxy {
    /// The environment's proxies, as curl reads them (the default):
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`; `noProxy` adds
    /// hosts that go direct (`localhost`, `.corp`, `10.0.0.0/8`).
    #[uniffi::constructor(default(no_proxy = []))]
    pub fn from_environment(no_proxy: Vec<String>) -> Arc<Self> {
        Arc::new(Proxy(core::ProxyConfig::from_parts(
            None, None, None, &no_proxy, true,
        )))
    }
    /// This proxy (`http://host:port`) for every request, with Basic
    /// credentials if given (or in the URL); `noProxy` lists hosts that go direct.
    #[uniffi::constructor(default(username = None, password = None, no_proxy = []))]
    pub fn url(
        url: String,
        username: Option<String>,
        password: Option<String>,
        no_proxy: Vec<String>,
    ) -> Arc<Self> {
        Arc::new(Proxy(core::ProxyConfig::from_parts(
            Some(url),
            username,
            password,
            &no_proxy,
            false,
        )))
    }
    /// Direct connections, whatever the environment says.
    #[uniffi::constructor]
    pub fn none() -> Arc<Self> {
        Arc::new(Proxy(core::ProxyConfig::none()))
    }
    /// A description without credentials.
    pub fn describe(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// A Redis URL for fleet mode (`redis://:password@host:6379/0`, or
/// `rediss://` for TLS), checked when the client is built. Printing it
/// never shows the password.
#[derive(uniffi::Object)]
pub struct SharedStore(pub(crate) core::StoreUrl);

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[uniffi::export]
impl SharedStore {
    /// The store at this URL.
    #[uniffi::constructor]
    pub fn new(url: String) -> Arc<Self> {
        Arc::new(SharedStore(core::StoreUrl::new(url)))
    }
    /// The URL with its password hidden.
    pub fn describe(&self) -> String {
        self.0.redacted()
    }
}

/// How the client authenticates. Printing it never shows the secret.
#[derive(uniffi::Object)]
pub struct Credentials(pub(crate) core::Credentials);

#[uniffi::export]
impl Credentials {
    /// The app's client id and secret: tokens are fetched and refreshed automatically.
    #[uniffi::constructor]
    pub fn client_secret(client_id: String, client_secret: String) -> Arc<Self> {
        Arc::new(Credentials(core::Credentials::ClientSecret {
            client_id,
            client_secret: client_secret.into(),
        }))
    }
    /// An Agora app ID and app certificate (32 hex characters each): the
    /// client mints AccessToken2 app tokens locally and exchanges them for
    /// chat app tokens (the `agora` grant), renewed ahead of expiry.
    #[uniffi::constructor]
    pub fn app_certificate(app_id: String, app_certificate: String) -> Arc<Self> {
        Arc::new(Credentials(core::Credentials::AppCertificate {
            app_id,
            app_certificate: app_certificate.into(),
        }))
    }
    /// A fixed token obtained elsewhere (never refreshed).
    #[uniffi::constructor]
    pub fn token(token: String) -> Arc<Self> {
        Arc::new(Credentials(core::Credentials::Token(token.into())))
    }
    /// No credentials: only open registration works.
    #[uniffi::constructor]
    pub fn none() -> Arc<Self> {
        Arc::new(Credentials(core::Credentials::None))
    }
}

/// Builds the core client: the core checks the settings, applies its
/// defaults and names a setting that breaks its rule.
pub(crate) fn build(
    config: ClientConfig,
    credentials: &Credentials,
    events: Option<Arc<EventQueue>>,
) -> core::Result<core::Client> {
    let ms = |v: Option<u64>| v.map(|v| v as f64);
    let mut s = core::Settings {
        base_url: config.base_url,
        region: config.region.map(Into::into),
        app_key: Some(config.app_key),
        connect_timeout: ms(config.connect_timeout_ms),
        request_timeout: ms(config.request_timeout_ms),
        attempt_timeout: ms(config.attempt_timeout_ms),
        max_attempts: config.max_attempts.map(f64::from),
        retry_base_delay: ms(config.retry_base_delay_ms),
        retry_max_delay: ms(config.retry_max_delay_ms),
        retry_max_elapsed: ms(config.retry_max_elapsed_ms),
        token_refresh_margin: ms(config.token_refresh_margin_ms),
        min_token_interval: ms(config.min_token_interval_ms),
        app_token_ttl: ms(config.app_token_ttl_ms),
        user_agent: config.user_agent,
        rate_limits: Some(config.rate_limits),
        rate_limit_scale: config.rate_limit_scale,
        batch_concurrency: config.batch_concurrency.map(f64::from),
        proxy_config: config.proxy.map(|p| p.0.clone()),
        ca_certificates: config.ca_certificates_pem,
        ca_certificate_files: config
            .ca_certificate_files
            .into_iter()
            .map(Into::into)
            .collect(),
        shared_store: config.shared_store.map(|s| s.0.clone()),
        ..core::Settings::default()
    };
    match &credentials.0 {
        core::Credentials::ClientSecret {
            client_id,
            client_secret,
        } => {
            (s.client_id, s.client_secret) = (Some(client_id.clone()), Some(client_secret.clone()))
        }
        core::Credentials::AppCertificate {
            app_id,
            app_certificate,
        } => (s.app_id, s.app_certificate) = (Some(app_id.clone()), Some(app_certificate.clone())),
        core::Credentials::Token(t) => s.token = Some(t.clone()),
        core::Credentials::None => {}
    }
    s.builder(
        core::TimeUnit::Milliseconds,
        concat!("chat-platform-ffi/", env!("CARGO_PKG_VERSION")),
    )?
    .event_hook(events.map(EventQueue::hook))
    .build()
}

/// The runtime every call runs on (2 worker threads, created on first use).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("chat-platform")
            .enable_all()
            .build()
            .expect("building the tokio runtime")
    })
}

/// Runs a core call as a task on the runtime (next to the connection tasks and
/// the I/O driver, so the foreign side is woken once, at the end), turning its
/// error into `ChatPlatformError` and a panic into `Internal`.
pub(crate) async fn guarded<T: Send + 'static>(
    fut: impl Future<Output = core::Result<T>> + Send + 'static,
) -> Result<T, ChatPlatformError> {
    let internal = |msg: String| ChatPlatformError::Internal {
        detail: format!("internal error in the Rust core (please report it): {msg}"),
    };
    // Aborted when dropped: a cancelled coroutine (Kotlin) or Task (Swift)
    // stops the call in the core, no further attempt.
    let task = tokio_util::task::AbortOnDropHandle::new(
        runtime().spawn(AssertUnwindSafe(fut).catch_unwind()),
    );
    match task.await {
        Ok(Ok(r)) => r.map_err(ChatPlatformError::from),
        Ok(Err(p)) => Err(internal(chat_platform_support::panic_message(p.as_ref()))),
        Err(join) => Err(internal(format!("the call's task ended early: {join}"))),
    }
}

/// A Chat Platform API client: safe to share between coroutines / tasks.
#[derive(uniffi::Object)]
pub struct Client {
    pub(crate) core: core::Client,
    /// Where the events go, with an `EventListener`.
    pub(crate) events: Option<Arc<EventQueue>>,
}

#[uniffi::export]
impl Client {
    /// Creates a client; fails with `Configuration` for a bad base URL or
    /// app key. `on_event` (`onEvent` in Kotlin and Swift), an
    /// `EventListener` if given, receives a `ClientEvent` for each HTTP
    /// attempt and each call.
    #[uniffi::constructor(default(on_event = None))]
    pub fn new(
        config: ClientConfig,
        credentials: Arc<Credentials>,
        on_event: Option<Arc<dyn EventSink>>,
    ) -> Result<Self, ChatPlatformError> {
        let events = on_event.map(EventQueue::start);
        Ok(Client {
            core: build(config, &credentials, events.clone())?,
            events,
        })
    }

    /// Waits until every event so far has reached the `EventListener`
    /// (events are delivered in order on a thread of their own, shortly
    /// after they happen): before reading what an exporter collected, or
    /// before the process exits. Returns at once without a listener.
    pub async fn flush_events(&self) {
        if let Some(q) = &self.events {
            q.flush().await;
        }
    }

    /// The base URL in use.
    pub fn base_url(&self) -> String {
        self.core.config().base_url.clone()
    }

    /// The app key, `org#app`.
    pub fn app_key(&self) -> String {
        format!("{}#{}", self.core.config().org, self.core.config().app)
    }
}

/// Fails with a Rust panic turned into `ChatPlatformError.Internal` (tests only).
#[uniffi::export]
pub async fn debug_panic_for_tests() -> Result<u32, ChatPlatformError> {
    guarded(async {
        if std::hint::black_box(true) {
            panic!("forced panic for a test");
        }
        Ok(0)
    })
    .await
}

/// A documented data center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Region {
    /// `a1.easecdn.com`
    Domestic1,
    /// `a31.easecdn.com`
    Domestic2,
    /// `a1-sgp.easecdn.com`
    Singapore1,
}

impl From<Region> for core::Region {
    fn from(r: Region) -> Self {
        match r {
            Region::Domestic1 => core::Region::Domestic1,
            Region::Domestic2 => core::Region::Domestic2,
            Region::Singapore1 => core::Region::Singapore1,
        }
    }
}
