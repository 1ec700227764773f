//! The HTTP server: hyper, one task per connection (over TLS on request),
//! requests parsed into [`Req`].

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use percent_encoding::percent_decode_str;
use tokio::net::TcpListener;

use crate::app::{Action, App, Req};
use crate::reply::{ApiError, Reply};
use crate::tls::Tls;

/// Returned to hyper to close the connection without a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for Dropped {}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn to_response(r: Reply) -> Response<Full<Bytes>> {
    let mut b = Response::builder()
        .status(r.status)
        .header("content-type", "application/json;charset=UTF-8");
    if let Some(ra) = &r.retry_after {
        b = b.header("retry-after", ra.as_str());
    }
    b.body(Full::new(r.body))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let query: Vec<(String, String)> = req
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect();
    let authorization = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let max = app.max_body();
    let body = match Limited::new(req.into_body(), max).collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                let err = ApiError::new(
                    413,
                    "request_entity_too_large",
                    "org.apache.usergrid.rest.exceptions.RequestEntityTooLargeException",
                    format!("Request body exceeds the limit of {max} bytes"),
                );
                return Ok(to_response(err.to_reply()));
            }
            return Err(Dropped);
        }
    };
    let req = Req {
        method,
        path,
        segments,
        query,
        authorization,
        content_type,
        body,
    };
    let action = if req.segments.first().map(String::as_str) == Some("_emulator") {
        crate::admin::handle(&app, &req)
    } else {
        app.handle(req).await
    };
    match action {
        Action::Reply(r) => Ok(to_response(r)),
        Action::Drop => Err(Dropped),
    }
}

/// Serves one connection (plain or TLS) until it closes.
async fn connection<S>(stream: S, app: Arc<App>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let svc = service_fn(move |req| handle(app.clone(), req));
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), svc)
        .await;
}

/// Serves until `shutdown` completes; over TLS when `tls` is given.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    tls: Option<Tls>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        // A failed handshake (a client that does not trust
                        // the CA) just closes the connection.
                        Some(t) => if let Ok(s) = t.acceptor.accept(stream).await {
                            connection(s, app).await
                        },
                        None => connection(stream, app).await,
                    }
                });
            }
        }
    }
}
