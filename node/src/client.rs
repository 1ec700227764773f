//! `Client`: every operation as a camelCase method returning a Promise.

use std::time::Duration;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args;
use crate::errors::{invalid_arg, to_js};
use crate::iter::{ContactIterator, MuteIterator, UserIterator};
use crate::records::{ContactPage, Device, MutePage, MuteStatus, PushNicknameReport, PushSetting};
use crate::runtime::promise;
use crate::types::{TokenInfo, User, UserPage, UserToken};

/// Client settings. Durations are in milliseconds.
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    /// Base URL, e.g. `https://a1.easecdn.com` or an emulator's URL.
    pub base_url: Option<String>,
    /// A documented data center instead of `baseUrl`.
    #[napi(ts_type = "'domestic1' | 'domestic2' | 'singapore1'")]
    pub region: Option<String>,
    /// The app key, `org#app`.
    pub app_key: Option<String>,
    /// Org name (with `app`, instead of `appKey`).
    pub org: Option<String>,
    /// App name (with `org`, instead of `appKey`).
    pub app: Option<String>,
    /// The app's client id (tokens are then fetched and refreshed automatically).
    pub client_id: Option<String>,
    /// The app's client secret.
    pub client_secret: Option<String>,
    /// A fixed token instead of client id and secret (never refreshed).
    pub token: Option<String>,
    /// An Agora app ID (with `appCertificate`, instead of client id and
    /// secret): the client mints AccessToken2 app tokens and exchanges them.
    pub app_id: Option<String>,
    /// The Agora app certificate (never shown).
    pub app_certificate: Option<String>,
    /// The app token's lifetime to ask for, whole seconds in ms (default:
    /// the console's setting; with an app certificate 24 h, the most).
    pub app_token_ttl: Option<f64>,
    /// Time allowed to connect (default 10000 ms).
    pub connect_timeout: Option<f64>,
    /// Time allowed for one HTTP attempt (default 30000 ms).
    pub request_timeout: Option<f64>,
    /// Most attempts per request, the first included (default 6).
    pub max_attempts: Option<u32>,
    /// Backoff base (default 200 ms).
    pub retry_base_delay: Option<f64>,
    /// Longest backoff wait (default 10000 ms).
    pub retry_max_delay: Option<f64>,
    /// Longest total time per request, retries included (default 60000 ms).
    pub retry_max_elapsed: Option<f64>,
    /// Refresh tokens this long before expiry (default 300000 ms).
    pub token_refresh_margin: Option<f64>,
    /// Least time between token fetches (default 1000 ms).
    pub min_token_interval: Option<f64>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Pace requests at the service's per-app limits, adapting to throttling
    /// (default true).
    pub rate_limits: Option<bool>,
    /// A plan with higher limits: the documented ones times this (default 1).
    pub rate_limit_scale: Option<f64>,
    /// A fixed number of batch requests in flight (default: rate x measured round trip).
    pub batch_concurrency: Option<u32>,
    /// A proxy for every request, `http://host:port` (credentials may be in
    /// the URL); replaces the environment's `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`.
    pub proxy: Option<String>,
    /// The proxy's user name (Basic authentication; never shown).
    pub proxy_username: Option<String>,
    /// The proxy's password (never shown).
    pub proxy_password: Option<String>,
    /// Hosts that bypass the proxy, `NO_PROXY` syntax (`'localhost,.corp,10.0.0.0/8'`) or an array.
    pub no_proxy: Option<Either<String, Vec<String>>>,
    /// Read `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment (default true).
    pub proxy_from_env: Option<bool>,
    /// Extra CA certificates to trust, PEM text (one string or several).
    pub ca_certificates: Option<Either<String, Vec<String>>>,
    /// Extra CA certificates to trust, PEM files (read when the client is built).
    pub ca_certificate_files: Option<Either<String, Vec<String>>>,
}

fn list(v: Option<Either<String, Vec<String>>>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(Either::A(s)) => vec![s],
        Some(Either::B(v)) => v,
    }
}

