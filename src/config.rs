//! Client configuration: where to connect, how to authenticate, how hard to retry.

use std::fmt;
use std::time::Duration;

use crate::budget::RateLimits;
use crate::error::{Error, Result};
use crate::proxy::ProxyConfig;
use crate::secret::Secret;
use crate::shared::StoreUrl;
use crate::tls::CaCertificate;

/// The documented data centers (all over HTTPS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// Domestic area 1: `a1.easecdn.com`.
    Domestic1,
    /// Domestic area 2: `a31.easecdn.com`.
    Domestic2,
    /// Singapore area 1: `a1-sgp.easecdn.com`.
    Singapore1,
}

impl Region {
    /// The base URL of this data center.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Domestic1 => "https://a1.easecdn.com",
            Region::Domestic2 => "https://a31.easecdn.com",
            Region::Singapore1 => "https://a1-sgp.easecdn.com",
        }
    }
}

/// How the client authenticates.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// The app's client id and secret: tokens are fetched and refreshed automatically.
    ClientSecret {
        /// The app's client id.
        client_id: String,
        /// The app's client secret (hidden in `Debug`).
        client_secret: Secret,
    },
    /// An Agora app ID and app certificate: the client mints an AccessToken2
    /// app token locally, exchanges it for a chat app token (the `agora`
    /// grant), caches it and renews it ahead of expiry.
    AppCertificate {
        /// The Agora app ID (32 hex characters).
        app_id: String,
        /// The Agora app certificate (32 hex characters; hidden in `Debug`).
        app_certificate: Secret,
    },
    /// A fixed token obtained elsewhere; it is never refreshed.
    Token(Secret),
    /// No credentials: only open registration works.
    None,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ClientSecret { client_id, .. } => f
                .debug_struct("ClientSecret")
                .field("client_id", client_id)
                .field("client_secret", &"***")
                .finish(),
            Credentials::AppCertificate { app_id, .. } => f
                .debug_struct("AppCertificate")
                .field("app_id", app_id)
                .field("app_certificate", &"***")
                .finish(),
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::None => f.write_str("None"),
        }
    }
}

/// Retry limits and backoff.
///
/// Which failures are retried is fixed policy (see the crate docs); these
/// numbers bound how long and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Most attempts of one request, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff base: attempt `n` waits a random time in `[0, min(max_delay, base_delay * 2^n))`.
    pub base_delay: Duration,
    /// Upper bound of one backoff wait.
    pub max_delay: Duration,
    /// Longest total time spent on one request, waits included; no retry starts past it.
    pub max_elapsed: Duration,
    /// Longest `Retry-After` honoured; a longer one ends the retries with the error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
}

/// Everything a [`crate::Client`] needs. Build it with [`crate::Client::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL without the org/app path, e.g. `https://a1.easecdn.com`.
    pub base_url: String,
    /// Organization name (the part of the app key before `#`).
    pub org: String,
    /// App name (the part of the app key after `#`).
    pub app: String,
    /// How to authenticate.
    pub credentials: Credentials,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole call: every attempt, every wait between
    /// attempts and the token fetch it triggers (not the time queued for the
    /// rate budget before the first attempt).
    pub request_timeout: Duration,
    /// Time allowed for one HTTP attempt, within `request_timeout`; `None`:
    /// whatever is left of it.
    pub attempt_timeout: Option<Duration>,
    /// Retry limits.
    pub retry: RetryPolicy,
    /// Refresh a token this long before it expires (at most half its lifetime).
    pub token_refresh_margin: Duration,
    /// Least time between two token fetches (protects the account from being
    /// banned for fetching too often).
    pub min_token_interval: Duration,
    /// The app token's lifetime to ask for (`ttl` of the client-credentials
    /// grant, whole seconds; `None`: the console's setting). With an app
    /// certificate, the minted token's lifetime (at most 24 hours; default 24 hours).
    pub app_token_ttl: Option<Duration>,
    /// `User-Agent` header.
    pub user_agent: String,
    /// The per-app limits requests are paced at, per endpoint group (the
    /// documented ones by default); `None` sends without pacing.
    pub rate_limits: Option<RateLimits>,
    /// Batch requests in flight at once for bulk operations; `None` (the
    /// default) keeps rate x measured round trip in flight.
    pub batch_concurrency: Option<usize>,
    /// Largest response body accepted.
    pub max_response_bytes: usize,
    /// Proxies: from the environment (the default), explicit, or none.
    pub proxy: ProxyConfig,
    /// CA certificates to trust besides the system's and the bundled roots
    /// (a TLS-inspecting proxy's, a private CA's, the emulator's).
    pub ca_certificates: Vec<CaCertificate>,
    /// Fleet mode: a Redis URL whose store every process of the app shares
    /// for its rate budget and app token (`None`, the default: this
    /// process alone). The store failing never fails a call.
    pub shared_store: Option<StoreUrl>,
}

/// The default `User-Agent`.
pub fn default_user_agent() -> String {
    format!("chat-platform-rust/{}", env!("CARGO_PKG_VERSION"))
}

impl Config {
    /// A configuration with defaults, to be completed with base URL, app and credentials.
    pub(crate) fn empty() -> Self {
        Config {
            base_url: String::new(),
            org: String::new(),
            app: String::new(),
            credentials: Credentials::None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            attempt_timeout: None,
            retry: RetryPolicy::default(),
            token_refresh_margin: Duration::from_secs(300),
            min_token_interval: Duration::from_secs(1),
            app_token_ttl: None,
            user_agent: default_user_agent(),
            rate_limits: Some(RateLimits::documented()),
            batch_concurrency: None,
            max_response_bytes: 16 * 1024 * 1024,
            proxy: ProxyConfig::default(),
            ca_certificates: Vec::new(),
            shared_store: None,
        }
    }

