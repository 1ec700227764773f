//! The default HTTP transport against raw TCP servers: what it sends, bodies
//! in many chunks, the response-size cap (declared and streamed), HTTPS to a
//! plain-HTTP server, a server that closes without answering.

use std::time::Duration;

use chat_platform::{Client, ErrorKind, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const USER: &str = r#"{"entities":[{"uuid":"u-1","type":"user","created":1,"modified":1,"username":"alice","activated":true}]}"#;

/// Serves one connection: reads the request head, hands it to `answer`,
/// writes what `answer` returns (in the given pieces, flushed one by one).
async fn serve_once<F>(answer: F) -> (String, tokio::task::JoinHandle<String>)
where
    F: FnOnce(&str) -> Vec<Vec<u8>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let head = String::from_utf8_lossy(&head).to_string();
        for piece in answer(&head) {
            if sock.write_all(&piece).await.is_err() {
                break;
            }
            let _ = sock.flush().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        head
    });
    (url, task)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .app_key("org#app")
        .token("fixed-token-value")
        .retry_policy(RetryPolicy::none())
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn chunked(pieces: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut out = vec![
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec(),
    ];
    for p in pieces {
        let mut c = format!("{:x}\r\n", p.len()).into_bytes();
        c.extend_from_slice(p);
        c.extend_from_slice(b"\r\n");
        out.push(c);
    }
    out.push(b"0\r\n\r\n".to_vec());
    out
}

#[tokio::test]
async fn sends_the_documented_headers_and_reads_a_body_in_many_chunks() {
    let (url, server) = serve_once(|_| {
        let b = USER.as_bytes();
        chunked(&[&b[..10], &b[10..50], &b[50..]])
    })
    .await;
    let user = client(&url).get_user("alice").await;
    let head = server.await.unwrap().to_ascii_lowercase();
    assert!(
        head.starts_with("get /org/app/users/alice http/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\naccept: application/json\r\n"), "{head}");
    assert!(
        head.contains("\r\nauthorization: bearer fixed-token-value\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\nuser-agent: chat-platform"), "{head}");
    assert!(head.contains("\r\nhost: 127.0.0.1:"), "{head}");
    assert_eq!(user.expect("a body in three chunks").username, "alice");
}

#[tokio::test]
async fn a_declared_body_over_the_cap_is_refused_before_reading_it() {
    let (url, _server) = serve_once(|_| {
        vec![b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20000000\r\n\r\n{".to_vec()]
    })
    .await;
    let e = client(&url).get_user("alice").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("larger than 16777216 bytes"), "{e}");
}

#[tokio::test]
async fn a_streamed_body_over_the_cap_is_cut_off() {
    let (url, _server) = serve_once(|_| {
        let piece = vec![b' '; 1 << 20];
        let pieces: Vec<&[u8]> = (0..18).map(|_| piece.as_slice()).collect();
        chunked(&pieces)
    })
    .await;
    let c = Client::builder()
        .base_url(&url)
        .app_key("org#app")
        .token("t")
        .retry_policy(RetryPolicy::none())
        .max_response_bytes(4 << 20)
        .build()
        .unwrap();
    let e = c.get_user("alice").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("larger than 4194304 bytes"), "{e}");
}

#[tokio::test]
async fn https_to_a_plain_http_server_fails_as_a_transport_error() {
    // A plain-HTTP server answers the TLS hello with an HTTP error and closes.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = sock.read(&mut buf).await;
        let _ = sock
            .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
            .await;
    });
    let e = client(&url).get_user("alice").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(!e.is_timeout(), "a TLS failure, not a timeout: {e}");
    assert!(!e.to_string().contains("fixed-token-value"), "{e}");
}

#[tokio::test]
async fn a_server_that_closes_without_answering_is_a_retryable_transport_error() {
    let (url, _server) = serve_once(|_| Vec::new()).await;
    let e = client(&url).get_user("alice").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(e.is_retryable(), "{e}");
    assert!(!e.is_timeout(), "{e}");
}

#[tokio::test]
async fn a_host_name_is_resolved() {
    let (url, server) = serve_once(|_| {
        vec![format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{USER}",
            USER.len()
        )
        .into_bytes()]
    })
    .await;
    let url = url.replace("127.0.0.1", "localhost");
    let user = client(&url).get_user("alice").await;
    let head = server.await.unwrap().to_ascii_lowercase();
    assert!(head.contains("\r\nhost: localhost:"), "{head}");
    assert_eq!(user.expect("localhost resolves").username, "alice");
}