fn ms(field: &str, v: Option<f64>, default: Duration, zero_ok: bool) -> Result<Duration> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() && x >= 0.0 && (zero_ok || x > 0.0) => {
            Ok(Duration::from_secs_f64(x / 1000.0))
        }
        Some(x) => Err(invalid_arg(format!(
            "`{field}` must be a positive number of milliseconds, got {x}"
        ))),
    }
}

/// Builds a core client from options; configuration problems are core errors.
pub(crate) fn build(o: ClientOptions) -> Result<core::Result<core::Client>> {
    let mut b = core::Client::builder();
    match (o.base_url, o.region.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(invalid_arg("give `baseUrl` or `region`, not both".into()))
        }
        (Some(u), None) => b = b.base_url(u),
        (None, Some("domestic1")) => b = b.region(core::Region::Domestic1),
        (None, Some("domestic2")) => b = b.region(core::Region::Domestic2),
        (None, Some("singapore1")) => b = b.region(core::Region::Singapore1),
        (None, Some(r)) => {
            return Err(invalid_arg(format!(
                "unknown `region` {r:?}: domestic1, domestic2 or singapore1"
            )))
        }
        (None, None) => {}
    }
    match (o.app_key, o.org, o.app) {
        (Some(k), None, None) => b = b.app_key(k),
        (None, Some(org), Some(app)) => b = b.org_app(org, app),
        _ => {
            return Err(invalid_arg(
                "give `appKey` (\"org#app\"), or both `org` and `app`".into(),
            ))
        }
    }
    match (
        o.client_id,
        o.client_secret,
        o.token,
        o.app_id,
        o.app_certificate,
    ) {
        (Some(i), Some(s), None, None, None) => b = b.client_credentials(i, s),
        (None, None, Some(t), None, None) => b = b.token(t),
        (None, None, None, Some(id), Some(cert)) => b = b.app_certificate(id, cert),
        (None, None, None, None, None) => {}
        _ => {
            return Err(invalid_arg(
                "give `clientId` and `clientSecret`, or `appId` and `appCertificate`, or `token`"
                    .into(),
            ))
        }
    }
    if let Some(ttl) = o.app_token_ttl {
        b = b.app_token_ttl(ms("appTokenTtl", Some(ttl), Duration::ZERO, false)?);
    }
    let d = core::RetryPolicy::default();
    b = b
        .connect_timeout(ms(
            "connectTimeout",
            o.connect_timeout,
            Duration::from_secs(10),
            false,
        )?)
        .request_timeout(ms(
            "requestTimeout",
            o.request_timeout,
            Duration::from_secs(30),
            false,
        )?)
        .retry_policy(core::RetryPolicy {
            max_attempts: o.max_attempts.unwrap_or(d.max_attempts),
            base_delay: ms("retryBaseDelay", o.retry_base_delay, d.base_delay, true)?,
            max_delay: ms("retryMaxDelay", o.retry_max_delay, d.max_delay, true)?,
            max_elapsed: ms("retryMaxElapsed", o.retry_max_elapsed, d.max_elapsed, true)?,
            ..d
        })
        .token_refresh_margin(ms(
            "tokenRefreshMargin",
            o.token_refresh_margin,
            Duration::from_secs(300),
            true,
        )?)
        .min_token_interval(ms(
            "minTokenInterval",
            o.min_token_interval,
            Duration::from_secs(1),
            true,
        )?)
        .user_agent(o.user_agent.unwrap_or_else(|| {
            format!(
                "chat-platform-node/{} {}",
                env!("CARGO_PKG_VERSION"),
                core::default_user_agent()
            )
        }))
        .rate_limits(
            o.rate_limits
                .unwrap_or(true)
                .then(|| core::RateLimits::scaled(o.rate_limit_scale.unwrap_or(1.0))),
        );
    if let Some(n) = o.batch_concurrency {
        b = b.batch_concurrency(n as usize);
    }
    b = b
        .proxy_config(core::ProxyConfig::from_parts(
            o.proxy,
            o.proxy_username,
            o.proxy_password,
            &list(o.no_proxy),
            o.proxy_from_env.unwrap_or(true),
        ))
        .ca_certificates(list(o.ca_certificates), list(o.ca_certificate_files));
    Ok(b.build())
}

