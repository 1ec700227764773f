//! The default transport: reqwest (HTTP/1.1, a pooled client) over rustls,
//! with the proxies of [`crate::ProxyConfig`] and the CA certificates of
//! [`crate::Config::ca_certificates`].

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use tokio::time::{timeout_at, Instant};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::proxy::{Resolved, Scope};
use crate::transport::{
    FailureStage, HttpRequest, HttpResponse, Method, Transport, TransportError, TransportFuture,
};

/// The default transport: a connection pool (HTTP/1.1, keep-alive, up to 64
/// idle connections kept 60 s), TLS with the system's CA roots, the bundled
/// Mozilla roots and the configured extra CAs, proxies from the environment
/// or the configuration, the connect and request timeouts, and the
/// response-size cap.
pub struct HttpTransport {
    client: reqwest::Client,
    /// `scheme://host:port` of the service, for messages.
    origin: String,
    max_body: usize,
    /// `host:port` of the proxy the base URL goes through, for messages.
    via: Option<String>,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("origin", &self.origin)
            .field("max_body", &self.max_body)
            .field("via", &self.via)
            .finish()
    }
}

impl HttpTransport {
    /// Builds the pool. Never panics: a TLS, proxy or system failure is a
    /// configuration error.
    pub fn new(config: &Config) -> Result<Self> {
        let proxies = config.proxy.resolve()?;
        Self::with_proxies(config, &proxies)
    }

    pub(crate) fn with_proxies(config: &Config, proxies: &Resolved) -> Result<Self> {
        let tls = crate::tls::client_config(&config.ca_certificates)?;
        let via = proxies.for_url(&config.base_url);
        // Plain HTTP through a forward proxy: some proxies (tinyproxy) close
        // the connection after each response without saying so, and a
        // request sent on such a pooled connection fails after sending. Open
        // a connection per request there; HTTPS goes through a CONNECT tunnel
        // to the service and keeps its pool.
        let forwarded = via.is_some() && config.base_url.starts_with("http://");
        let mut builder = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(if forwarded { 0 } else { 64 })
            .tcp_nodelay(true)
            .connect_timeout(config.connect_timeout)
            .user_agent(HeaderValue::from_str(&config.user_agent).map_err(|_| {
                Error::config("the user agent holds characters not allowed in a header")
            })?)
            // Only the proxies resolved here (the environment was read then).
            .no_proxy();
        let no_proxy = reqwest::NoProxy::from_string(&proxies.no_proxy);
        for p in &proxies.proxies {
            let url = p.url.as_str();
            let proxy = match p.scope {
                Scope::Http => reqwest::Proxy::http(url),
                Scope::Https => reqwest::Proxy::https(url),
                Scope::All => reqwest::Proxy::all(url),
            }
            .map_err(|e| Error::config(format!("proxy {} is not usable: {e}", p.host_port())))?;
            let proxy = match (&p.username, &p.password) {
                (None, None) => proxy,
                (u, pw) => proxy.basic_auth(
                    u.as_ref().map_or("", |s| s.expose()),
                    pw.as_ref().map_or("", |s| s.expose()),
                ),
            };
            builder = builder.proxy(proxy.no_proxy(no_proxy.clone()));
        }
        let client = builder
            .build()
            .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?;
        Ok(HttpTransport {
            client,
            origin: crate::call::origin_of(&config.base_url),
            max_body: config.max_response_bytes,
            via: via.map(|p| p.host_port()),
        })
    }

