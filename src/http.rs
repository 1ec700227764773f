//! The default transport: hyper's pooled HTTP/1.1 client over rustls.
//!
//! hyper directly rather than reqwest: with the same pool, reqwest's request
//! layers (a redirect policy that re-parses every URL twice, tower services,
//! its own URL type) cost more CPU than the whole HTTP exchange; measured in
//! BENCHMARKS.md.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{
    HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, USER_AGENT,
};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as PoolClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::time::{timeout_at, Instant};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::transport::{
    FailureStage, HttpRequest, HttpResponse, Method, Transport, TransportError, TransportFuture,
};

/// The default transport: a connection pool (HTTP/1.1, keep-alive, up to 64
/// idle connections kept 60 s), TLS with the system's CA roots plus bundled
/// Mozilla roots, the configured connect and request timeouts, and the
/// response-size cap.
pub struct HttpTransport {
    client: PoolClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
    user_agent: HeaderValue,
    request_timeout: Duration,
    max_body: usize,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport")
            .field("request_timeout", &self.request_timeout)
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl HttpTransport {
    /// Builds the pool. Never panics: a TLS or system failure is an error.
    pub fn new(config: &Config) -> Result<Self> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(config.connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(crate::tls::client_config()?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = PoolClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(64)
            .build(https);
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|_| {
            Error::config("the user agent holds characters not allowed in a header")
        })?;
        Ok(HttpTransport {
            client,
            user_agent,
            request_timeout: config.request_timeout,
            max_body: config.max_response_bytes,
        })
    }

    async fn exchange(
        &self,
        request: HttpRequest,
    ) -> std::result::Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
            Method::Put => hyper::Method::PUT,
            Method::Delete => hyper::Method::DELETE,
        };
        let mut builder = hyper::Request::builder()
            .method(method)
            .uri(request.url.as_str())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent.clone());
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
        let body = match request.body {
            Some(b) => {
                builder =
                    builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Full::new(b)
            }
            None => Full::new(Bytes::new()),
        };
        let req = builder.body(body).map_err(|e| {
            failed(
                FailureStage::Connect,
                &format!("the request is not valid HTTP: {e}"),
            )
        })?;
        let deadline = Instant::now() + self.request_timeout;
        let resp = match timeout_at(deadline, self.client.request(req)).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => return Err(classify(&e)),
            Err(_) => return Err(timed_out()),
        };
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > self.max_body as u64) {
            return Err(too_large(self.max_body));
        }
        let mut body = resp.into_body();
        let mut chunks: Vec<Bytes> = Vec::new();
        let mut len = 0usize;
        loop {
            let frame = match timeout_at(deadline, body.frame()).await {
                Err(_) => return Err(timed_out()),
                Ok(None) => break,
                Ok(Some(Err(e))) => {
                    return Err(failed(
                        FailureStage::AfterSend,
                        &format!("the connection broke while reading the response: {e}"),
                    ))
                }
                Ok(Some(Ok(f))) => f,
            };
            if let Ok(data) = frame.into_data() {
                len += data.len();
                if len > self.max_body {
                    return Err(too_large(self.max_body));
                }
                chunks.push(data);
            }
        }
        // One chunk (the usual small body) is taken as it is, without a copy.
        let body = match chunks.len() {
            0 => Bytes::new(),
            1 => chunks.pop().unwrap_or_default(),
            _ => Bytes::from(chunks.concat()),
        };
        Ok(HttpResponse {
            status,
            retry_after,
            body,
        })
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(self.exchange(request))
    }
}

fn failed(stage: FailureStage, message: &str) -> TransportError {
    TransportError {
        stage,
        timeout: false,
        message: message.to_owned(),
    }
}

fn timed_out() -> TransportError {
    TransportError {
        stage: FailureStage::AfterSend,
        timeout: true,
        message: "timed out".to_owned(),
    }
}

fn too_large(max: usize) -> TransportError {
    TransportError {
        stage: FailureStage::BodyTooLarge,
        timeout: false,
        message: format!("the response body is larger than {max} bytes"),
    }
}

/// A failed exchange: before anything was sent (connect), or after.
fn classify(e: &hyper_util::client::legacy::Error) -> TransportError {
    let connect = e.is_connect();
    let mut timeout = false;
    let mut msg = if connect {
        "could not connect"
    } else {
        "the connection failed"
    }
    .to_owned();
    let mut src = std::error::Error::source(e);
    let mut depth = 0;
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            timeout |= io.kind() == std::io::ErrorKind::TimedOut;
        }
        if depth < 3 {
            msg.push_str(if depth == 0 { ": " } else { " / " });
            msg.push_str(&s.to_string());
        }
        src = s.source();
        depth += 1;
    }
    TransportError {
        stage: if connect {
            FailureStage::Connect
        } else {
            FailureStage::AfterSend
        },
        timeout,
        message: msg,
    }
}