    /// Checks the configuration; returns the normalized base URL.
    pub(crate) fn validate(&mut self) -> Result<()> {
        if self.base_url.is_empty() {
            return Err(Error::config(
                "`base_url` is not set: give a base URL or a region",
            ));
        }
        let url = url::Url::parse(&self.base_url).map_err(|e| {
            Error::config(format!(
                "`base_url` {:?} is not a valid URL: {e}",
                self.base_url
            ))
        })?;
        if url.scheme() != "https" && url.scheme() != "http" {
            return Err(Error::config(format!(
                "`base_url` must use http or https, not {:?}",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::config("`base_url` has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(
                "`base_url` must not have a query or fragment",
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::config("`base_url` must not carry user credentials"));
        }
        self.base_url = url.as_str().trim_end_matches('/').to_owned();
        validate_org(&self.org)?;
        validate_app(&self.app)?;
        if let Credentials::ClientSecret {
            client_id,
            client_secret,
        } = &self.credentials
        {
            if client_id.is_empty()
                || client_id.len() > 256
                || client_id.chars().any(char::is_control)
            {
                return Err(Error::config(
                    "`client_id` must be 1-256 printable characters",
                ));
            }
            if client_secret.expose().is_empty() {
                return Err(Error::config("`client_secret` must not be empty"));
            }
        }
        if let Credentials::AppCertificate {
            app_id,
            app_certificate,
        } = &self.credentials
        {
            let config = |e: Error| Error::config_field(e.field().unwrap_or("app_id"), rule_of(&e));
            crate::chat_token::check_hex32("app_id", app_id, true).map_err(config)?;
            crate::chat_token::check_hex32("app_certificate", app_certificate.expose(), false)
                .map_err(config)?;
            if self
                .app_token_ttl
                .is_some_and(|t| t.as_secs() > u64::from(crate::chat_token::MAX_EXPIRE_SECONDS))
            {
                return Err(Error::config_field(
                    "app_token_ttl",
                    "must be at most 24 hours with an app certificate (the longest a chat token lives)",
                ));
            }
        }
        if let Some(t) = self.app_token_ttl {
            if t.as_secs() == 0 || t.subsec_nanos() != 0 || t.as_secs() > i32::MAX as u64 {
                return Err(Error::config_field(
                    "app_token_ttl",
                    format_args!(
                        "must be a whole number of seconds, 1 to {} (got {t:?})",
                        i32::MAX
                    ),
                ));
            }
        }
        if let Credentials::Token(t) = &self.credentials {
            if t.expose().is_empty() || !t.expose().bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::config("`token` must be non-empty printable ASCII"));
            }
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::config("`max_attempts` must be at least 1"));
        }
        if self.batch_concurrency == Some(0) {
            return Err(Error::config_field(
                "batch_concurrency",
                "must be at least 1",
            ));
        }
        if let Some(l) = &self.rate_limits {
            l.validate()?;
        }
        if self.attempt_timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::config_field(
                "attempt_timeout",
                "must be greater than zero",
            ));
        }
        if self.request_timeout.is_zero() || self.connect_timeout.is_zero() {
            let f = if self.request_timeout.is_zero() {
                "request_timeout"
            } else {
                "connect_timeout"
            };
            return Err(Error::config_field(f, "must be greater than zero"));
        }
        if self.user_agent.is_empty() || !self.user_agent.bytes().all(|b| (0x20..0x7f).contains(&b))
        {
            return Err(Error::config(
                "`user_agent` must be non-empty printable ASCII",
            ));
        }
        Ok(())
    }
}

/// The rule part of an invalid-input error (`invalid \`f\`: RULE`).
fn rule_of(e: &Error) -> String {
    let m = e.message();
    m.split_once("`: ").map_or(m, |(_, r)| r).to_owned()
}

/// Splits and checks an app key `org#app`.
pub fn parse_app_key(key: &str) -> Result<(String, String)> {
    let (org, app) = key.split_once('#').ok_or_else(|| {
        Error::config(format!(
            "`app_key` {key:?} must look like \"org_name#app_name\""
        ))
    })?;
    validate_org(org)?;
    validate_app(app)?;
    Ok((org.to_owned(), app.to_owned()))
}

fn validate_org(org: &str) -> Result<()> {
    if org.is_empty()
        || org.len() > 64
        || !org
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::config(format!(
            "the org name of `app_key`, {org:?}, must be 1-64 lowercase letters, digits or '-'"
        )));
    }
    Ok(())
}

fn validate_app(app: &str) -> Result<()> {
    if app.is_empty()
        || app.len() > 32
        || !app.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(Error::config(format!(
            "the app name of `app_key`, {app:?}, must be 1-32 letters, digits or '-'"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_keys() {
        assert_eq!(
            parse_app_key("chat-demo#testapp").unwrap(),
            ("chat-demo".into(), "testapp".into())
        );
        assert_eq!(
            parse_app_key("1122161011178276#test-App1").unwrap().1,
            "test-App1"
        );
        for bad in [
            "",
            "#",
            "org#",
            "#app",
            "org",
            "Org#app",
            "org#a_b",
            "org#app#x",
            &format!("o#{}", "a".repeat(33)),
        ] {
            let e = parse_app_key(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Configuration, "{bad}");
        }
    }

    #[test]
    fn credentials_debug_hides_secret() {
        let c = Credentials::ClientSecret {
            client_id: "id".into(),
            client_secret: Secret::new("s3cr3t-value"),
        };
        let d = format!("{c:?}");
        assert!(!d.contains("s3cr3t-value") && d.contains("id"));
        assert!(
            !format!("{:?}", Credentials::Token(Secret::new("tok-value"))).contains("tok-value")
        );
    }
}
