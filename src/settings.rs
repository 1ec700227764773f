//! Client settings as a language binding receives them: every one optional
//! (absent takes the core's default, [`crate::Config`]'s), durations as
//! numbers in the binding's unit, counts as numbers, credentials as loose
//! parts. [`Settings::builder`] checks them together and applies them, so
//! that no binding states a default or a rule: each maps its native options
//! onto these fields, one to one.

use std::path::PathBuf;
use std::time::Duration;

use crate::budget::RateLimits;
use crate::builder::ClientBuilder;
use crate::config::Region;
use crate::error::{Error, Result};
use crate::proxy::ProxyConfig;
use crate::secret::Secret;
use crate::shared::StoreUrl;

/// The unit a binding's durations are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// Python's: seconds, as `time.sleep` takes them.
    Seconds,
    /// JavaScript's, Kotlin's and Swift's: milliseconds.
    Milliseconds,
}

impl TimeUnit {
    fn name(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Milliseconds => "milliseconds",
        }
    }

    fn per_second(self) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0,
            TimeUnit::Milliseconds => 1000.0,
        }
    }
}

/// Every client setting, each optional; see [`crate::ClientBuilder`]'s
/// setters for what they mean. Field names are the core's (snake case):
/// errors name them so, and a binding renames them as its language does.
/// Secrets are [`Secret`]s, so printing `Settings` shows none.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Base URL (or `region`).
    pub base_url: Option<String>,
    /// A documented data center (or `base_url`).
    pub region: Option<Region>,
    /// The app key, `org#app` (or `org` and `app`).
    pub app_key: Option<String>,
    /// The org name, with `app`.
    pub org: Option<String>,
    /// The app name, with `org`.
    pub app: Option<String>,
    /// The app's client id, with `client_secret`.
    pub client_id: Option<String>,
    /// The app's client secret.
    pub client_secret: Option<Secret>,
    /// A fixed token (instead of credentials to fetch one).
    pub token: Option<Secret>,
    /// An Agora app ID, with `app_certificate`.
    pub app_id: Option<String>,
    /// The Agora app certificate.
    pub app_certificate: Option<Secret>,
    /// The app token's lifetime to ask for.
    pub app_token_ttl: Option<f64>,
    /// Time allowed to connect.
    pub connect_timeout: Option<f64>,
    /// Time allowed for the whole call.
    pub request_timeout: Option<f64>,
    /// Time allowed for one attempt.
    pub attempt_timeout: Option<f64>,
    /// Most attempts per request (a whole number from 1).
    pub max_attempts: Option<f64>,
    /// Backoff base.
    pub retry_base_delay: Option<f64>,
    /// Longest backoff wait.
    pub retry_max_delay: Option<f64>,
    /// Longest time per request, retries included.
    pub retry_max_elapsed: Option<f64>,
    /// Refresh tokens this long before expiry.
    pub token_refresh_margin: Option<f64>,
    /// Least time between token fetches.
    pub min_token_interval: Option<f64>,
    /// The `User-Agent` header (default: the binding's product, then the core's).
    pub user_agent: Option<String>,
    /// Pace requests at the service's limits (default true).
    pub rate_limits: Option<bool>,
    /// The documented limits times this (default 1).
    pub rate_limit_scale: Option<f64>,
    /// A fixed number of batch requests in flight (a whole number from 1).
    pub batch_concurrency: Option<f64>,
    /// The proxy's URL (it may hold credentials).
    pub proxy: Option<Secret>,
    /// The proxy's user name.
    pub proxy_username: Option<Secret>,
    /// The proxy's password.
    pub proxy_password: Option<Secret>,
    /// Hosts that bypass the proxy (`NO_PROXY` syntax, one entry or several).
    pub no_proxy: Vec<String>,
    /// Read the proxy variables of the environment (default true).
    pub proxy_from_env: Option<bool>,
    /// A proxy configuration made whole (instead of the five proxy fields).
    pub proxy_config: Option<ProxyConfig>,
    /// Extra CA certificates to trust, PEM text.
    pub ca_certificates: Vec<String>,
    /// Extra CA certificates to trust, PEM files.
    pub ca_certificate_files: Vec<PathBuf>,
    /// Fleet mode: the Redis store every process of the app shares.
    pub shared_store: Option<StoreUrl>,
}