/// A Chat Platform API client. Every operation returns a Promise; errors are
/// `Error`s with a stable `code` (`NOT_FOUND`, `RATE_LIMITED`, ...) and the
/// properties `status`, `serverCode`, `description`, `retryAfter` (ms),
/// `retryable`, `field`, `operation`.
#[napi]
pub struct Client {
    pub(crate) core: core::Client,
}

impl Client {
    pub(crate) fn from_core(core: core::Client) -> Self {
        Client { core }
    }
}

#[napi]
impl Client {
    /// Creates a client. Throws an `Error` with code `CONFIGURATION` for a bad
    /// base URL or app key.
    #[napi(constructor)]
    pub fn new(env: Env, options: ClientOptions) -> Result<Self> {
        match build(options)? {
            Ok(core) => Ok(Client { core }),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// The base URL in use.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.core.config().base_url.clone()
    }

    /// The app key, `org#app`.
    #[napi(getter)]
    pub fn app_key(&self) -> String {
        format!("{}#{}", self.core.config().org, self.core.config().app)
    }

    /// A description without secrets.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "Client(baseUrl={}, appKey={})",
            self.base_url(),
            self.app_key()
        )
    }

    /// `{ baseUrl, appKey }`, never credentials.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "baseUrl": self.base_url(), "appKey": self.app_key() })
    }

    /// Every user, fetched `pageSize` (1-100, default 100) at a time: `for await (const u of client.iterUsers())`.
    #[napi]
    pub fn iter_users(
        &self,
        env: Env,
        #[napi(ts_arg_type = "number | undefined | null")] page_size: Option<Unknown<'_>>,
    ) -> Result<UserIterator> {
        let page_size = args::opt_integer(&env, "iter_users", "page_size", page_size)?;
        let page_size =
            core::validate::limit_arg("iter_users", "page_size", page_size.unwrap_or(100))
                .map_err(|e| to_js(&env, &e))?;
        match self.core.iter_users(page_size) {
            Ok(stream) => Ok(UserIterator::new(stream)),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// Every muted user, `pageSize` (1-50, default 50) entries per request:
    /// `for await (const m of client.iterMutes())`.
    #[napi(ts_args_type = "pageSize?: number | null")]
    pub fn iter_mutes(&self, env: Env, page_size: Unknown<'_>) -> Result<MuteIterator> {
        let size: Option<i64> =
            args::FromArg::from_arg(&env, "iter_mutes", "page_size", Some(page_size))?;
        let stream =
            core::validate::range_arg("iter_mutes", "page_size", size.unwrap_or(50), 1, 50)
                .and_then(|s| self.core.iter_mutes(s))
                .map_err(|e| to_js(&env, &e))?;
        Ok(MuteIterator::new(stream))
    }

    /// Every contact of `owner` with its remark, `pageSize` (1-50, default
    /// 50) per request: `for await (const c of client.iterContacts('alice'))`.
    #[napi(ts_args_type = "owner: string, pageSize?: number | null")]
    pub fn iter_contacts(
        &self,
        env: Env,
        owner: Unknown<'_>,
        page_size: Unknown<'_>,
    ) -> Result<ContactIterator> {
        const OP: &str = "iter_contacts";
        let owner: String = args::FromArg::from_arg(&env, OP, "owner", Some(owner))?;
        let size: Option<i64> = args::FromArg::from_arg(&env, OP, "page_size", Some(page_size))?;
        let stream = core::validate::range_arg(OP, "page_size", size.unwrap_or(50), 1, 50)
            .and_then(|s| self.core.iter_contacts(&owner, s))
            .map_err(|e| to_js(&env, &e))?;
        Ok(ContactIterator::new(stream))
    }
}

/// Declares each operation once: its TypeScript arguments, its Rust
/// arguments (converted with errors naming the operation and the argument,
/// see `args::FromArg`) and the core call; every one becomes a camelCase
/// method returning a Promise. (Docs are `#[doc = "..."]`: `///` comments
/// passed through a macro reach napi as raw strings, which it would print
/// with their `r"` prefix.)
macro_rules! operations {
    ($(
        $(#[doc = $doc:tt])*
        fn $name:ident($ts:tt $(, $ts_ret:tt)?) ($($arg:ident: $ty:ty),*) -> $ret:ty {
            $c:ident => $body:expr
        }
    )*) => {
        #[napi]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[napi(ts_args_type = $ts $(, ts_return_type = $ts_ret)?)]
                #[allow(clippy::too_many_arguments)]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    $($arg: Unknown<'env>),*
                ) -> Result<PromiseRaw<'env, $ret>> {
                    // A left-out argument arrives as `undefined` (napi would
                    // turn `null` into `None` for an `Option`, hiding it).
                    $(let $arg: $ty = args::FromArg::from_arg(env, stringify!($name), stringify!($arg), Some($arg))?;)*
                    let $c = self.core.clone();
                    promise(env, async move { $body })
                }
            )*
        }
    };
}

