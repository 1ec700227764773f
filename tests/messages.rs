//! What a new user meets first: a timeout bounds the whole call and says how
//! long, how many attempts and which host; connection errors name the host
//! and the operation called; not-found and conflict name the user; time
//! queued for the rate budget is not counted against the call.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use chat_platform::{Client, ErrorKind};
use chat_platform_emulator::{Emulator, EmulatorConfig};
use futures_util::future::join_all;

/// A port that accepts connections and never answers (nor reads).
fn silent_server() -> (String, std::thread::JoinHandle<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let hold = std::thread::spawn(move || {
        let conns: Vec<_> = l.incoming().take(16).collect();
        std::thread::sleep(Duration::from_secs(8));
        drop(conns);
    });
    (format!("http://{addr}"), hold)
}

fn token_client(base: &str) -> chat_platform::ClientBuilder {
    Client::builder()
        .base_url(base)
        .app_key("org#app")
        .client_credentials("YXA6-id", "YXA6-secret")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_timeout_bounds_the_whole_call_with_the_default_retries() {
    let (base, _hold) = silent_server();
    let c = token_client(&base)
        .request_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let t0 = Instant::now();
    let e = c.get_user("alice").await.unwrap_err();
    let took = t0.elapsed();
    assert!(
        took >= Duration::from_millis(950) && took < Duration::from_millis(2500),
        "a 1 s bound took {took:?}"
    );
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(e.operation(), Some("get_user"), "the operation called");
    let m = e.to_string();
    for part in [
        "get_user: fetching the app token: timed out",
        &base[7..],
        "after 1 attempt",
        "`request_timeout`, 1.0 s",
    ] {
        assert!(m.contains(part), "{part:?} missing from {m:?}");
    }
    assert!(!m.contains("YXA6-secret"), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempt_timeout_splits_the_call_into_attempts() {
    let (base, _hold) = silent_server();
    let c = Client::builder()
        .base_url(&base)
        .app_key("org#app")
        .token("t0ken")
        .request_timeout(Duration::from_millis(1200))
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let t0 = Instant::now();
    let e = c.get_user("alice").await.unwrap_err();
    let took = t0.elapsed();
    assert!(e.is_timeout(), "{e:?}");
    assert!(e.attempts() >= 2, "retried within the bound: {e:?}");
    assert!(took < Duration::from_millis(2500), "{took:?}");
    let m = e.to_string();
    assert!(m.starts_with("get_user: "), "{m}");
    assert!(m.contains(&base[7..]), "{m}");
}

#[tokio::test]
async fn a_closed_port_names_the_host_the_operation_and_the_step() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let c = token_client(&base).max_attempts(1).build().unwrap();
    let e = c.get_user("alice").await.unwrap_err();
    let m = e.to_string();
    assert_eq!(e.operation(), Some("get_user"));
    assert!(
        m.starts_with(&format!(
            "get_user: fetching the app token: could not connect to {base}"
        )),
        "{m}"
    );
    assert!(!m.contains("client error (Connect)"), "{m}");

    // Without a token to fetch, the call's own step.
    let c = Client::builder()
        .base_url(&base)
        .app_key("org#app")
        .token("t0ken")
        .max_attempts(1)
        .build()
        .unwrap();
    let m = c.delete_user("bob").await.unwrap_err().to_string();
    assert!(
        m.starts_with(&format!("delete_user: could not connect to {base}")),
        "{m}"
    );
}

#[tokio::test]
async fn a_dead_host_name_names_the_host() {
    let c = token_client("http://no-such-host.invalid:8080")
        .proxy_from_env(false)
        .max_attempts(1)
        .build()
        .unwrap();
    let m = c.get_user("alice").await.unwrap_err().to_string();
    assert!(
        m.contains("could not connect to http://no-such-host.invalid:8080"),
        "{m}"
    );
}

#[tokio::test]
async fn not_found_and_conflict_name_the_user() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    let m = c.get_user("nobody").await.unwrap_err().to_string();
    assert!(m.starts_with(r#"get_user: user "nobody" not found"#), "{m}");
    c.register_user("alice", "pw-12345", None).await.unwrap();
    let e = c
        .register_user("alice", "pw-12345", None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(
        e.to_string()
            .starts_with(r#"register_user: user "alice" already exists"#),
        "{e}"
    );
    let m = c
        .add_contact("alice", "ghost")
        .await
        .unwrap_err()
        .to_string();
    assert!(m.contains(r#""ghost""#), "{m}");
    let m = c.delete_user("ghost").await.unwrap_err().to_string();
    assert!(m.contains(r#"user "ghost" not found"#), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_queued_for_the_budget_is_not_counted() {
    // 10 calls a second, 40 calls at once, a 1 s bound: the last waits about
    // four seconds in the queue, and every call completes.
    let emu = Emulator::start(EmulatorConfig {
        rate_limits: true,
        rate_limit_scale: 0.1,
        ..EmulatorConfig::default()
    })
    .unwrap();
    let c = common::builder_for(&emu)
        .rate_limit_scale(0.1)
        .request_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    c.register_user("alice", "pw-12345", None).await.unwrap();
    let t0 = Instant::now();
    let results = join_all((0..40).map(|_| c.get_user("alice"))).await;
    let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failed.is_empty(), "{} failed: {}", failed.len(), failed[0]);
    assert!(
        t0.elapsed() > Duration::from_secs(2),
        "paced: {:?}",
        t0.elapsed()
    );
}
