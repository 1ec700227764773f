//! HTTP, behind a trait: the default is [`crate::http::HttpTransport`]
//! (reqwest, rustls); tests plug in scripts.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

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
    /// The body, if any.
    pub body: Option<Bytes>,
    /// How the body is encoded (its `Content-Type`).
    pub body_kind: BodyKind,
    /// Time allowed for this attempt (what is left of the call's time bound,
    /// or the attempt timeout).
    pub timeout: std::time::Duration,
}

/// How a request body is encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (every call but one).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded` (setting user attributes).
    Form,
}

impl BodyKind {
    /// The `Content-Type` header value.
    pub fn content_type(self) -> &'static str {
        match self {
            BodyKind::Json => "application/json",
            BodyKind::Form => "application/x-www-form-urlencoded",
        }
    }
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
    /// The TLS handshake failed (an untrusted certificate, a protocol
    /// mismatch): nothing was sent, and trying again will not help; the
    /// client reports it as a configuration error.
    Tls,
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