/// A whole number of seconds (`ttlSeconds`), at most 2^31 - 1.
fn ttl(op: &'static str, v: Option<i64>) -> core::Result<Option<Duration>> {
    v.map(|t| core::validate::seconds_arg(op, "ttl_seconds", t, core::validate::MAX_TTL_SECONDS))
        .transpose()
}

/// Chat types by name (`'chat'`, `'groupchat'`, `'chatroom'`); none: all three.
fn parse_chat_types(op: &'static str, v: Option<Vec<String>>) -> core::Result<Vec<core::ChatType>> {
    v.unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| core::ChatType::parse(&format!("chat_types[{i}]"), t))
        .collect::<core::Result<_>>()
        .map_err(|e| e.with_operation(op))
}

fn push_scope(
    op: &'static str,
    scope: &str,
    target: Option<&str>,
) -> core::Result<core::PushScope> {
    core::PushScope::parse(scope, target).map_err(|e| e.with_operation(op))
}

operations! {
    #[doc = " Fetches a new app token now and caches it (normally automatic)."]
    fn fetch_token("") () -> TokenInfo { c => c.fetch_token().await.map(TokenInfo::new) }

    #[doc = " Registers one user without a token (open registration)."]
    fn register_user_open("username: string, password: string, nickname?: string | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user_open(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Registers one user with the app token (authorized registration)."]
    fn register_user("username: string, password: string, nickname?: string | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Gets one user (matched ignoring case)."]
    fn get_user("username: string") (username: String) -> User {
        c => c.get_user(&username).await.map(User::from)
    }

    #[doc = " One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page."]
    fn list_users("limit?: number | null, cursor?: string | null") (limit: Option<i64>, cursor: Option<String>) -> UserPage {
        c => {
            let limit = limit.map(|l| core::validate::limit_arg("list_users", "limit", l)).transpose()?;
            c.list_users(limit, cursor.as_deref()).await.map(UserPage::from)
        }
    }

    #[doc = " Deletes one user and returns it."]
    fn delete_user("username: string") (username: String) -> User {
        c => c.delete_user(&username).await.map(User::from)
    }

    #[doc = " Deletes the `limit` (1-500) oldest users and returns them."]
    fn delete_users("limit: number") (limit: i64) -> UserPage {
        c => {
            let limit = core::validate::delete_limit_arg("delete_users", "limit", limit)?;
            c.delete_users(limit).await.map(UserPage::from)
        }
    }

    #[doc = " Sets a user's password."]
    fn set_password("username: string, newPassword: string", "Promise<void>") (username: String, new_password: String) -> () {
        c => c.set_password(&username, &new_password).await
    }

    #[doc = " Sets the nickname shown in push notifications (at most 100 characters)."]
    fn set_push_nickname("username: string, nickname: string") (username: String, nickname: String) -> User {
        c => c.set_push_nickname(&username, &nickname).await.map(User::from)
    }

    #[doc = " Sets how push notifications are displayed: 0 notification only, 1 with details."]
    fn set_notification_display_style("username: string, style: 0 | 1") (username: String, style: i64) -> User {
        c => {
            let style = core::DisplayStyle::from_code(style).map_err(|e| e.with_operation("set_notification_display_style"))?;
            c.set_notification_display_style(&username, style).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb on from `startHour` to `endHour` (0-23)."]
    fn set_no_disturb("username: string, startHour: number, endHour: number") (username: String, start_hour: i64, end_hour: i64) -> User {
        c => {
            let start_hour = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour)?;
            let end_hour = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour)?;
            c.set_no_disturb(&username, start_hour, end_hour).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb off."]
    fn clear_no_disturb("username: string") (username: String) -> User {
        c => c.clear_no_disturb(&username).await.map(User::from)
    }

    #[doc = " Adds `contact` to `owner`'s contacts; resolves to the contact."]
    fn add_contact("owner: string, contact: string") (owner: String, contact: String) -> User {
        c => c.add_contact(&owner, &contact).await.map(User::from)
    }

    #[doc = " Removes `contact` from `owner`'s contacts; resolves to the contact."]
    fn remove_contact("owner: string, contact: string") (owner: String, contact: String) -> User {
        c => c.remove_contact(&owner, &contact).await.map(User::from)
    }

    #[doc = " The usernames of `owner`'s contacts."]
    fn list_contacts("owner: string") (owner: String) -> Vec<String> {
        c => c.list_contacts(&owner).await
    }

    #[doc = " The usernames `owner` has blocked."]
    fn list_blocked("owner: string") (owner: String) -> Vec<String> {
        c => c.list_blocked(&owner).await
    }

    #[doc = " Adds 1-500 users to `owner`'s blocklist; resolves to the usernames added."]
    fn block_users("owner: string, usernames: Array<string>") (owner: String, usernames: Vec<String>) -> Vec<String> {
        c => c.block_users(&owner, &usernames).await
    }

    #[doc = " Removes `blocked` from `owner`'s blocklist; resolves to that user."]
    fn unblock_user("owner: string, blocked: string") (owner: String, blocked: String) -> User {
        c => c.unblock_user(&owner, &blocked).await.map(User::from)
    }

    #[doc = " Whether a user is online."]
    fn user_status("username: string", "Promise<'online' | 'offline'>") (username: String) -> String {
        c => c.user_status(&username).await.map(|p| p.as_str().to_owned())
    }

    #[doc = " How many offline messages wait for a user."]
    fn offline_message_count("username: string") (username: String) -> i64 {
        c => c.offline_message_count(&username).await.map(|n| n as i64)
    }

    #[doc = " Whether one offline message was delivered."]
    fn offline_message_status("username: string, msgId: string", "Promise<'delivered' | 'undelivered'>") (username: String, msg_id: String) -> String {
        c => c.offline_message_status(&username, &msg_id).await.map(|d| d.as_str().to_owned())
    }

    #[doc = " Deactivates (bans) a user; resolves to it."]
    fn deactivate_user("username: string") (username: String) -> User {
        c => c.deactivate_user(&username).await.map(User::from)
    }

    #[doc = " Activates (unbans) a user."]
    fn activate_user("username: string", "Promise<void>") (username: String) -> () {
        c => c.activate_user(&username).await
    }

    #[doc = " Forces a user offline; resolves to true when the service confirmed it."]
    fn disconnect_user("username: string") (username: String) -> bool {
        c => c.disconnect_user(&username).await
    }

    #[doc = " A login token for a user, by their password (no app token needed)."]
    #[doc = " `ttlSeconds`: its lifetime (default: the console's; 0: it never"]
    #[doc = " expires). A wrong password is `UNAUTHORIZED`, an unknown user `NOT_FOUND`."]
    fn user_token("username: string, password: string, ttlSeconds?: number | null")
        (username: String, password: String, ttl_seconds: Option<i64>) -> UserToken {
        c => {
            let t = ttl("user_token", ttl_seconds)?;
            c.user_token(&username, &password, t).await.map(UserToken::from)
        }
    }

    #[doc = " A login token for a user without their password (the app token"]
    #[doc = " vouches for them); `createUser` registers the user if missing."]
    fn user_token_without_password("username: string, ttlSeconds?: number | null, createUser?: boolean | null")
        (username: String, ttl_seconds: Option<i64>, create_user: Option<bool>) -> UserToken {
        c => {
            let t = ttl("user_token_without_password", ttl_seconds)?;
            c.user_token_without_password(&username, t, create_user.unwrap_or(false)).await.map(UserToken::from)
        }
    }

    #[doc = " The devices a user is logged in on (empty when offline)."]
    fn list_devices("username: string") (username: String) -> Vec<Device> {
        c => c.list_devices(&username).await.map(|d| d.into_iter().map(Device::from).collect())
    }

    #[doc = " Logs a user out of one device (`resource` from `listDevices`);"]
    #[doc = " resolves to false when that device was not online."]
    fn logout_device("username: string, resource: string") (username: String, resource: String) -> bool {
        c => c.logout_device(&username, &resource).await
    }

    #[doc = " Sets attributes of a user (others are kept); resolves to what was"]
    #[doc = " stored. Keys and values together are checked against the service's"]
    #[doc = " 2 KB per user before sending."]
    fn set_user_attributes("username: string, attributes: Record<string, string>", "Promise<Record<string, string>>")
        (username: String, attributes: args::Attributes) -> std::collections::HashMap<String, String> {
        c => c.set_user_attributes(&username, &attributes.0).await.map(|m| m.into_iter().collect())
    }

    #[doc = " A user's attributes (`{}` when none, or no such user)."]
    fn get_user_attributes("username: string", "Promise<Record<string, string>>") (username: String) -> std::collections::HashMap<String, String> {
        c => c.get_user_attributes(&username).await.map(|m| m.into_iter().collect())
    }

    #[doc = " Deletes all of a user's attributes."]
    fn delete_user_attributes("username: string", "Promise<void>") (username: String) -> () {
        c => c.delete_user_attributes(&username).await
    }

    #[doc = " How many bytes of attributes the whole app stores."]
    fn user_attributes_usage("") () -> i64 {
        c => c.user_attributes_usage().await.map(|n| n as i64)
    }

    #[doc = " Mutes a user for `seconds` (1 to 2,147,483,647; absent: for good) in"]
    #[doc = " the given chat types (absent: all three)."]
    fn mute_user("username: string, seconds?: number | null, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null", "Promise<void>")
        (username: String, seconds: Option<i64>, chat_types: Option<Vec<String>>) -> () {
        c => {
            const OP: &str = "mute_user";
            let types = parse_chat_types(OP, chat_types)?;
            let secs = seconds.map(|s| core::validate::range_arg(OP, "seconds", s, 0, u32::MAX)).transpose()?;
            c.mute_user(&username, secs, &types).await
        }
    }

    #[doc = " Lifts a user's mute in the given chat types (absent: all three)."]
    fn unmute_user("username: string, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null", "Promise<void>")
        (username: String, chat_types: Option<Vec<String>>) -> () {
        c => {
            let types = parse_chat_types("unmute_user", chat_types)?;
            c.unmute_user(&username, &types).await
        }
    }

    #[doc = " Seconds left of a user's mute per chat type."]
    fn get_mute("username: string") (username: String) -> MuteStatus {
        c => c.get_mute(&username).await.map(MuteStatus::from)
    }

    #[doc = " One page of muted users: `page` from 1, `pageSize` 1-50."]
    fn list_mutes("page?: number | null, pageSize?: number | null") (page: Option<i64>, page_size: Option<i64>) -> MutePage {
        c => {
            const OP: &str = "list_mutes";
            let page = page.map(|p| core::validate::range_arg(OP, "page", p, 1, u32::MAX)).transpose()?;
            let size = page_size.map(|p| core::validate::range_arg(OP, "page_size", p, 1, 50)).transpose()?;
            c.list_mutes(page, size).await.map(MutePage::from)
        }
    }

    #[doc = " One page of `owner`'s contacts, newest first: `limit` 1-50 (service"]
    #[doc = " default 10), `cursor` from the previous page, remarks when `withRemarks`."]
    fn list_contacts_page("owner: string, limit?: number | null, cursor?: string | null, withRemarks?: boolean | null")
        (owner: String, limit: Option<i64>, cursor: Option<String>, with_remarks: Option<bool>) -> ContactPage {
        c => {
            let limit = limit.map(|l| core::validate::range_arg("list_contacts_page", "limit", l, 1, 50)).transpose()?;
            c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks.unwrap_or(false)).await.map(ContactPage::from)
        }
    }

    #[doc = " Sets the remark `owner` gives `contact` (at most 100 characters; `''` clears it)."]
    fn set_contact_remark("owner: string, contact: string, remark: string", "Promise<void>")
        (owner: String, contact: String, remark: String) -> () {
        c => c.set_contact_remark(&owner, &contact, &remark).await
    }

    #[doc = " Sets many users' push nicknames, 50 per request; every input is"]
    #[doc = " reported once, updated or failed with a reason. The array is checked"]
    #[doc = " whole first."]
    fn set_push_nicknames("nicknames: Array<{ username: string, nickname: string }>")
        (nicknames: args::Nicknames) -> PushNicknameReport {
        c => c.set_push_nicknames(&nicknames.0).await.map(PushNicknameReport::from)
    }

    #[doc = " A user's push setting: `scope` `'app'` (their own), `'user'` (the"]
    #[doc = " conversation with `target`) or `'group'` (the group `target`)."]
    fn get_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null")
        (username: String, scope: String, target: Option<String>) -> PushSetting {
        c => {
            let sc = push_scope("get_push_setting", &scope, target.as_deref())?;
            c.get_push_setting(&username, &sc).await.map(PushSetting::from)
        }
    }

    #[doc = " Changes a user's push setting for a scope (as `getPushSetting`):"]
    #[doc = " `mode`, the daily `dndInterval` (`'HH:MM-HH:MM'`, app scope only, `''`"]
    #[doc = " clears) and a one-off `dndDurationSeconds` (at most 7 days; 0 clears)."]
    fn set_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null, mode?: 'DEFAULT' | 'ALL' | 'AT' | 'NONE' | null, dndInterval?: string | null, dndDurationSeconds?: number | null")
        (username: String, scope: String, target: Option<String>, mode: Option<String>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PushSetting {
        c => {
            const OP: &str = "set_push_setting";
            let sc = push_scope(OP, &scope, target.as_deref())?;
            let mode = mode.map(|m| core::PushMode::parse("mode", &m).map_err(|e| e.with_operation(OP))).transpose()?;
            let dnd_duration = dnd_duration_seconds
                .map(|d| core::validate::seconds_arg(OP, "dnd_duration_seconds", d, 7 * 24 * 3600))
                .transpose()?;
            let update = core::PushSettingUpdate { mode, dnd_interval, dnd_duration };
            c.set_push_setting(&username, &sc, &update).await.map(PushSetting::from)
        }
    }

    #[doc = " The language a user's push notifications are translated into (`''`: none)."]
    fn get_push_language("username: string") (username: String) -> String {
        c => c.get_push_language(&username).await
    }

    #[doc = " Sets the push translation language (a code such as `'EU'`; `''` for none)."]
    fn set_push_language("username: string, language: string") (username: String, language: String) -> String {
        c => c.set_push_language(&username, &language).await
    }
}
