//! Fleet mode against a real Redis (`scripts/test-redis.sh` starts one for
//! `make test` and names it in CHAT_PLATFORM_TEST_REDIS): clients that share
//! a store (each one here stands for a process: its own pacers, its own
//! token cache) make one token grant together, refresh a rejected token
//! once for all, stay within one rate budget together, keep the token
//! sealed, and never fail a call because Redis is down, killed or back.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chat_platform::{Client, ErrorKind};
use chat_platform_emulator::{Emulator, EmulatorConfig};
use futures_util::future::join_all;

fn redis_url() -> String {
    std::env::var("CHAT_PLATFORM_TEST_REDIS").expect(
        "CHAT_PLATFORM_TEST_REDIS is not set: run the tests through scripts/test-redis.sh (make test does)",
    )
}

/// An emulator whose app is this test's alone (keys in the shared Redis are per app).
fn emulator(test: &str, limits: Option<f64>, latency_ms: u64) -> Emulator {
    Emulator::start(EmulatorConfig {
        org: format!("fleet{}", std::process::id()),
        app: test.into(),
        rate_limits: limits.is_some(),
        rate_limit_scale: limits.unwrap_or(1.0),
        latency_ms,
        ..EmulatorConfig::default()
    })
    .unwrap()
}

fn member(emu: &Emulator, store: &str, scale: f64) -> Client {
    common::builder_for(emu)
        .rate_limit_scale(scale)
        .request_timeout(Duration::from_secs(60))
        .shared_store(store)
        .build()
        .unwrap()
}

async fn get(c: Client, name: String) -> chat_platform::Result<chat_platform::User> {
    c.get_user(&name).await
}

