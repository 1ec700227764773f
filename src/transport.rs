//! HTTP, behind a trait: the default sends with reqwest; tests plug in scripts.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// GET, PUT and DELETE: safe to repeat when the outcome is unknown.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

/// One HTTP request, ready to send.
#[derive(Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The full URL, path segments already percent-encoded.
    pub url: String,
    /// The bearer token, if the call is authenticated.
    pub bearer: Option<Secret>,
    /// A JSON body.
    pub body: Option<Bytes>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("bearer", &self.bearer.as_ref().map(|_| "***"))
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

/// One HTTP response.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The `Retry-After` header, verbatim, if present.
    pub retry_after: Option<String>,
    /// The body (capped at the configured maximum).
    pub body: Bytes,
}

/// How a request failed before a complete response arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureStage {
    /// The connection could not be opened: nothing was sent, any method may be retried.
    Connect,
    /// The request may have reached the server (timeout, connection dropped).
    AfterSend,
    /// The response body was larger than the configured maximum.
    BodyTooLarge,
}

/// A request that got no (usable) response.
#[derive(Clone, Debug)]
pub struct TransportError {
    /// Where it failed.
    pub stage: FailureStage,
    /// True for timeouts.
    pub timeout: bool,
    /// What happened (no secrets).
    pub message: String,
}

/// The outcome of one attempt.
pub type TransportResult = std::result::Result<HttpResponse, TransportError>;

/// A boxed future of one attempt.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = TransportResult> + Send + 'a>>;

/// Sends one HTTP request. Implement it to route the client through your own
/// stack or, in tests, to script responses.
pub trait Transport: Send + Sync + 'static {
    /// Sends the request once (no retries: the client does those).
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// The default transport: reqwest with rustls, the system's CA roots plus
/// bundled Mozilla roots (so construction works where no CA store exists).
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body: usize,
    /// The configured base URL, parsed once, and its text without the
    /// trailing `/`: request URLs under it are built from a clone of it
    /// instead of being parsed whole (host parsing was ~5% of a call's CPU).
    base: Option<(String, reqwest::Url)>,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl ReqwestTransport {
    /// Builds the HTTP client. Never panics: a TLS or system failure is an error.
    pub fn new(config: &Config) -> Result<Self> {
        let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .filter_map(|c| reqwest::Certificate::from_der(c.as_ref()).ok());
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .timeout(config.request_timeout)
                .user_agent(config.user_agent.clone())
                .pool_idle_timeout(Duration::from_secs(60))
                .pool_max_idle_per_host(64)
                .tcp_nodelay(true)
                .tls_certs_merge(roots)
                .build()
        }));
        let client = match built {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => {
                return Err(Error::config(format!(
                    "could not build the HTTP client: {e}"
                )))
            }
            Err(_) => {
                return Err(Error::config(
                    "could not build the HTTP client (TLS setup failed)",
                ))
            }
        };
        Ok(ReqwestTransport {
            client,
            max_body: config.max_response_bytes,
            base: parse_base(&config.base_url),
        })
    }

    fn url(&self, url: &str) -> std::result::Result<reqwest::Url, TransportError> {
        request_url(self.base.as_ref(), url)
    }
}

/// A base URL worth keeping parsed: an origin, with no path, query or fragment.
fn parse_base(base: &str) -> Option<(String, reqwest::Url)> {
    reqwest::Url::parse(base)
        .ok()
        .filter(|u| u.path() == "/" && u.query().is_none() && u.fragment().is_none())
        .map(|u| (u.as_str().trim_end_matches('/').to_owned(), u))
}

/// The request's URL: a clone of the parsed base with the path and query set
/// when the URL is under the base, else a full parse.
fn request_url(
    base: Option<&(String, reqwest::Url)>,
    url: &str,
) -> std::result::Result<reqwest::Url, TransportError> {
    if let Some((text, parsed)) = base {
        if let Some(rest) = url
            .strip_prefix(text.as_str())
            .filter(|r| r.starts_with('/'))
        {
            let (path, query) = match rest.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (rest, None),
            };
            let mut u = parsed.clone();
            u.set_path(path);
            u.set_query(query);
            return Ok(u);
        }
    }
    reqwest::Url::parse(url).map_err(|e| TransportError {
        stage: FailureStage::Connect,
        timeout: false,
        message: format!("the request URL is not valid: {e}"),
    })
}

