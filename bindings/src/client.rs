//! `Client`: every operation as an async method (Kotlin `suspend fun`, Swift `async throws`).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use chat_platform as core;
use futures_util::FutureExt;

use crate::bulk::{progress_fn, ProgressSink};
use crate::error::ChatPlatformError;
use crate::types::{
    DeliveryStatus, DisplayStyle, NewUser, Presence, Region, RegisterReport, TokenInfo, User,
    UserPage, UserPresence,
};

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
    /// Time allowed for one HTTP attempt (default 30000).
    #[uniffi(default = None)]
    pub request_timeout_ms: Option<u64>,
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
            max_attempts: None,
            retry_base_delay_ms: None,
            retry_max_delay_ms: None,
            retry_max_elapsed_ms: None,
            token_refresh_margin_ms: None,
            min_token_interval_ms: None,
            user_agent: None,
            rate_limits: true,
            rate_limit_scale: None,
            batch_concurrency: None,
            proxy: None,
            ca_certificates_pem: Vec::new(),
            ca_certificate_files: Vec::new(),
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

pub(crate) fn build(config: ClientConfig, credentials: &Credentials) -> core::Result<core::Client> {
    let d = core::RetryPolicy::default();
    let ms = Duration::from_millis;
    let mut b = core::Client::builder().app_key(config.app_key);
    if let Some(u) = config.base_url {
        b = b.base_url(u);
    }
    if let Some(r) = config.region {
        b = b.region(r.into());
    }
    b = match &credentials.0 {
        core::Credentials::ClientSecret {
            client_id,
            client_secret,
        } => b.client_credentials(client_id.clone(), client_secret.clone()),
        core::Credentials::Token(t) => b.token(t.clone()),
        core::Credentials::None => b,
    };
    b.connect_timeout(
        config
            .connect_timeout_ms
            .map_or(Duration::from_secs(10), ms),
    )
    .request_timeout(
        config
            .request_timeout_ms
            .map_or(Duration::from_secs(30), ms),
    )
    .retry_policy(core::RetryPolicy {
        max_attempts: config.max_attempts.unwrap_or(d.max_attempts),
        base_delay: config.retry_base_delay_ms.map_or(d.base_delay, ms),
        max_delay: config.retry_max_delay_ms.map_or(d.max_delay, ms),
        max_elapsed: config.retry_max_elapsed_ms.map_or(d.max_elapsed, ms),
        ..d
    })
    .token_refresh_margin(
        config
            .token_refresh_margin_ms
            .map_or(Duration::from_secs(300), ms),
    )
    .min_token_interval(
        config
            .min_token_interval_ms
            .map_or(Duration::from_secs(1), ms),
    )
    .user_agent(config.user_agent.unwrap_or_else(|| {
        format!(
            "chat-platform-ffi/{} {}",
            env!("CARGO_PKG_VERSION"),
            core::default_user_agent()
        )
    }))
    .rate_limits(
        config
            .rate_limits
            .then(|| core::RateLimits::scaled(config.rate_limit_scale.unwrap_or(1.0))),
    )
    .batch_concurrency_opt(config.batch_concurrency.map(|n| n as usize))
    .proxy_config(config.proxy.map(|p| p.0.clone()).unwrap_or_default())
    .ca_certificates(config.ca_certificates_pem, config.ca_certificate_files)
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
    match runtime().spawn(AssertUnwindSafe(fut).catch_unwind()).await {
        Ok(Ok(r)) => r.map_err(ChatPlatformError::from),
        Ok(Err(p)) => Err(internal(chat_platform_support::panic_message(p.as_ref()))),
        Err(join) => Err(internal(format!("the call's task ended early: {join}"))),
    }
}

/// A Chat Platform API client: safe to share between coroutines / tasks.
#[derive(uniffi::Object)]
pub struct Client {
    pub(crate) core: core::Client,
}

/// Pages through every user; Kotlin's `iterUsers()` Flow and Swift's
/// `users()` AsyncSequence are built on it.
#[derive(uniffi::Object)]
pub struct UserPager(Arc<tokio::sync::Mutex<core::UserPager>>);

#[uniffi::export]
impl UserPager {
    /// The next page, or null after the last one.
    pub async fn next_page(&self) -> Result<Option<Vec<User>>, ChatPlatformError> {
        let pager = self.0.clone();
        let page = guarded(async move { pager.lock().await.next_page().await }).await?;
        Ok(page.map(|users| users.into_iter().map(User::from).collect()))
    }
}

