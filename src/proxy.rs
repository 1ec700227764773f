//! HTTP proxies: read from the environment as curl reads it, or given
//! explicitly with credentials; a no-proxy list on top of either.
//!
//! Resolution happens once, when the client is built: which proxy URL serves
//! `http://` and `https://` requests, the credentials (secrets: never shown),
//! and the hosts that bypass it. The transport hands the result to reqwest and
//! names the proxy (host and port only) in its errors.

use std::fmt;

use crate::error::{Error, Result};
use crate::secret::Secret;

/// How requests reach the service: directly, or through an HTTP(S) proxy.
///
/// The default reads the environment as curl does: `HTTPS_PROXY` for https
/// URLs, `HTTP_PROXY` for http URLs (ignored when `REQUEST_METHOD` is set, as
/// in a CGI script), `ALL_PROXY` for both, `NO_PROXY` for the hosts that go
/// direct (lower-case names too). An explicit [`ProxyConfig::url`] replaces
/// the environment's proxies.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    /// Read the proxy variables of the environment (default true). Ignored
    /// when [`ProxyConfig::url`] is set.
    pub from_env: bool,
    /// A proxy for every request, `http://host:port` or `https://host:port`.
    /// Credentials may be in the URL (`http://user:pass@host:port`): they are
    /// moved to [`ProxyConfig::username`] and [`ProxyConfig::password`] when
    /// the client is built, so they never show.
    pub url: Option<String>,
    /// The proxy's user name (Basic authentication).
    pub username: Option<Secret>,
    /// The proxy's password.
    pub password: Option<Secret>,
    /// Hosts that bypass the proxy, in `NO_PROXY`'s syntax: comma-separated
    /// host names (a leading `.` or none matches subdomains too), IP
    /// addresses, CIDR blocks, or `*`. Added to the environment's `NO_PROXY`.
    pub no_proxy: Option<String>,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            from_env: true,
            url: None,
            username: None,
            password: None,
            no_proxy: None,
        }
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("from_env", &self.from_env)
            .field("url", &self.url.as_deref().map(without_userinfo))
            .field("username", &self.username.as_ref().map(|_| "***"))
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// Which requests a proxy serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `http://` URLs.
    Http,
    /// `https://` URLs.
    Https,
    /// Both.
    All,
}

/// One proxy, ready for the transport.
#[derive(Clone)]
pub(crate) struct ResolvedProxy {
    pub scope: Scope,
    /// The URL without credentials.
    pub url: url::Url,
    pub username: Option<Secret>,
    pub password: Option<Secret>,
}

impl fmt::Debug for ResolvedProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedProxy")
            .field("scope", &self.scope)
            .field("url", &self.url.as_str())
            .field("auth", &self.password.is_some())
            .finish()
    }
}

impl ResolvedProxy {
    /// `host:port`, what errors name.
    pub fn host_port(&self) -> String {
        let host = self.url.host_str().unwrap_or("?");
        match self.url.port_or_known_default() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        }
    }
}

/// The proxies in effect and the hosts that bypass them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resolved {
    /// In the order they are consulted (scheme-specific before `All`).
    pub proxies: Vec<ResolvedProxy>,
    /// Comma-separated, `NO_PROXY` syntax.
    pub no_proxy: String,
}

impl Resolved {
    /// The proxy a request to `url` goes through, if any (the same rules
    /// reqwest applies: hyper-util's matcher, curl's `NO_PROXY` semantics).
    pub fn for_url(&self, url: &str) -> Option<&ResolvedProxy> {
        let uri: http::Uri = url.parse().ok()?;
        let https = uri.scheme_str() == Some("https");
        let no = hyper_util::client::proxy::matcher::Matcher::builder()
            .all("http://placeholder.invalid:1".to_owned())
            .no(self.no_proxy.clone())
            .build();
        no.intercept(&uri)?;
        self.proxies.iter().find(|p| match p.scope {
            Scope::All => true,
            Scope::Https => https,
            Scope::Http => !https,
        })
    }