fn describe(e: &reqwest::Error) -> String {
    // reqwest's Display includes the URL; ours carry no secrets, but keep the
    // message short and free of it anyway.
    let mut msg = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the response".to_owned()
    } else {
        "the connection failed".to_owned()
    };
    let mut src = std::error::Error::source(e);
    let mut depth = 0;
    while let Some(s) = src {
        if depth == 0 {
            msg.push_str(": ");
        } else {
            msg.push_str(" / ");
        }
        msg.push_str(&s.to_string());
        src = s.source();
        depth += 1;
        if depth >= 3 {
            break;
        }
    }
    msg
}

fn too_large(max: usize) -> TransportError {
    TransportError {
        stage: FailureStage::BodyTooLarge,
        timeout: false,
        message: format!("the response body is larger than {max} bytes"),
    }
}

fn classify(e: &reqwest::Error) -> TransportError {
    let stage = if e.is_connect() {
        FailureStage::Connect
    } else {
        FailureStage::AfterSend
    };
    TransportError {
        stage,
        timeout: e.is_timeout(),
        message: describe(e),
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
                Method::Delete => reqwest::Method::DELETE,
            };
            let mut rb = self
                .client
                .request(method, self.url(&request.url)?)
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(t) = &request.bearer {
                let mut v =
                    reqwest::header::HeaderValue::from_str(&format!("Bearer {}", t.expose()))
                        .map_err(|_| TransportError {
                            stage: FailureStage::Connect,
                            timeout: false,
                            message: "the token holds characters not allowed in a header".into(),
                        })?;
                v.set_sensitive(true);
                rb = rb.header(reqwest::header::AUTHORIZATION, v);
            }
            if let Some(b) = request.body {
                rb = rb
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b);
            }
            let mut resp = rb.send().await.map_err(|e| classify(&e))?;
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if let Some(len) = resp.content_length() {
                if len as usize > self.max_body {
                    return Err(too_large(self.max_body));
                }
                // Known and within the cap: take the body without copying it.
                let body = resp.bytes().await.map_err(|e| classify(&e))?;
                if body.len() > self.max_body {
                    return Err(too_large(self.max_body));
                }
                return Ok(HttpResponse {
                    status,
                    retry_after,
                    body,
                });
            }
            let mut buf = Vec::new();
            loop {
                match resp.chunk().await {
                    Ok(Some(c)) => {
                        if buf.len() + c.len() > self.max_body {
                            return Err(too_large(self.max_body));
                        }
                        buf.extend_from_slice(&c);
                    }
                    Ok(None) => break,
                    Err(e) => return Err(classify(&e)),
                }
            }
            Ok(HttpResponse {
                status,
                retry_after,
                body: Bytes::from(buf),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_base, request_url};

    #[test]
    fn urls_built_on_the_parsed_base_equal_a_full_parse() {
        let base = parse_base("http://127.0.0.1:18556/").unwrap();
        assert_eq!(base.0, "http://127.0.0.1:18556");
        for url in [
            "http://127.0.0.1:18556/org/app/users/alice",
            "http://127.0.0.1:18556/org/app/users/a%2Fb%3Fc%23d%25",
            "http://127.0.0.1:18556/org/app/users?limit=10&cursor=YWJj%3D%3D",
            "http://127.0.0.1:18556/org/app/users/..%2F..",
            "https://a1.example.com/org/app/users",
        ] {
            let fast = request_url(Some(&base), url).unwrap();
            assert_eq!(fast, reqwest::Url::parse(url).unwrap(), "{url}");
            assert_eq!(fast.as_str(), url, "{url}");
        }
        // A base that is a text prefix of another origin is not mistaken for it.
        let short = parse_base("http://127.0.0.1:1855").unwrap();
        let url = "http://127.0.0.1:18556/org/app/users";
        assert_eq!(request_url(Some(&short), url).unwrap().as_str(), url);
        assert!(parse_base("http://host/prefix").is_none());
        assert!(parse_base("http://host/?q=1").is_none());
        assert!(parse_base("https://A1.Example.com").is_some());
        let e = request_url(Some(&base), "not a url").unwrap_err();
        assert!(e.message.contains("not valid"), "{}", e.message);
    }
}