impl Client {
    /// Runs `call` on a clone of the core client as a guarded task.
    async fn run<T, Fut>(
        &self,
        call: impl FnOnce(core::Client) -> Fut,
    ) -> Result<T, ChatPlatformError>
    where
        T: Send + 'static,
        Fut: Future<Output = core::Result<T>> + Send + 'static,
    {
        guarded(call(self.core.clone())).await
    }
}

#[uniffi::export]
impl Client {
    /// Creates a client; fails with `Configuration` for a bad base URL or app key.
    #[uniffi::constructor]
    pub fn new(
        config: ClientConfig,
        credentials: Arc<Credentials>,
    ) -> Result<Self, ChatPlatformError> {
        Ok(Client {
            core: build(config, &credentials)?,
        })
    }

    /// The base URL in use.
    pub fn base_url(&self) -> String {
        self.core.config().base_url.clone()
    }

    /// The app key, `org#app`.
    pub fn app_key(&self) -> String {
        format!("{}#{}", self.core.config().org, self.core.config().app)
    }

    /// A pager over all users, `pageSize` (1-100) per request.
    pub fn pages(&self, page_size: i32) -> Result<Arc<UserPager>, ChatPlatformError> {
        let pager = self.core.pages(core::validate::limit_arg(
            "iter_users",
            "page_size",
            page_size.into(),
        )?)?;
        Ok(Arc::new(UserPager(Arc::new(tokio::sync::Mutex::new(
            pager,
        )))))
    }

    /// Fetches a new app token now and caches it (normally automatic).
    pub async fn fetch_token(&self) -> Result<Arc<TokenInfo>, ChatPlatformError> {
        self.run(|c| async move { c.fetch_token().await })
            .await
            .map(|inner| Arc::new(TokenInfo { inner }))
    }

