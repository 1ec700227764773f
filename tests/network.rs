//! Proxies and TLS end to end: the emulator over HTTPS with and without its
//! CA, and real forward proxies (tinyproxy, started by
//! `scripts/test-proxies.sh`, which `make test` runs this suite under): plain
//! HTTP through the proxy, HTTPS through a CONNECT tunnel, `NO_PROXY`,
//! credentials (sent, never shown), a dead proxy, the environment's proxies.

use std::time::{Duration, Instant};

use chat_platform::{Client, ClientBuilder, ErrorKind, RetryPolicy};
use chat_platform_emulator::{Emulator, EmulatorConfig};

struct Proxies {
    open: String,
    open_log: std::path::PathBuf,
    auth: String,
    auth_log: std::path::PathBuf,
    user: String,
    password: String,
    dead: String,
}

/// The proxies of `scripts/test-proxies.sh`; a run without them fails: a
/// missing proxy is not a pass.
fn proxies() -> Proxies {
    let var = |k: &str| {
        std::env::var(k).unwrap_or_else(|_| {
            panic!("{k} is not set: run this suite under scripts/test-proxies.sh (make test does)")
        })
    };
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Proxies {
        open: var("CHAT_PLATFORM_TEST_PROXY"),
        open_log: repo.join(var("CHAT_PLATFORM_TEST_PROXY_LOG")),
        auth: var("CHAT_PLATFORM_TEST_AUTH_PROXY"),
        auth_log: repo.join(var("CHAT_PLATFORM_TEST_AUTH_PROXY_LOG")),
        user: var("CHAT_PLATFORM_TEST_AUTH_PROXY_USER"),
        password: var("CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD"),
        dead: var("CHAT_PLATFORM_TEST_DEAD_PROXY"),
    }
}