    async fn exchange(
        &self,
        request: HttpRequest,
    ) -> std::result::Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self
            .client
            .request(method, request.url.as_str())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(t) = &request.bearer {
            let mut v = HeaderValue::from_str(&format!("Bearer {}", t.expose())).map_err(|_| {
                failed(
                    FailureStage::Connect,
                    "the token holds characters not allowed in a header",
                )
            })?;
            v.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, v);
        }
        if let Some(b) = request.body {
            builder = builder
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static(request.body_kind.content_type()),
                )
                .body(b);
        }
        let deadline = Instant::now() + request.timeout;
        let mut resp = match timeout_at(deadline, builder.send()).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => return Err(self.classify(&e)),
            Err(_) => return Err(self.timed_out()),
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if resp
            .content_length()
            .is_some_and(|len| len > self.max_body as u64)
        {
            return Err(too_large(self.max_body));
        }
        let mut chunks: Vec<bytes::Bytes> = Vec::new();
        let mut len = 0usize;
        loop {
            match timeout_at(deadline, resp.chunk()).await {
                Err(_) => return Err(self.timed_out()),
                Ok(Ok(None)) => break,
                Ok(Err(e)) => {
                    return Err(failed(
                        FailureStage::AfterSend,
                        &format!(
                            "the connection to {}{} broke while reading the response: {}",
                            self.origin,
                            self.via(),
                            chain(&e)
                        ),
                    ))
                }
                Ok(Ok(Some(data))) => {
                    len += data.len();
                    if len > self.max_body {
                        return Err(too_large(self.max_body));
                    }
                    chunks.push(data);
                }
            }
        }
        // One chunk (the usual small body) is taken as it is, without a copy.
        let body = match chunks.len() {
            0 => bytes::Bytes::new(),
            1 => chunks.pop().unwrap_or_default(),
            _ => bytes::Bytes::from(chunks.concat()),
        };
        Ok(HttpResponse {
            status,
            retry_after,
            body,
        })
    }

    fn via(&self) -> String {
        self.via
            .as_ref()
            .map(|v| format!(" (through the proxy {v})"))
            .unwrap_or_default()
    }

    fn timed_out(&self) -> TransportError {
        TransportError {
            stage: FailureStage::AfterSend,
            timeout: true,
            message: format!("timed out waiting for {}{}", self.origin, self.via()),
        }
    }

    /// A failed exchange: a certificate the client does not trust, nothing
    /// sent (connect), or after sending.
    fn classify(&self, e: &reqwest::Error) -> TransportError {
        let detail = chain(e);
        match tls_failure(e) {
            Some(TlsFailure::Certificate(why)) => {
                return TransportError {
                    stage: FailureStage::Tls,
                    timeout: false,
                    message: format!(
                        "TLS failed{}: the server's certificate is not trusted ({why}); if a \
                         proxy or a private CA signs it, add that CA with the `ca_certificates` option",
                        self.via()
                    ),
                }
            }
            Some(TlsFailure::Protocol(why)) => {
                return TransportError {
                    stage: FailureStage::Connect,
                    timeout: false,
                    message: format!(
                        "TLS failed{}: {why} (is the base URL's scheme right?)",
                        self.via()
                    ),
                }
            }
            None => {}
        }
        let connect = e.is_connect();
        let timeout = e.is_timeout() || detail.contains("timed out");
        let what = if connect {
            format!("could not connect to {}", self.origin)
        } else {
            format!("the connection to {} failed", self.origin)
        };
        TransportError {
            stage: if connect {
                FailureStage::Connect
            } else {
                FailureStage::AfterSend
            },
            timeout,
            message: format!("{what}{}: {detail}", self.via()),
        }
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

/// The causes of an error, outermost first, a few levels deep, without the
/// HTTP library's generic wrappers (`client error (Connect)`).
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = Vec::new();
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        let text = s.to_string();
        let generic =
            text.starts_with("client error (") || text.starts_with("error sending request");
        if parts.last() != Some(&text) && !generic {
            parts.push(text);
        }
        cur = s.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.truncate(4);
    parts.join(" / ")
}

/// Why a TLS handshake failed.
enum TlsFailure {
    /// The certificate was refused: retrying will not help, trusting its CA will.
    Certificate(String),
    /// Anything else (a server that does not speak TLS, a protocol mismatch).
    Protocol(String),
}

/// The rustls error behind a failed handshake, if that is what failed (it
/// arrives wrapped in I/O errors, whose `source` skips what they wrap).
fn tls_failure(e: &reqwest::Error) -> Option<TlsFailure> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = cur {
        if let Some(r) = s.downcast_ref::<rustls::Error>() {
            return Some(match r {
                rustls::Error::InvalidCertificate(_)
                | rustls::Error::NoCertificatesPresented
                | rustls::Error::UnsupportedNameType => TlsFailure::Certificate(r.to_string()),
                _ => TlsFailure::Protocol(r.to_string()),
            });
        }
        cur = match s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => s.source(),
        };
    }
    None
}

fn failed(stage: FailureStage, message: &str) -> TransportError {
    TransportError {
        stage,
        timeout: false,
        message: message.to_owned(),
    }
}

fn too_large(max: usize) -> TransportError {
    TransportError {
        stage: FailureStage::BodyTooLarge,
        timeout: false,
        message: format!("the response body is larger than {max} bytes"),
    }
}
