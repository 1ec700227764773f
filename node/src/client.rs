//! `Client`: every operation as a camelCase method returning a Promise.

use std::time::Duration;

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args;
use crate::errors::{invalid_arg, to_js};
use crate::iter::UserIterator;
use crate::runtime::promise;
use crate::types::{TokenInfo, User, UserPage};

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
    match (o.client_id, o.client_secret, o.token) {
        (Some(i), Some(s), None) => b = b.client_credentials(i, s),
        (None, None, Some(t)) => b = b.token(t),
        (None, None, None) => {}
        _ => {
            return Err(invalid_arg(
                "give `clientId` and `clientSecret`, or `token`".into(),
            ))
        }
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

    /// Fetches a new app token now and caches it (normally automatic).
    #[napi]
    pub fn fetch_token<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, TokenInfo>> {
        let c = self.core.clone();
        promise(
            env,
            async move { c.fetch_token().await.map(TokenInfo::new) },
        )
    }

    /// Registers one user without a token (open registration).
    #[napi]
    pub fn register_user_open<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "string")] password: Unknown<'env>,
        #[napi(ts_arg_type = "string | undefined | null")] nickname: Option<Unknown<'env>>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "register_user_open", "username", username)?;
        let password = args::string(env, "register_user_open", "password", password)?;
        let nickname = args::opt_string(env, "register_user_open", "nickname", nickname)?;
        let c = self.core.clone();
        promise(env, async move {
            c.register_user_open(&username, &password, nickname.as_deref())
                .await
                .map(User::from)
        })
    }

    /// Registers one user with the app token (authorized registration).
    #[napi]
    pub fn register_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "string")] password: Unknown<'env>,
        #[napi(ts_arg_type = "string | undefined | null")] nickname: Option<Unknown<'env>>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "register_user", "username", username)?;
        let password = args::string(env, "register_user", "password", password)?;
        let nickname = args::opt_string(env, "register_user", "nickname", nickname)?;
        let c = self.core.clone();
        promise(env, async move {
            c.register_user(&username, &password, nickname.as_deref())
                .await
                .map(User::from)
        })
    }

    /// Gets one user (matched ignoring case).
    #[napi]
    pub fn get_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "get_user", "username", username)?;
        let c = self.core.clone();
        promise(
            env,
            async move { c.get_user(&username).await.map(User::from) },
        )
    }

    /// One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page.
    #[napi]
    pub fn list_users<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "number | undefined | null")] limit: Option<Unknown<'env>>,
        #[napi(ts_arg_type = "string | undefined | null")] cursor: Option<Unknown<'env>>,
    ) -> Result<PromiseRaw<'env, UserPage>> {
        let limit = args::opt_integer(env, "list_users", "limit", limit)?;
        let cursor = args::opt_string(env, "list_users", "cursor", cursor)?;
        let c = self.core.clone();
        promise(env, async move {
            let limit = limit
                .map(|l| core::validate::limit_arg("list_users", "limit", l))
                .transpose()?;
            c.list_users(limit, cursor.as_deref())
                .await
                .map(UserPage::from)
        })
    }

    /// Deletes one user and returns it.
    #[napi]
    pub fn delete_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "delete_user", "username", username)?;
        let c = self.core.clone();
        promise(env, async move {
            c.delete_user(&username).await.map(User::from)
        })
    }

    /// Deletes the `limit` (1-500) oldest users and returns them.
    #[napi]
    pub fn delete_users<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "number")] limit: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, UserPage>> {
        let limit = args::integer(env, "delete_users", "limit", limit)?;
        let c = self.core.clone();
        promise(env, async move {
            let limit = core::validate::delete_limit_arg("delete_users", "limit", limit)?;
            c.delete_users(limit).await.map(UserPage::from)
        })
    }

    /// Sets a user's password.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn set_password<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "string")] new_password: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let username = args::string(env, "set_password", "username", username)?;
        let new_password = args::string(env, "set_password", "new_password", new_password)?;
        let c = self.core.clone();
        promise(env, async move {
            c.set_password(&username, &new_password).await
        })
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    #[napi]
    pub fn set_push_nickname<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "string")] nickname: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "set_push_nickname", "username", username)?;
        let nickname = args::string(env, "set_push_nickname", "nickname", nickname)?;
        let c = self.core.clone();
        promise(env, async move {
            c.set_push_nickname(&username, &nickname)
                .await
                .map(User::from)
        })
    }

    /// Sets how push notifications are displayed: 0 notification only, 1 with details.
    #[napi]
    pub fn set_notification_display_style<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "0 | 1")] style: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "set_notification_display_style", "username", username)?;
        let style = args::int_of(
            env,
            "set_notification_display_style",
            "style",
            &style,
            "0 or 1",
        )?;
        let c = self.core.clone();
        promise(env, async move {
            let style = core::DisplayStyle::from_code(style)?;
            c.set_notification_display_style(&username, style)
                .await
                .map(User::from)
        })
    }

    /// Turns do-not-disturb on from `startHour` to `endHour` (0-23).
    #[napi]
    pub fn set_no_disturb<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "number")] start_hour: Unknown<'env>,
        #[napi(ts_arg_type = "number")] end_hour: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "set_no_disturb", "username", username)?;
        let start_hour = args::integer(env, "set_no_disturb", "start_hour", start_hour)?;
        let end_hour = args::integer(env, "set_no_disturb", "end_hour", end_hour)?;
        let c = self.core.clone();
        promise(env, async move {
            let start_hour = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour)?;
            let end_hour = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour)?;
            c.set_no_disturb(&username, start_hour, end_hour)
                .await
                .map(User::from)
        })
    }

    /// Turns do-not-disturb off.
    #[napi]
    pub fn clear_no_disturb<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "clear_no_disturb", "username", username)?;
        let c = self.core.clone();
        promise(env, async move {
            c.clear_no_disturb(&username).await.map(User::from)
        })
    }

    /// Adds `contact` to `owner`'s contacts; resolves to the contact.
    #[napi]
    pub fn add_contact<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
        #[napi(ts_arg_type = "string")] contact: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let owner = args::string(env, "add_contact", "owner", owner)?;
        let contact = args::string(env, "add_contact", "contact", contact)?;
        let c = self.core.clone();
        promise(env, async move {
            c.add_contact(&owner, &contact).await.map(User::from)
        })
    }

    /// Removes `contact` from `owner`'s contacts; resolves to the contact.
    #[napi]
    pub fn remove_contact<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
        #[napi(ts_arg_type = "string")] contact: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let owner = args::string(env, "remove_contact", "owner", owner)?;
        let contact = args::string(env, "remove_contact", "contact", contact)?;
        let c = self.core.clone();
        promise(env, async move {
            c.remove_contact(&owner, &contact).await.map(User::from)
        })
    }

    /// The usernames of `owner`'s contacts.
    #[napi]
    pub fn list_contacts<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, Vec<String>>> {
        let owner = args::string(env, "list_contacts", "owner", owner)?;
        let c = self.core.clone();
        promise(env, async move { c.list_contacts(&owner).await })
    }

    /// The usernames `owner` has blocked.
    #[napi]
    pub fn list_blocked<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, Vec<String>>> {
        let owner = args::string(env, "list_blocked", "owner", owner)?;
        let c = self.core.clone();
        promise(env, async move { c.list_blocked(&owner).await })
    }

    /// Adds 1-500 users to `owner`'s blocklist; resolves to the usernames added.
    #[napi]
    pub fn block_users<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
        #[napi(ts_arg_type = "Array<string>")] usernames: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, Vec<String>>> {
        let owner = args::string(env, "block_users", "owner", owner)?;
        let usernames = args::strings(env, "block_users", "usernames", usernames)?;
        let c = self.core.clone();
        promise(env, async move { c.block_users(&owner, &usernames).await })
    }

    /// Removes `blocked` from `owner`'s blocklist; resolves to that user.
    #[napi]
    pub fn unblock_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] owner: Unknown<'env>,
        #[napi(ts_arg_type = "string")] blocked: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let owner = args::string(env, "unblock_user", "owner", owner)?;
        let blocked = args::string(env, "unblock_user", "blocked", blocked)?;
        let c = self.core.clone();
        promise(env, async move {
            c.unblock_user(&owner, &blocked).await.map(User::from)
        })
    }

    /// Whether a user is online.
    #[napi(ts_return_type = "Promise<'online' | 'offline'>")]
    pub fn user_status<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, String>> {
        let username = args::string(env, "user_status", "username", username)?;
        let c = self.core.clone();
        promise(env, async move {
            c.user_status(&username)
                .await
                .map(|p| p.as_str().to_owned())
        })
    }

    /// How many offline messages wait for a user.
    #[napi]
    pub fn offline_message_count<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, i64>> {
        let username = args::string(env, "offline_message_count", "username", username)?;
        let c = self.core.clone();
        promise(env, async move {
            c.offline_message_count(&username).await.map(|n| n as i64)
        })
    }

    /// Whether one offline message was delivered.
    #[napi(ts_return_type = "Promise<'delivered' | 'undelivered'>")]
    pub fn offline_message_status<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
        #[napi(ts_arg_type = "string")] msg_id: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, String>> {
        let username = args::string(env, "offline_message_status", "username", username)?;
        let msg_id = args::string(env, "offline_message_status", "msg_id", msg_id)?;
        let c = self.core.clone();
        promise(env, async move {
            c.offline_message_status(&username, &msg_id)
                .await
                .map(|d| d.as_str().to_owned())
        })
    }

    /// Deactivates (bans) a user; resolves to it.
    #[napi]
    pub fn deactivate_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, User>> {
        let username = args::string(env, "deactivate_user", "username", username)?;
        let c = self.core.clone();
        promise(env, async move {
            c.deactivate_user(&username).await.map(User::from)
        })
    }

    /// Activates (unbans) a user.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn activate_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, ()>> {
        let username = args::string(env, "activate_user", "username", username)?;
        let c = self.core.clone();
        promise(env, async move { c.activate_user(&username).await })
    }

    /// Forces a user offline; resolves to true when the service confirmed it.
    #[napi]
    pub fn disconnect_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, bool>> {
        let username = args::string(env, "disconnect_user", "username", username)?;
        let c = self.core.clone();
        promise(env, async move { c.disconnect_user(&username).await })
    }
}