impl Settings {
    /// A [`ClientBuilder`] with these settings for a binding whose durations
    /// are in `unit`, named `product` (`chat-platform-python/1.2.0`) in the
    /// default `User-Agent`; a setting that breaks its rule is a
    /// `Configuration` error naming it. [`ClientBuilder::build`] checks the rest.
    pub fn builder(self, unit: TimeUnit, product: &str) -> Result<ClientBuilder> {
        let s = self;
        let mut b = ClientBuilder::new();
        b = match (s.base_url, s.region) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_setting(
                    "region",
                    "is given with `base_url`: give one of them",
                ))
            }
            (Some(u), None) => b.base_url(u),
            (None, Some(r)) => b.region(r),
            (None, None) => b,
        };
        b = match (s.app_key, s.org, s.app) {
            (Some(k), None, None) => b.app_key(k),
            (None, Some(org), Some(app)) => b.org_app(org, app),
            _ => {
                return Err(Error::invalid_setting(
                    "app_key",
                    "is needed (\"org#app\"), or both `org` and `app`",
                ))
            }
        };
        let credentials = (
            s.client_id,
            s.client_secret,
            s.token,
            s.app_id,
            s.app_certificate,
        );
        b = match credentials {
            (Some(i), Some(secret), None, None, None) => b.client_credentials(i, secret),
            (None, None, Some(t), None, None) => b.token(t),
            (None, None, None, Some(id), Some(cert)) => b.app_certificate(id, cert),
            (None, None, None, None, None) => b,
            _ => return Err(Error::invalid_setting("client_secret", CREDENTIALS)),
        };
        use ClientBuilder as B;
        #[rustfmt::skip]
        let durations: [(&'static str, Option<f64>, Setter); 9] = [
            ("app_token_ttl", s.app_token_ttl, B::app_token_ttl),
            ("connect_timeout", s.connect_timeout, B::connect_timeout),
            ("request_timeout", s.request_timeout, B::request_timeout),
            ("attempt_timeout", s.attempt_timeout, B::attempt_timeout),
            ("retry_base_delay", s.retry_base_delay, B::retry_base_delay),
            ("retry_max_delay", s.retry_max_delay, B::retry_max_delay),
            ("retry_max_elapsed", s.retry_max_elapsed, B::retry_max_elapsed),
            ("token_refresh_margin", s.token_refresh_margin, B::token_refresh_margin),
            ("min_token_interval", s.min_token_interval, B::min_token_interval),
        ];
        for (field, value, setter) in durations {
            if let Some(d) = duration(unit, field, value)? {
                b = setter(b, d);
            }
        }
        if let Some(n) = s.max_attempts {
            b = b.max_attempts(count("max_attempts", n)?);
        }
        if let Some(n) = s.batch_concurrency {
            b = b.batch_concurrency(count("batch_concurrency", n)? as usize);
        }
        b = b.user_agent(
            s.user_agent
                .unwrap_or_else(|| format!("{product} {}", crate::config::default_user_agent())),
        );
        // Scaled limits are checked by `build` (a scale of 0 or NaN names
        // `rate_limit_scale`).
        if s.rate_limits != Some(false) {
            b = b.rate_limits(Some(RateLimits::scaled(s.rate_limit_scale.unwrap_or(1.0))));
        } else {
            b = b.rate_limits(None);
        }
        let proxy = s.proxy_config.unwrap_or_else(|| {
            let plain = |v: Option<Secret>| v.map(|v| v.expose().to_owned());
            ProxyConfig::from_parts(
                plain(s.proxy),
                plain(s.proxy_username),
                plain(s.proxy_password),
                &s.no_proxy,
                s.proxy_from_env.unwrap_or(true),
            )
        });
        Ok(b.proxy_config(proxy)
            .ca_certificates(s.ca_certificates, s.ca_certificate_files)
            .shared_store_url(s.shared_store))
    }
}

/// A duration setting's setter.
type Setter = fn(ClientBuilder, Duration) -> ClientBuilder;

/// The rule of the credential settings.
const CREDENTIALS: &str =
    "goes with `client_id` (or give `app_id` and `app_certificate`, or `token`)";

/// Settings a zero is meaningful for: no wait, no margin.
const ZERO_OK: [&str; 5] = [
    "retry_base_delay",
    "retry_max_delay",
    "retry_max_elapsed",
    "token_refresh_margin",
    "min_token_interval",
];

/// A duration setting given in `unit`, if given.
fn duration(unit: TimeUnit, field: &'static str, v: Option<f64>) -> Result<Option<Duration>> {
    let Some(x) = v else { return Ok(None) };
    let zero_ok = ZERO_OK.contains(&field);
    match Duration::try_from_secs_f64(x / unit.per_second()) {
        Ok(d) if x.is_finite() && (zero_ok || x > 0.0) => Ok(Some(d)),
        _ => Err(Error::invalid_setting(
            field,
            format_args!("must be a positive number of {}, got {x}", unit.name()),
        )),
    }
}