    /// The passwords, for scrubbing error text.
    pub fn secrets(&self) -> Vec<Secret> {
        self.proxies
            .iter()
            .flat_map(|p| [p.username.clone(), p.password.clone()])
            .flatten()
            .collect()
    }
}

impl ProxyConfig {
    /// Moves credentials out of [`ProxyConfig::url`] into the secret fields
    /// and checks the URL (called when the client is built).
    pub(crate) fn normalize(&mut self) -> Result<()> {
        if let Some(u) = &self.url {
            let (url, user, pass) = parse("proxy", u)?;
            self.url = Some(url.to_string());
            self.username = self.username.take().or(user);
            self.password = self.password.take().or(pass);
        }
        Ok(())
    }

    /// A configuration from the plain values a binding receives: an explicit
    /// proxy URL (or none, then the environment's when `from_env`), Basic
    /// credentials, and hosts that bypass the proxy.
    pub fn from_parts(
        url: Option<String>,
        username: Option<String>,
        password: Option<String>,
        no_proxy: &[String],
        from_env: bool,
    ) -> Self {
        let no_proxy: Vec<&str> = no_proxy
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let credentials = username.is_some() || password.is_some();
        ProxyConfig {
            from_env,
            url,
            username: credentials.then(|| Secret::new(username.unwrap_or_default())),
            password: credentials.then(|| Secret::new(password.unwrap_or_default())),
            no_proxy: (!no_proxy.is_empty()).then(|| no_proxy.join(",")),
        }
    }

    /// No proxy at all, whatever the environment says.
    pub fn none() -> Self {
        ProxyConfig {
            from_env: false,
            ..ProxyConfig::default()
        }
    }

    /// Resolves against the process environment.
    pub(crate) fn resolve(&self) -> Result<Resolved> {
        self.resolve_with(&|name| std::env::var(name).ok())
    }