fn log_has(path: &std::path::Path, needle: &str) -> bool {
    // tinyproxy writes its log line as it handles the request.
    for _ in 0..50 {
        if std::fs::read_to_string(path)
            .unwrap_or_default()
            .contains(needle)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn emulator(tls: bool) -> Emulator {
    Emulator::start(EmulatorConfig {
        tls,
        ..EmulatorConfig::default()
    })
    .unwrap()
}

/// A client of `emu`, ignoring the environment's proxies unless told.
fn builder(emu: &Emulator, base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
        .proxy_from_env(false)
        .retry_policy(RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn https_needs_the_emulators_ca_and_works_with_it() {
    let emu = emulator(true);
    assert!(emu.url().starts_with("https://127.0.0.1:"), "{}", emu.url());
    let ca = emu.ca_pem().expect("a CA for an HTTPS emulator").to_owned();

    let untrusting = builder(&emu, emu.url()).build().unwrap();
    let e = untrusting.fetch_token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration, "{e}");
    assert!(e.is_tls() && !e.is_retryable(), "{e:?}");
    assert_eq!(
        e.attempts(),
        1,
        "a certificate failure is not retried: {e:?}"
    );
    let text = e.to_string();
    assert!(
        text.contains("TLS failed") && text.contains("ca_certificates"),
        "{text}"
    );

    let trusting = builder(&emu, emu.url())
        .ca_certificate_pem(ca.clone())
        .build()
        .unwrap();
    trusting
        .register_user("tls-user", "pw-12345", None)
        .await
        .unwrap();
    assert_eq!(
        trusting.get_user("tls-user").await.unwrap().username,
        "tls-user"
    );

    // The same CA from a file, and for `localhost` (both names are in the certificate).
    let dir = std::env::temp_dir().join(format!("cp-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator-ca.pem");
    std::fs::write(&file, &ca).unwrap();
    let by_name = emu.url().replace("127.0.0.1", "localhost");
    let from_file = builder(&emu, &by_name)
        .ca_certificate_file(&file)
        .build()
        .unwrap();
    assert!(from_file.get_user("tls-user").await.is_ok());
}

#[tokio::test]
async fn a_bad_ca_is_a_configuration_error_at_construction() {
    let emu = emulator(false);
    for bad in [
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----",
    ] {
        let e = builder(&emu, emu.url())
            .ca_certificate_pem(bad)
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{e}");
    }
    let e = builder(&emu, emu.url())
        .ca_certificate_file("/nonexistent/ca.pem")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
}

#[tokio::test]
async fn plain_http_goes_through_the_proxy_and_https_through_a_connect_tunnel() {
    let p = proxies();
    let plain = emulator(false);
    let c = builder(&plain, plain.url()).proxy(&p.open).build().unwrap();
    c.register_user("via-proxy-rust", "pw-12345", None)
        .await
        .unwrap();
    let path = format!("{}/demo-org/demo-app/users/via-proxy-rust", plain.url());
    c.get_user("via-proxy-rust").await.unwrap();
    assert!(
        log_has(&p.open_log, &format!("GET {path}")),
        "no GET {path} in the proxy's log"
    );

    let tls = emulator(true);
    let c = builder(&tls, tls.url())
        .proxy(&p.open)
        .ca_certificate_pem(tls.ca_pem().unwrap())
        .build()
        .unwrap();
    c.fetch_token().await.unwrap();
    let port = tls.addr().port();
    assert!(
        log_has(&p.open_log, &format!("CONNECT 127.0.0.1:{port}")),
        "no CONNECT to the HTTPS emulator in the proxy's log"
    );
}

#[tokio::test]
async fn no_proxy_hosts_go_direct() {
    let p = proxies();
    let emu = emulator(false);
    let c = builder(&emu, emu.url())
        .proxy(&p.open)
        .no_proxy("example.invalid, 127.0.0.1")
        .build()
        .unwrap();
    c.register_user("direct-rust", "pw-12345", None)
        .await
        .unwrap();
    c.get_user("direct-rust").await.unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let log = std::fs::read_to_string(&p.open_log).unwrap_or_default();
    assert!(
        !log.contains(&format!("{}/users/direct-rust", emu.url())),
        "a NO_PROXY host went through the proxy"
    );
}

#[tokio::test]
async fn proxy_credentials_are_sent_and_never_shown() {
    let p = proxies();
    let emu = emulator(false);
    // Without credentials the proxy refuses (407). A GET (a fixed token, no
    // grant): tinyproxy answers a POST's 407 before reading its body and
    // resets the connection.
    let refused = builder(&emu, emu.url())
        .token("a-fixed-token")
        .proxy(&p.auth)
        .build()
        .unwrap();
    let e = refused.get_user("anyone").await.unwrap_err();
    assert_eq!(e.status(), Some(407), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Configuration, "{e:?}");
    assert!(e.to_string().contains("needs valid credentials"), "{e}");

    // With them (given apart, or in the URL) it serves, and nothing shows them.
    let url_with = p
        .auth
        .replace("http://", &format!("http://{}:{}@", p.user, p.password));
    for b in [
        builder(&emu, emu.url())
            .proxy(&p.auth)
            .proxy_credentials(p.user.as_str(), p.password.as_str()),
        builder(&emu, emu.url()).proxy(&url_with),
    ] {
        let c = b.build().unwrap();
        c.register_user("auth-proxy-rust", "pw-12345", None)
            .await
            .ok();
        c.get_user("auth-proxy-rust").await.unwrap();
        let shown = format!("{c:?} {:?}", c.config());
        assert!(
            !shown.contains(&p.password),
            "the proxy password shows in {shown}"
        );
        let e = c.get_user("nobody-here").await.unwrap_err();
        assert!(!format!("{e} {e:?}").contains(&p.password));
    }
    assert!(
        log_has(&p.auth_log, "auth-proxy-rust"),
        "the authenticated proxy saw nothing"
    );
}

#[tokio::test]
async fn a_dead_proxy_fails_fast_with_a_transport_error_naming_it() {
    let p = proxies();
    let emu = emulator(false);
    let dead = p.dead.replace("http://", "http://someone:hunter2-secret@");
    let c = builder(&emu, emu.url()).proxy(&dead).build().unwrap();
    let start = Instant::now();
    let e = c.fetch_token().await.unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    let host = p.dead.trim_start_matches("http://");
    let text = format!("{e} {e:?}");
    assert!(
        text.contains(&format!("through the proxy {host}")),
        "{text}"
    );
    assert!(
        !text.contains("hunter2-secret") && !text.contains("someone"),
        "{text}"
    );
}

#[tokio::test]
async fn the_environments_proxies_apply_as_curl_reads_them() {
    // scripts/test-proxies.sh exports HTTP_PROXY and HTTPS_PROXY (the open
    // proxy) and NO_PROXY=127.0.0.1: by address a client goes direct, by name
    // through the proxy.
    let p = proxies();
    let emu = emulator(false);
    let by_name = emu.url().replace("127.0.0.1", "localhost");
    let env_client = builder(&emu, &by_name)
        .proxy_from_env(true)
        .build()
        .unwrap();
    env_client
        .register_user("env-proxy-rust", "pw-12345", None)
        .await
        .unwrap();
    assert!(
        log_has(&p.open_log, &format!("{by_name}/demo-org/demo-app/users")),
        "HTTP_PROXY was not used"
    );
    let direct = builder(&emu, emu.url())
        .proxy_from_env(true)
        .build()
        .unwrap();
    direct.get_user("env-proxy-rust").await.unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let log = std::fs::read_to_string(&p.open_log).unwrap_or_default();
    assert!(
        !log.contains(&format!(
            "{}/demo-org/demo-app/users/env-proxy-rust",
            emu.url()
        )),
        "NO_PROXY was not honoured"
    );
}