/// A count setting: a whole number from 1.
fn count(field: &'static str, v: f64) -> Result<u32> {
    if v.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&v) {
        Ok(v as u32)
    } else {
        Err(Error::invalid_setting(
            field,
            format_args!("must be a whole number from 1, got {v}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Settings {
        Settings {
            base_url: Some("http://127.0.0.1:1".into()),
            app_key: Some("org#app".into()),
            token: Some("t".into()),
            ..Settings::default()
        }
    }

    fn config(s: Settings, unit: TimeUnit) -> Result<crate::Config> {
        Ok(s.builder(unit, "chat-platform-test/1")?
            .build()?
            .config()
            .clone())
    }

    #[test]
    fn absent_settings_take_the_cores_defaults() {
        let c = config(base(), TimeUnit::Seconds).unwrap();
        let d = crate::Config::empty();
        assert_eq!(c.connect_timeout, d.connect_timeout);
        assert_eq!(c.request_timeout, d.request_timeout);
        assert_eq!(c.retry, d.retry);
        assert_eq!(c.token_refresh_margin, d.token_refresh_margin);
        assert_eq!(c.min_token_interval, d.min_token_interval);
        assert_eq!(c.rate_limits, d.rate_limits);
        assert!(
            c.user_agent
                .starts_with("chat-platform-test/1 chat-platform-rust/"),
            "{}",
            c.user_agent
        );
    }

    #[test]
    fn durations_are_in_the_bindings_unit() {
        let s = Settings {
            request_timeout: Some(1500.0),
            retry_base_delay: Some(0.0),
            ..base()
        };
        let c = config(s.clone(), TimeUnit::Milliseconds).unwrap();
        assert_eq!(c.request_timeout, Duration::from_millis(1500));
        assert_eq!(c.retry.base_delay, Duration::ZERO);
        let c = config(
            Settings {
                request_timeout: Some(2.5),
                ..base()
            },
            TimeUnit::Seconds,
        )
        .unwrap();
        assert_eq!(c.request_timeout, Duration::from_millis(2500));
    }

    #[test]
    fn a_setting_that_breaks_its_rule_is_named() {
        for (s, field, text) in [
            (
                Settings {
                    request_timeout: Some(-1.0),
                    ..base()
                },
                "request_timeout",
                "must be a positive number of milliseconds, got -1",
            ),
            (
                Settings {
                    connect_timeout: Some(0.0),
                    ..base()
                },
                "connect_timeout",
                "positive number",
            ),
            (
                Settings {
                    attempt_timeout: Some(f64::NAN),
                    ..base()
                },
                "attempt_timeout",
                "positive number",
            ),
            (
                Settings {
                    max_attempts: Some(2.5),
                    ..base()
                },
                "max_attempts",
                "must be a whole number from 1, got 2.5",
            ),
            (
                Settings {
                    max_attempts: Some(0.0),
                    ..base()
                },
                "max_attempts",
                "whole number",
            ),
            (
                Settings {
                    batch_concurrency: Some(-3.0),
                    ..base()
                },
                "batch_concurrency",
                "whole number",
            ),
            (
                Settings {
                    region: Some(Region::Singapore1),
                    ..base()
                },
                "region",
                "give one of them",
            ),
            (
                Settings {
                    app_key: None,
                    ..base()
                },
                "app_key",
                "is needed",
            ),
            (
                Settings {
                    client_id: Some("id".into()),
                    ..base()
                },
                "client_secret",
                "goes with `client_id`",
            ),
            (
                Settings {
                    rate_limit_scale: Some(0.0),
                    ..base()
                },
                "rate_limit_scale",
                "positive number",
            ),
        ] {
            let e = config(s, TimeUnit::Milliseconds).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Configuration, "{e}");
            assert_eq!(e.field(), Some(field), "{e}");
            assert!(e.to_string().contains(text), "{field}: {e}");
        }
    }

    #[test]
    fn printing_settings_shows_no_secret() {
        let s = Settings {
            client_id: Some("id".into()),
            client_secret: Some("s3cr3t-value".into()),
            app_certificate: Some("c3rt-value".into()),
            proxy: Some("http://u:pr0xy-pass@proxy:3128".into()),
            proxy_password: Some("pr0xy-pw".into()),
            token: None,
            ..base()
        };
        let shown = format!("{s:?}");
        for secret in ["s3cr3t-value", "c3rt-value", "pr0xy-pass", "pr0xy-pw"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
