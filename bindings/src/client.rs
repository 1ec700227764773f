//! `Client`: every operation as an async method (Kotlin `suspend fun`, Swift `async throws`).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use chat_platform as core;
use futures_util::FutureExt;

use std::collections::HashMap;

use crate::bulk::{progress_fn, ProgressSink};
use crate::error::ChatPlatformError;
use crate::records::{
    ChatType, Contact, ContactPage, Deletion, Device, MuteEntry, MutePage, MuteStatus, PushMode,
    PushNickname, PushNicknameReport, PushScope, PushSetting, UserAttributes, UserToken,
};
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
pub(crate) fn build(config: ClientConfig, credentials: &Credentials) -> core::Result<core::Client> {
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
        Ok(UserPager::new(pager))
    }

    /// A pager over every muted user, `pageSize` (1-50) entries per request;
    /// Kotlin's `iterMutes()` Flow and Swift's `iterMutes()` sequence use it.
    pub fn mute_pages(&self, page_size: i32) -> Result<Arc<MutePager>, ChatPlatformError> {
        let size =
            core::validate::mute_page_arg("iter_mutes", "page_size", Some(page_size.into()))?;
        let pager = self.core.mute_pages(size)?;
        Ok(MutePager::new(pager))
    }

    /// A pager over `owner`'s contacts with remarks, `pageSize` (1-50) per
    /// request; Kotlin's `iterContacts()` and Swift's `iterContacts()` use it.
    pub fn contact_pages(
        &self,
        owner: String,
        page_size: i32,
    ) -> Result<Arc<ContactPager>, ChatPlatformError> {
        let size =
            core::validate::contact_page_arg("iter_contacts", "page_size", Some(page_size.into()))?;
        let pager = self.core.contact_pages(&owner, size)?;
        Ok(ContactPager::new(pager))
    }
}

/// Declares the object a paged list is pulled from, a page at a time (the
/// core's one `Pager`); Kotlin's `iter*` Flows and Swift's `iter*`
/// AsyncSequences are built on it (one `pagedFlow`, one `PagedSequence`).
macro_rules! pager {
    ($doc:literal, $name:ident, $core:ty => $ffi:ty) => {
        #[doc = $doc]
        #[derive(uniffi::Object)]
        pub struct $name(Arc<tokio::sync::Mutex<core::Pager<$core>>>);

        impl $name {
            fn new(pager: core::Pager<$core>) -> Arc<Self> {
                Arc::new($name(Arc::new(tokio::sync::Mutex::new(pager))))
            }
        }

        #[uniffi::export]
        impl $name {
            /// The next page, or null after the last one.
            pub async fn next_page(&self) -> Result<Option<Vec<$ffi>>, ChatPlatformError> {
                let pager = self.0.clone();
                let page = guarded(async move { pager.lock().await.next_page().await }).await?;
                Ok(page.map(|p| p.into_iter().map(<$ffi>::from).collect()))
            }
        }
    };
}

pager!("Pages through every user.", UserPager, core::User => User);
pager!("Pages through every muted user (one entry per chat type).", MutePager, core::MuteEntry => MuteEntry);
pager!("Pages through a user's contacts, with remarks.", ContactPager, core::Contact => Contact);