    /// Registers one user without a token (open registration).
    #[uniffi::method(default(nickname = None))]
    pub async fn register_user_open(
        &self,
        username: String,
        password: String,
        nickname: Option<String>,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move {
            c.register_user_open(&username, &password, nickname.as_deref())
                .await
        })
        .await
        .map(User::from)
    }

    /// Registers one user with the app token (authorized registration).
    #[uniffi::method(default(nickname = None))]
    pub async fn register_user(
        &self,
        username: String,
        password: String,
        nickname: Option<String>,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move {
            c.register_user(&username, &password, nickname.as_deref())
                .await
        })
        .await
        .map(User::from)
    }

    /// Registers many users: requests of 60 paced at the service's budget.
    /// Every input user appears once in the report, created or failed with a
    /// reason; the list is checked whole first. `progress` hears after each batch.
    #[uniffi::method(default(progress = None))]
    pub async fn register_users(
        &self,
        users: Vec<Arc<NewUser>>,
        progress: Option<Arc<dyn ProgressSink>>,
    ) -> Result<RegisterReport, ChatPlatformError> {
        let users: Vec<core::NewUser> = users.iter().map(|u| u.inner.clone()).collect();
        let on = progress_fn(progress);
        self.run(|c| async move { c.register_users_with_progress(&users, on).await })
            .await
            .map(RegisterReport::from)
    }

    /// Gets one user (matched ignoring case).
    pub async fn get_user(&self, username: String) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.get_user(&username).await })
            .await
            .map(User::from)
    }

    /// One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page.
    #[uniffi::method(default(limit = None, cursor = None))]
    pub async fn list_users(
        &self,
        limit: Option<i32>,
        cursor: Option<String>,
    ) -> Result<UserPage, ChatPlatformError> {
        let limit = limit
            .map(|l| core::validate::limit_arg("list_users", "limit", l.into()))
            .transpose()?;
        self.run(|c| async move { c.list_users(limit, cursor.as_deref()).await })
            .await
            .map(UserPage::from)
    }

    /// Deletes one user and returns it.
    pub async fn delete_user(&self, username: String) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.delete_user(&username).await })
            .await
            .map(User::from)
    }

    /// Deletes the `limit` (1-500) oldest users and returns them.
    pub async fn delete_users(&self, limit: i32) -> Result<UserPage, ChatPlatformError> {
        let limit = core::validate::delete_limit_arg("delete_users", "limit", limit.into())?;
        self.run(|c| async move { c.delete_users(limit).await })
            .await
            .map(UserPage::from)
    }

    /// Sets a user's password.
    pub async fn set_password(
        &self,
        username: String,
        new_password: String,
    ) -> Result<(), ChatPlatformError> {
        self.run(|c| async move { c.set_password(&username, &new_password).await })
            .await
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    pub async fn set_push_nickname(
        &self,
        username: String,
        nickname: String,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.set_push_nickname(&username, &nickname).await })
            .await
            .map(User::from)
    }

    /// Sets how push notifications are displayed.
    pub async fn set_notification_display_style(
        &self,
        username: String,
        style: DisplayStyle,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move {
            c.set_notification_display_style(&username, style.into())
                .await
        })
        .await
        .map(User::from)
    }

    /// Turns do-not-disturb on from `startHour` to `endHour` (0-23).
    pub async fn set_no_disturb(
        &self,
        username: String,
        start_hour: i32,
        end_hour: i32,
    ) -> Result<User, ChatPlatformError> {
        let s = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour.into())?;
        let e = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour.into())?;
        self.run(|c| async move { c.set_no_disturb(&username, s, e).await })
            .await
            .map(User::from)
    }

    /// Turns do-not-disturb off.
    pub async fn clear_no_disturb(&self, username: String) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.clear_no_disturb(&username).await })
            .await
            .map(User::from)
    }

    /// Adds `contact` to `owner`'s contacts; returns the contact.
    pub async fn add_contact(
        &self,
        owner: String,
        contact: String,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.add_contact(&owner, &contact).await })
            .await
            .map(User::from)
    }

    /// Removes `contact` from `owner`'s contacts; returns the contact.
    pub async fn remove_contact(
        &self,
        owner: String,
        contact: String,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.remove_contact(&owner, &contact).await })
            .await
            .map(User::from)
    }

    /// The usernames of `owner`'s contacts.
    pub async fn list_contacts(&self, owner: String) -> Result<Vec<String>, ChatPlatformError> {
        self.run(|c| async move { c.list_contacts(&owner).await })
            .await
    }

    /// The usernames `owner` has blocked.
    pub async fn list_blocked(&self, owner: String) -> Result<Vec<String>, ChatPlatformError> {
        self.run(|c| async move { c.list_blocked(&owner).await })
            .await
    }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    pub async fn block_users(
        &self,
        owner: String,
        usernames: Vec<String>,
    ) -> Result<Vec<String>, ChatPlatformError> {
        self.run(|c| async move { c.block_users(&owner, &usernames).await })
            .await
    }

    /// Removes `blocked` from `owner`'s blocklist; returns that user.
    pub async fn unblock_user(
        &self,
        owner: String,
        blocked: String,
    ) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.unblock_user(&owner, &blocked).await })
            .await
            .map(User::from)
    }

    /// Whether a user is online.
    pub async fn user_status(&self, username: String) -> Result<Presence, ChatPlatformError> {
        self.run(|c| async move { c.user_status(&username).await })
            .await
            .map(Presence::from)
    }

    /// The presence of many users, in the order asked (requests of 100 paced
    /// at the service's budget). `progress` hears after each batch.
    #[uniffi::method(default(progress = None))]
    pub async fn users_status(
        &self,
        usernames: Vec<String>,
        progress: Option<Arc<dyn ProgressSink>>,
    ) -> Result<Vec<UserPresence>, ChatPlatformError> {
        let on = progress_fn(progress);
        let all = self
            .run(|c| async move { c.users_status_with_progress(&usernames, on).await })
            .await?;
        Ok(all.into_iter().map(UserPresence::from).collect())
    }

    /// How many offline messages wait for a user.
    pub async fn offline_message_count(&self, username: String) -> Result<i64, ChatPlatformError> {
        self.run(|c| async move { c.offline_message_count(&username).await })
            .await
            .map(|n| n as i64)
    }

    /// Whether one offline message was delivered.
    pub async fn offline_message_status(
        &self,
        username: String,
        msg_id: String,
    ) -> Result<DeliveryStatus, ChatPlatformError> {
        self.run(|c| async move { c.offline_message_status(&username, &msg_id).await })
            .await
            .map(DeliveryStatus::from)
    }

    /// Deactivates (bans) a user; returns it.
    pub async fn deactivate_user(&self, username: String) -> Result<User, ChatPlatformError> {
        self.run(|c| async move { c.deactivate_user(&username).await })
            .await
            .map(User::from)
    }

    /// Activates (unbans) a user.
    pub async fn activate_user(&self, username: String) -> Result<(), ChatPlatformError> {
        self.run(|c| async move { c.activate_user(&username).await })
            .await
    }

    /// Forces a user offline; true when the service confirmed it.
    pub async fn disconnect_user(&self, username: String) -> Result<bool, ChatPlatformError> {
        self.run(|c| async move { c.disconnect_user(&username).await })
            .await
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