    /// Resolves against an environment given as a lookup (tests).
    pub(crate) fn resolve_with(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Resolved> {
        let first = |names: &[&str]| {
            names
                .iter()
                .filter_map(|n| env(n))
                .find(|v| !v.trim().is_empty())
        };
        let mut no_proxy: Vec<String> = Vec::new();
        let mut proxies = Vec::new();
        if let Some(url) = &self.url {
            let (url, user, pass) = parse("proxy", url)?;
            proxies.push(ResolvedProxy {
                scope: Scope::All,
                url,
                username: self.username.clone().or(user),
                password: self.password.clone().or(pass),
            });
        } else if self.from_env {
            // httpoxy: a CGI script's HTTP_PROXY may come from a request header.
            let cgi = env("REQUEST_METHOD").is_some();
            let vars: [(Scope, &[&str]); 3] = [
                (Scope::Https, &["HTTPS_PROXY", "https_proxy"]),
                (
                    Scope::Http,
                    if cgi {
                        &[]
                    } else {
                        &["HTTP_PROXY", "http_proxy"]
                    },
                ),
                (Scope::All, &["ALL_PROXY", "all_proxy"]),
            ];
            for (scope, names) in vars {
                if let Some(v) = first(names) {
                    let (url, username, password) = parse(names[0], &v)?;
                    proxies.push(ResolvedProxy {
                        scope,
                        url,
                        username,
                        password,
                    });
                }
            }
            no_proxy.extend(first(&["NO_PROXY", "no_proxy"]));
        }
        no_proxy.extend(self.no_proxy.clone());
        Ok(Resolved {
            proxies,
            no_proxy: no_proxy.join(","),
        })
    }
}

/// Parses a proxy URL (`host:port` means `http://host:port`, as in curl) and
/// takes its credentials out. The error names `what` and never the value,
/// which may hold a password.
fn parse(what: &str, value: &str) -> Result<(url::Url, Option<Secret>, Option<Secret>)> {
    let value = value.trim();
    let full = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let mut url = url::Url::parse(&full).map_err(|e| {
        Error::config(format!(
            "`{what}` is not a valid proxy URL ({e}): expected http://host:port"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "`{what}` must be an http:// or https:// proxy URL, not {}://",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::config(format!("`{what}` has no host")));
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let username = (!url.username().is_empty()).then(|| Secret::new(decode(url.username())));
    let password = url.password().map(|p| Secret::new(decode(p)));
    // Infallible for http(s) URLs with a host.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok((url, username, password))
}

/// A URL with any `user:pass@` removed (for `Debug`).
fn without_userinfo(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) if !host.contains('/') || rest.find('@') < rest.find('/') => {
                format!("{scheme}://***@{host}")
            }
            _ => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn environment_as_curl_reads_it() {
        let r = ProxyConfig::default()
            .resolve_with(&env(&[
                ("https_proxy", "http://secure-proxy:3128"),
                ("HTTP_PROXY", "plain-proxy:8080"),
                ("NO_PROXY", "internal.example,10.0.0.0/8"),
            ]))
            .unwrap();
        assert_eq!(
            r.for_url("https://a1.easecdn.com/x").unwrap().host_port(),
            "secure-proxy:3128"
        );
        assert_eq!(
            r.for_url("http://a1.easecdn.com/x").unwrap().host_port(),
            "plain-proxy:8080"
        );
        assert!(r.for_url("https://api.internal.example/x").is_none());
        assert!(r.for_url("http://10.1.2.3:8080/x").is_none());
    }

    #[test]
    fn all_proxy_serves_both_and_specific_ones_win() {
        let r = ProxyConfig::default()
            .resolve_with(&env(&[
                ("ALL_PROXY", "http://all:1"),
                ("HTTPS_PROXY", "http://tls:2"),
            ]))
            .unwrap();
        assert_eq!(r.for_url("https://h/").unwrap().host_port(), "tls:2");
        assert_eq!(r.for_url("http://h/").unwrap().host_port(), "all:1");
    }

    #[test]
    fn cgi_ignores_http_proxy() {
        let r = ProxyConfig::default()
            .resolve_with(&env(&[
                ("HTTP_PROXY", "http://evil:1"),
                ("REQUEST_METHOD", "GET"),
            ]))
            .unwrap();
        assert!(r.for_url("http://h/").is_none());
    }

    #[test]
    fn explicit_url_replaces_environment_and_keeps_credentials_secret() {
        let cfg = ProxyConfig {
            url: Some("http://bob:p%40ss-w0rd@proxy.corp:3128".into()),
            no_proxy: Some("localhost".into()),
            ..ProxyConfig::default()
        };
        assert!(!format!("{cfg:?}").contains("p%40ss-w0rd"));
        let r = cfg
            .resolve_with(&env(&[("HTTPS_PROXY", "http://other:1")]))
            .unwrap();
        let p = r.for_url("https://a1.easecdn.com/").unwrap();
        assert_eq!(p.host_port(), "proxy.corp:3128");
        assert_eq!(p.password.as_ref().unwrap().expose(), "p@ss-w0rd");
        assert_eq!(p.username.as_ref().unwrap().expose(), "bob");
        assert!(!p.url.as_str().contains("bob"));
        assert!(!format!("{r:?}").contains("p@ss-w0rd"));
        assert!(r.for_url("http://localhost:8080/").is_none());
    }

    #[test]
    fn ignoring_the_environment() {
        let r = ProxyConfig::none()
            .resolve_with(&env(&[
                ("HTTPS_PROXY", "http://p:1"),
                ("ALL_PROXY", "http://p:2"),
            ]))
            .unwrap();
        assert!(r.proxies.is_empty());
    }

    #[test]
    fn bad_urls_are_configuration_errors_without_the_value() {
        for bad in ["socks5://u:hunter22@p:1", "http://", "http://u:hunter22@:1"] {
            let cfg = ProxyConfig {
                url: Some(bad.into()),
                ..ProxyConfig::default()
            };
            let e = cfg.resolve_with(&env(&[])).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Configuration, "{bad}");
            assert!(!e.to_string().contains("hunter22"), "{e}");
        }
    }
}