/// Declares each operation once: its arguments (UniFFI types), defaults,
/// and the core call, run as a guarded task; every one becomes a Kotlin
/// `suspend fun` and a Swift `async throws` method.
macro_rules! operations {
    ($(
        $(#[doc = $doc:tt])*
        $(#[default($($def:tt)*)])?
        fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty { $c:ident => $body:expr }
    )*) => {
        #[uniffi::export]
        impl Client {
            $(
                $(#[doc = $doc])*
                $(#[uniffi::method(default($($def)*))])?
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$ret, ChatPlatformError> {
                    let $c = self.core.clone();
                    guarded(async move { $body }).await
                }
            )*
        }
    };
}

/// Seconds from Kotlin or Swift (`ttlSeconds`), at most 2^31 - 1.
fn range(
    op: &'static str,
    field: &str,
    v: Option<i32>,
    min: u32,
    max: u32,
) -> core::Result<Option<u32>> {
    v.map(|x| core::validate::range_arg(op, field, x.into(), min, max))
        .transpose()
}

operations! {
    /// Fetches a new app token now and caches it (normally automatic).
    fn fetch_token() -> Arc<TokenInfo> {
        c => c.fetch_token().await.map(|inner| Arc::new(TokenInfo { inner }))
    }

    /// Registers one user without a token (open registration).
    #[default(nickname = None)]
    fn register_user_open(username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user_open(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    /// Registers one user with the app token (authorized registration).
    #[default(nickname = None)]
    fn register_user(username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    /// Registers many users: requests of 60 paced at the service's budget.
    /// Every input user appears once in the report, created or failed with a
    /// reason; the list is checked whole first. `progress` hears after each batch.
    #[default(progress = None)]
    fn register_users(users: Vec<Arc<NewUser>>, progress: Option<Arc<dyn ProgressSink>>) -> RegisterReport {
        c => {
            let users: Vec<core::NewUser> = users.iter().map(|u| u.inner.clone()).collect();
            c.register_users_with_progress(&users, progress_fn(progress)).await.map(RegisterReport::from)
        }
    }

    /// Gets one user (matched ignoring case).
    fn get_user(username: String) -> User {
        c => c.get_user(&username).await.map(User::from)
    }

    /// One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page.
    #[default(limit = None, cursor = None)]
    fn list_users(limit: Option<i32>, cursor: Option<String>) -> UserPage {
        c => {
            let limit = limit.map(|l| core::validate::limit_arg("list_users", "limit", l.into())).transpose()?;
            c.list_users(limit, cursor.as_deref()).await.map(UserPage::from)
        }
    }

    /// Deletes one user: a `Deletion` with the user as the service described
    /// it, or `outcome` `ALREADY_GONE` when an earlier attempt got no answer
    /// and the repeat found nothing (the lost attempt deleted it). A user
    /// missing at the first attempt is a `NotFound`.
    fn delete_user(username: String) -> Deletion {
        c => c.delete_user(&username).await.map(Deletion::from)
    }

    /// Deletes the `limit` (1-500) oldest users and returns them.
    fn delete_oldest_users(limit: i32) -> UserPage {
        c => {
            let limit = core::validate::delete_limit_arg("delete_oldest_users", "limit", limit.into())?;
            c.delete_oldest_users(limit).await.map(UserPage::from)
        }
    }

    /// Sets a user's password.
    fn set_password(username: String, new_password: String) -> () {
        c => c.set_password(&username, &new_password).await
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    fn set_push_nickname(username: String, nickname: String) -> User {
        c => c.set_push_nickname(&username, &nickname).await.map(User::from)
    }

    /// Sets how push notifications are displayed.
    fn set_notification_display_style(username: String, style: DisplayStyle) -> User {
        c => c.set_notification_display_style(&username, style.into()).await.map(User::from)
    }

    /// Turns do-not-disturb on from `startHour` to `endHour` (0-23).
    fn set_no_disturb(username: String, start_hour: i32, end_hour: i32) -> User {
        c => {
            let s = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour.into())?;
            let e = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour.into())?;
            c.set_no_disturb(&username, s, e).await.map(User::from)
        }
    }

    /// Turns do-not-disturb off.
    fn clear_no_disturb(username: String) -> User {
        c => c.clear_no_disturb(&username).await.map(User::from)
    }

    /// Adds `contact` to `owner`'s contacts; returns the contact.
    fn add_contact(owner: String, contact: String) -> User {
        c => c.add_contact(&owner, &contact).await.map(User::from)
    }

    /// Removes `contact` from `owner`'s contacts: a `Deletion` holding the contact (see `deleteUser`).
    fn remove_contact(owner: String, contact: String) -> Deletion {
        c => c.remove_contact(&owner, &contact).await.map(Deletion::from)
    }

    /// The usernames of `owner`'s contacts.
    fn list_contacts(owner: String) -> Vec<String> {
        c => c.list_contacts(&owner).await
    }

    /// The usernames `owner` has blocked.
    fn list_blocked(owner: String) -> Vec<String> {
        c => c.list_blocked(&owner).await
    }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    fn block_users(owner: String, usernames: Vec<String>) -> Vec<String> {
        c => c.block_users(&owner, &usernames).await
    }

    /// Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that user (see `deleteUser`).
    fn unblock_user(owner: String, blocked: String) -> Deletion {
        c => c.unblock_user(&owner, &blocked).await.map(Deletion::from)
    }

    /// Whether a user is online.
    fn user_status(username: String) -> Presence {
        c => c.user_status(&username).await.map(Presence::from)
    }

    /// The presence of many users, in the order asked (requests of 100 paced
    /// at the service's budget). `progress` hears after each batch.
    #[default(progress = None)]
    fn users_status(usernames: Vec<String>, progress: Option<Arc<dyn ProgressSink>>) -> Vec<UserPresence> {
        c => {
            let all = c.users_status_with_progress(&usernames, progress_fn(progress)).await?;
            Ok(all.into_iter().map(UserPresence::from).collect())
        }
    }

    /// How many offline messages wait for a user.
    fn offline_message_count(username: String) -> i64 {
        c => c.offline_message_count(&username).await.map(|n| n as i64)
    }

    /// Whether one offline message was delivered.
    fn offline_message_status(username: String, msg_id: String) -> DeliveryStatus {
        c => c.offline_message_status(&username, &msg_id).await.map(DeliveryStatus::from)
    }

    /// Deactivates (bans) a user; returns it.
    fn deactivate_user(username: String) -> User {
        c => c.deactivate_user(&username).await.map(User::from)
    }

    /// Activates (unbans) a user.
    fn activate_user(username: String) -> () {
        c => c.activate_user(&username).await
    }

    /// Forces a user offline; true when the service confirmed it.
    fn disconnect_user(username: String) -> bool {
        c => c.disconnect_user(&username).await
    }

    /// A login token for a user, by their password (no app token needed).
    /// `ttlSeconds`: its lifetime (null: the console's; 0: it never expires).
    /// A wrong password is `Unauthorized`, an unknown user `NotFound`.
    #[default(ttl_seconds = None)]
    fn user_token(username: String, password: String, ttl_seconds: Option<i64>) -> Arc<UserToken> {
        c => {
            let t = core::validate::ttl_arg("user_token", ttl_seconds)?;
            c.user_token(&username, &password, t).await.map(|inner| Arc::new(UserToken { inner }))
        }
    }

    /// A login token for a user without their password (the app token
    /// vouches for them); `createUser` registers the user if missing.
    #[default(ttl_seconds = None, create_user = false)]
    fn user_token_without_password(username: String, ttl_seconds: Option<i64>, create_user: bool) -> Arc<UserToken> {
        c => {
            let t = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
            c.user_token_without_password(&username, t, create_user).await.map(|inner| Arc::new(UserToken { inner }))
        }
    }

    /// The devices a user is logged in on (empty when offline).
    fn list_devices(username: String) -> Vec<Device> {
        c => c.list_devices(&username).await.map(|d| d.into_iter().map(Device::from).collect())
    }

    /// Logs a user out of one device (`resource` from `listDevices`); false
    /// when that device was not online.
    fn logout_device(username: String, resource: String) -> bool {
        c => c.logout_device(&username, &resource).await
    }

    /// Sets attributes of a user (others are kept); returns what was stored.
    /// Keys and values together are checked against the service's 2 KB per
    /// user before sending.
    fn set_user_attributes(username: String, attributes: HashMap<String, String>) -> HashMap<String, String> {
        c => {
            let attrs: core::Attributes = attributes.into_iter().collect();
            c.set_user_attributes(&username, &attrs).await.map(|m| m.into_iter().collect())
        }
    }

    /// A user's attributes (empty when none, or no such user).
    fn get_user_attributes(username: String) -> HashMap<String, String> {
        c => c.get_user_attributes(&username).await.map(|m| m.into_iter().collect())
    }

    /// Deletes all of a user's attributes.
    fn delete_user_attributes(username: String) -> () {
        c => c.delete_user_attributes(&username).await
    }

    /// The attributes named in `keys` of many users, one result per user in
    /// the order asked (requests of 100 paced at the service's budget).
    /// `progress` hears after each batch.
    #[default(progress = None)]
    fn users_attributes(usernames: Vec<String>, keys: Vec<String>, progress: Option<Arc<dyn ProgressSink>>) -> Vec<UserAttributes> {
        c => {
            let all = c.users_attributes_with_progress(&usernames, &keys, progress_fn(progress)).await?;
            Ok(all.into_iter().map(UserAttributes::from).collect())
        }
    }

    /// How many bytes of attributes the whole app stores.
    fn user_attributes_usage() -> i64 {
        c => c.user_attributes_usage().await.map(|n| n as i64)
    }

    /// Mutes a user for `seconds` (1 to 2,147,483,647; null: for good) in the
    /// given chat types (empty: all three).
    #[default(seconds = None, chat_types = [])]
    fn mute_user(username: String, seconds: Option<i64>, chat_types: Vec<ChatType>) -> () {
        c => {
            let secs = seconds.map(|s| core::validate::range_arg("mute_user", "seconds", s, 0, u32::MAX)).transpose()?;
            let types: Vec<core::ChatType> = chat_types.into_iter().map(Into::into).collect();
            c.mute_user(&username, secs, &types).await
        }
    }

    /// Lifts a user's mute in the given chat types (empty: all three).
    #[default(chat_types = [])]
    fn unmute_user(username: String, chat_types: Vec<ChatType>) -> () {
        c => {
            let types: Vec<core::ChatType> = chat_types.into_iter().map(Into::into).collect();
            c.unmute_user(&username, &types).await
        }
    }

    /// Seconds left of a user's mute per chat type (0: none; -1: for good).
    fn get_mute(username: String) -> MuteStatus {
        c => c.get_mute(&username).await.map(MuteStatus::from)
    }

    /// One page of muted users: `page` from 1, `pageSize` 1-50.
    #[default(page = None, page_size = None)]
    fn list_mutes(page: Option<i32>, page_size: Option<i32>) -> MutePage {
        c => {
            let page = range("list_mutes", "page", page, 1, u32::MAX)?;
            let size = page_size.map(|p| core::validate::mute_page_arg("list_mutes", "page_size", Some(p.into()))).transpose()?;
            c.list_mutes(page, size).await.map(MutePage::from)
        }
    }

    /// One page of `owner`'s contacts, newest first: `limit` 1-50 (service
    /// default 10), `cursor` from the previous page, remarks when `withRemarks`.
    #[default(limit = None, cursor = None, with_remarks = false)]
    fn list_contacts_page(owner: String, limit: Option<i32>, cursor: Option<String>, with_remarks: bool) -> ContactPage {
        c => {
            let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l.into()))).transpose()?;
            c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks).await.map(ContactPage::from)
        }
    }

    /// Sets the remark `owner` gives `contact` (at most 100 characters; "" clears it).
    fn set_contact_remark(owner: String, contact: String, remark: String) -> () {
        c => c.set_contact_remark(&owner, &contact, &remark).await
    }

    /// Sets many users' push nicknames, 50 per request; every input is
    /// reported once, updated or failed with a reason. The list is checked
    /// whole first.
    fn set_push_nicknames(nicknames: Vec<PushNickname>) -> PushNicknameReport {
        c => {
            let list: Vec<core::PushNickname> = nicknames.into_iter().map(Into::into).collect();
            c.set_push_nicknames(&list).await.map(PushNicknameReport::from)
        }
    }

    /// A user's push setting: their app-level one, or a conversation's.
    fn get_push_setting(username: String, scope: PushScope) -> PushSetting {
        c => c.get_push_setting(&username, &scope.into()).await.map(PushSetting::from)
    }

    /// Changes a user's push setting for a scope: `mode`, the daily
    /// `dndInterval` ("HH:MM-HH:MM", app scope only, "" clears) and a one-off
    /// `dndDurationSeconds` (at most 7 days; 0 clears).
    #[default(mode = None, dnd_interval = None, dnd_duration_seconds = None)]
    fn set_push_setting(username: String, scope: PushScope, mode: Option<PushMode>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PushSetting {
        c => {
            const OP: &str = "set_push_setting";
            let dnd_duration = core::validate::dnd_duration_arg(OP, dnd_duration_seconds)?;
            let update = core::PushSettingUpdate { mode: mode.map(Into::into), dnd_interval, dnd_duration };
            c.set_push_setting(&username, &scope.into(), &update).await.map(PushSetting::from)
        }
    }

    /// The language a user's push notifications are translated into ("": none).
    fn get_push_language(username: String) -> String {
        c => c.get_push_language(&username).await
    }

    /// Sets the push translation language (a code such as "EU"; "" for none).
    fn set_push_language(username: String, language: String) -> String {
        c => c.set_push_language(&username, &language).await
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