async fn raw(url: &str, cmd: &mut redis::Cmd) -> redis::Value {
    let client = redis::Client::open(url).unwrap();
    let mut c = client.get_multiplexed_async_connection().await.unwrap();
    cmd.query_async(&mut c).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_makes_one_token_grant_and_keeps_it_sealed() {
    let url = redis_url();
    let emu = emulator("token", None, 20);
    emu.preload("u", 10);
    let first = member(&emu, &url, 1.0);
    let token = first.fetch_token().await.unwrap().access_token;
    let key = format!(
        "chat-platform:{{{}}}:token:{}",
        emu.app_key(),
        emu.client_id()
    );
    let stored = match raw(&url, redis::cmd("GET").arg(&key)).await {
        redis::Value::BulkString(b) => String::from_utf8(b).unwrap(),
        other => panic!("no token under {key}: {other:?}"),
    };
    assert!(stored.starts_with("v1."), "{stored}");
    assert!(
        !stored.contains(token.expose()),
        "the token is stored in the clear"
    );
    let ttl = raw(&url, redis::cmd("PTTL").arg(&key)).await;
    assert!(
        matches!(ttl, redis::Value::Int(ms) if ms > 0),
        "the key must expire: {ttl:?}"
    );
    // Eight more "processes", each calling at once: nobody fetches again.
    let fleet: Vec<Client> = (0..8).map(|_| member(&emu, &url, 1.0)).collect();
    let calls = fleet
        .iter()
        .flat_map(|c| (0..5).map(move |i| get(c.clone(), format!("u{i}"))));
    for r in join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(emu.stats().token_grants, 1, "one grant for the whole fleet");
    // A client with another secret cannot open it: it fetches its own, and
    // (the emulator refusing the wrong secret) says so, without crashing.
    let stranger = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), "not-the-secret")
        .max_attempts(1)
        .shared_store(&url)
        .build()
        .unwrap();
    let e = stranger.get_user("u1").await.unwrap_err();
    assert!(
        e.to_string().contains("client_secret does not match"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_is_refreshed_once_for_the_fleet() {
    let url = redis_url();
    let emu = emulator("refresh", None, 20);
    emu.preload("u", 10);
    let fleet: Vec<Client> = (0..8).map(|_| member(&emu, &url, 1.0)).collect();
    for r in join_all(fleet.iter().map(|c| get(c.clone(), "u1".into()))).await {
        r.unwrap();
    }
    assert_eq!(emu.stats().token_grants, 1);
    emu.revoke_tokens();
    let calls = fleet
        .iter()
        .flat_map(|c| (0..3).map(move |i| get(c.clone(), format!("u{i}"))));
    for r in join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(
        emu.stats().token_grants,
        2,
        "one refresh for the fleet, not one per process"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_revocation_no_batch_goes_out_twice_with_the_rejected_token() {
    // Four "processes" importing 600 users each (40 batches) at 50 user
    // calls a second; the app's tokens are revoked a quarter of the way in.
    // Only the requests already on their way with the old token (a round
    // trip's worth) are answered 401 and sent again: the ones still queued
    // for the budget take the fleet's new token when their turn comes.
    let url = redis_url();
    let emu = emulator("revoked-import", Some(0.5), 20);
    let fleet: Vec<Client> = (0..4).map(|_| member(&emu, &url, 0.5)).collect();
    for c in &fleet {
        c.fetch_token().await.unwrap();
    }
    let grants = emu.stats().token_grants;
    let imports = fleet.iter().enumerate().map(|(m, c)| {
        let c = c.clone();
        async move {
            let users: Vec<chat_platform::NewUser> = (0..600)
                .map(|i| chat_platform::NewUser::new(format!("m{m}-{i}"), "pw-12345"))
                .collect();
            c.register_users(&users).await
        }
    });
    let revoke = async {
        tokio::time::sleep(Duration::from_millis(250)).await;
        emu.revoke_tokens();
    };
    let (reports, ()) = tokio::join!(join_all(imports), revoke);
    for r in reports {
        let r = r.unwrap();
        assert_eq!(
            (r.created.len(), r.failed.len()),
            (600, 0),
            "{:?}",
            r.failed.first()
        );
    }
    let stats = emu.stats();
    let sent = stats.requests.get("POST /users").copied().unwrap_or(0);
    assert!(
        (40..=48).contains(&sent),
        "{sent} POST /users for 40 batches: batches sent again with the rejected token"
    );
    assert_eq!(
        stats.token_grants,
        grants + 1,
        "one new token for the fleet"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_renews_the_token_ahead_of_expiry_once() {
    // Tokens live 4 s and are renewed 2 s ahead: 2.5 s in, one process
    // renews it for all of them.
    let url = redis_url();
    let emu = Emulator::start(EmulatorConfig {
        org: format!("fleet{}", std::process::id()),
        app: "renew".into(),
        token_ttl_secs: 4,
        ..EmulatorConfig::default()
    })
    .unwrap();
    emu.preload("u", 10);
    let fleet: Vec<Client> = (0..6)
        .map(|_| {
            common::builder_for(&emu)
                .token_refresh_margin(Duration::from_secs(2))
                .shared_store(&url)
                .build()
                .unwrap()
        })
        .collect();
    for r in join_all(fleet.iter().map(|c| get(c.clone(), "u1".into()))).await {
        r.unwrap();
    }
    assert_eq!(emu.stats().token_grants, 1);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    for _ in 0..3 {
        for r in join_all(fleet.iter().map(|c| get(c.clone(), "u2".into()))).await {
            r.unwrap();
        }
    }
    assert_eq!(emu.stats().token_grants, 2, "one renewal for the fleet");
    // Past the first token's expiry every process uses the renewed one.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    for r in join_all(fleet.iter().map(|c| get(c.clone(), "u3".into()))).await {
        r.unwrap();
    }
    assert_eq!(emu.stats().token_grants, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_stays_within_one_budget() {
    // User calls at 40/s (0.4 x the documented 100/s), four "processes"
    // with 50 calls each: together they keep to the limit (almost no 429s),
    // so the 200 calls take about five seconds, not a quarter of it.
    let url = redis_url();
    let emu = emulator("budget", Some(0.4), 10);
    emu.preload("u", 10);
    let fleet: Vec<Client> = (0..4).map(|_| member(&emu, &url, 0.4)).collect();
    let t0 = Instant::now();
    let calls = fleet
        .iter()
        .flat_map(|c| (0..50).map(move |i| get(c.clone(), format!("u{}", i % 10))));
    let results = join_all(calls).await;
    let secs = t0.elapsed().as_secs_f64();
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let stats = emu.stats();
    let limited = stats.rate_limited as f64 / stats.total_requests as f64;
    assert!(
        limited <= 0.02,
        "{} of {} requests answered 429",
        stats.rate_limited,
        stats.total_requests
    );
    assert!(
        secs >= 200.0 / 40.0 * 0.9,
        "200 calls at 40/s took only {secs:.1} s: not one budget"
    );
    // The budget lives under the app's hash tag and expires.
    let key = format!("chat-platform:{{{}}}:budget:user_account", emu.app_key());
    let ttl = raw(&url, redis::cmd("PTTL").arg(&key)).await;
    assert!(
        matches!(ttl, redis::Value::Int(ms) if ms > 0),
        "{key}: {ttl:?}"
    );
}

struct OwnRedis {
    port: u16,
    child: Option<Child>,
}

impl OwnRedis {
    fn start(port: u16) -> Self {
        let bin =
            std::env::var("CHAT_PLATFORM_REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
        let child = Command::new(bin)
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server (scripts/install-redis.sh installs it)");
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        OwnRedis {
            port,
            child: Some(child),
        }
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_killed_or_back_never_fails_a_call() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut redis = OwnRedis::start(port);
    let url = format!("redis://127.0.0.1:{}/0", redis.port);
    let emu = emulator("outage", None, 5);
    emu.preload("u", 10);
    let fleet: Vec<Client> = (0..3).map(|_| member(&emu, &url, 1.0)).collect();
    let round = |n: usize| {
        let fleet = &fleet;
        async move {
            let calls = fleet
                .iter()
                .flat_map(|c| (0..n).map(move |i| get(c.clone(), format!("u{}", i % 10))));
            for r in join_all(calls).await {
                r.expect("a call failed because of the store");
            }
        }
    };
    round(10).await;
    assert_eq!(emu.stats().token_grants, 1);
    redis.kill();
    let t0 = Instant::now();
    round(30).await;
    assert!(
        t0.elapsed() < Duration::from_secs(10),
        "the outage slowed calls: {:?}",
        t0.elapsed()
    );
    // Back on the same port: the fleet uses it again (a second passes
    // before a client tries the store again).
    let _redis = OwnRedis::start(port);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    round(10).await;
    let key = format!("chat-platform:{{{}}}:budget:user_account", emu.app_key());
    let exists = raw(&url, redis::cmd("EXISTS").arg(&key)).await;
    assert_eq!(
        exists,
        redis::Value::Int(1),
        "the fleet did not return to the shared budget"
    );
    // A store that was never there: calls work from the start.
    let dead = format!(
        "redis://127.0.0.1:{}/0",
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    );
    let alone = member(&emu, &dead, 1.0);
    let t0 = Instant::now();
    for i in 0..5 {
        alone.get_user(&format!("u{i}")).await.unwrap();
    }
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    // A store that takes connections and never answers: the first call
    // waits for it (half a second at most), the next ones do not, though
    // it is checked again every second in the background.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("redis://{}/0", silent.local_addr().unwrap());
    let held = std::thread::spawn(move || silent.incoming().take(8).collect::<Vec<_>>());
    let stuck = member(&emu, &silent_url, 1.0);
    let t0 = Instant::now();
    stuck.get_user("u1").await.unwrap();
    let first = t0.elapsed();
    assert!(first < Duration::from_millis(1500), "first call: {first:?}");
    let mut slowest = Duration::ZERO;
    for i in 0..25 {
        let t = Instant::now();
        stuck.get_user(&format!("u{}", i % 10)).await.unwrap();
        slowest = slowest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // (A call that waited for the store would take its 500 ms bound.)
    assert!(
        slowest < Duration::from_millis(450),
        "a call waited {slowest:?} for a silent store"
    );
    drop(held);
}

#[test]
fn the_store_url_is_checked_and_its_password_never_shown() {
    let emu = common::emulator();
    let c = common::builder_for(&emu)
        .shared_store("redis://:store-Pa55word@127.0.0.1:6379/0")
        .build()
        .unwrap();
    let shown = format!("{:?} {:?}", c, c.config());
    assert!(!shown.contains("store-Pa55word"), "{shown}");
    assert!(shown.contains("redis://:***@127.0.0.1:6379/0"), "{shown}");
    for bad in ["http://127.0.0.1:6379", "localhost:6379", "redis://"] {
        let e = Client::builder()
            .base_url(emu.url())
            .app_key(emu.app_key())
            .shared_store(bad)
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{bad}");
        assert_eq!(e.field(), Some("shared_store"), "{bad}: {e}");
    }
}
