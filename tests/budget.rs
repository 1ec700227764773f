//! Spending the rate budget and streaming bulk work, against the emulator
//! with its documented limits on (a sliding one-second window per group):
//! paced imports and single calls draw no errors, throttling does not use up
//! attempts, batch deletes take up to 500, lazy sources stream through with
//! progress, and a source that fails halfway loses nothing and sends nothing
//! twice. Timing is the benchmark's business (`make bench-budget`), not this
//! file's: nothing here asserts a speed.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chat_platform::transport::HttpResponse;
use chat_platform::{Client, ErrorKind, NewUser, RegisterBatch};
use chat_platform_emulator::{Emulator, EmulatorConfig};
use common::Scripted;
use futures_util::stream::{self, StreamExt, TryStreamExt};

const USER_BODY: &str = r#"{"entities":[{"uuid":"u-1","type":"user","created":1,"modified":1,"username":"alice","activated":true}]}"#;

fn limited(scale: f64, latency_ms: u64, jitter_ms: u64) -> Emulator {
    Emulator::start(EmulatorConfig {
        rate_limits: true,
        rate_limit_scale: scale,
        latency_ms,
        jitter_ms,
        ..EmulatorConfig::default()
    })
    .unwrap()
}

fn client(emu: &Emulator, scale: f64) -> Client {
    common::builder_for(emu)
        .rate_limit_scale(scale)
        .build()
        .unwrap()
}

fn users(prefix: &str, n: usize) -> Vec<NewUser> {
    (0..n)
        .map(|i| NewUser::new(format!("{prefix}{i}"), "pw-12345"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_import_over_a_round_trip_draws_no_errors() {
    // 3,000 users, 50 batch requests, at twice the documented limits, with a
    // 30 ms round trip and jitter: the default client gets every user created.
    let emu = limited(2.0, 20, 10);
    let c = client(&emu, 2.0);
    let report = c.register_users(&users("imp", 3000)).await.unwrap();
    assert_eq!(report.created.len(), 3000);
    assert!(report.failed.is_empty(), "{:?}", &report.failed[..1]);
    let stats = emu.stats();
    let requests = stats.requests.get("POST /users").copied().unwrap_or(0);
    assert!(
        stats.rate_limited * 50 <= requests,
        "429s are at most 2% of the import's requests: {} of {requests}",
        stats.rate_limited
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_single_calls_are_queued_and_paced_not_fired() {
    let emu = limited(10.0, 0, 0);
    let c = client(&emu, 10.0);
    c.register_user("target", "pw-12345", None).await.unwrap();
    // 2,000 calls started at once; the service allows 1,000 per second here.
    let calls: Vec<_> = (0..2000)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.get_user("target").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let stats = emu.stats();
    assert!(
        stats.rate_limited <= 40,
        "at most 2% throttled: {}",
        stats.rate_limited
    );
}

#[tokio::test]
async fn throttling_while_paced_does_not_use_up_attempts() {
    // The first five answers are throttling 429s; a client allowed two
    // attempts still gets through, because the pacer handles throttling.
    let t = Scripted::new(|_r, n| {
        Ok(if n < 5 {
            HttpResponse {
                status: 429,
                retry_after: None,
                body: r#"{"error":"too_many_requests","error_description":"slow down"}"#.into(),
            }
        } else {
            HttpResponse {
                status: 200,
                retry_after: None,
                body: USER_BODY.into(),
            }
        })
    });
    let c = Client::builder()
        .base_url("http://emulator.invalid")
        .app_key("org#app")
        .token("fixed-token")
        .max_attempts(2)
        .transport(t.clone())
        .build()
        .unwrap();
    assert_eq!(c.get_user("alice").await.unwrap().username, "alice");
    assert_eq!(t.total(), 6);
    // A quota (resource_limited) is never retried, pacing or not.
    let quota = Scripted::new(|_r, _n| {
        Ok(HttpResponse {
            status: 429,
            retry_after: None,
            body: r#"{"error":"resource_limited","error_description":"quota"}"#.into(),
        })
    });
    let c = Client::builder()
        .base_url("http://emulator.invalid")
        .app_key("org#app")
        .token("fixed-token")
        .transport(quota.clone())
        .build()
        .unwrap();
    assert_eq!(
        c.get_user("alice").await.unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
    assert_eq!(quota.total(), 1);
}

#[tokio::test]
async fn batch_deletes_take_up_to_500_and_lists_are_capped_at_100() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    c.register_users(&users("d", 650)).await.unwrap();
    let page = c.delete_oldest_users(300).await.unwrap();
    assert_eq!(page.users.len(), 300);
    let e = c.delete_oldest_users(501).await.unwrap_err();
    assert!(e.to_string().contains("between 1 and 500"), "{e}");
    // The emulator answers a list limit over 100 with 100 (as the service does).
    let body = reqwest_free_get(&format!(
        "{}/{}/{}/users?limit=150",
        emu.url(),
        emu.org(),
        emu.app()
    ))
    .await;
    assert_eq!(body["count"], 100, "{body}");
}

/// A GET with the emulator's token, over a raw socket (the tests of the
/// client must not rely on the client for this).
async fn reqwest_free_get(url: &str) -> serde_json::Value {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let token = {
        let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
        let body = r#"{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}"#;
        let req = format!(
            "POST /demo-org/demo-app/token HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        let json: serde_json::Value =
            serde_json::from_str(out.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        json["access_token"].as_str().unwrap().to_owned()
    };
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    let req = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    serde_json::from_str(out.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lazy_source_streams_through_with_progress() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    // 250 users from a lazy source, one invalid among them.
    let input = stream::iter((0..250).map(|i| {
        Ok(if i == 7 {
            NewUser::new("not valid", "pw")
        } else {
            NewUser::new(format!("lazy{i}"), "pw-12345")
        })
    }));
    let batches: Vec<RegisterBatch> = c
        .register_users_stream(input, Some(250))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(batches.len(), 5, "4 requests of 60 and one of 10");
    let created: usize = batches.iter().map(|b| b.items.len()).sum();
    let failed: Vec<_> = batches.iter().flat_map(|b| b.failed.clone()).collect();
    assert_eq!(created, 249);
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (failed[0].index, failed[0].kind),
        (7, ErrorKind::InvalidInput)
    );
    let last = batches
        .iter()
        .map(|b| b.progress)
        .max_by_key(|p| p.done)
        .unwrap();
    assert_eq!(
        (last.done, last.total, last.succeeded, last.failed),
        (250, Some(250), 249, 1)
    );
    assert_eq!(
        emu.stats().requests["POST /users"],
        5,
        "the invalid user was not sent"
    );

    // Presence, from a lazy source, in batches that know their input index.
    let names = stream::iter((0..250).map(|i| Ok(format!("lazy{i}"))));
    let mut status: Vec<_> = c
        .users_status_stream(names, None)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    status.sort_by_key(|b| b.first_index);
    assert_eq!(
        status.iter().map(|b| b.first_index).collect::<Vec<_>>(),
        [0, 100, 200]
    );
    assert!(status.iter().all(|b| b.error.is_none()));
    assert_eq!(status[2].items[49].username, "lazy249");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_failing_halfway_loses_nothing_and_sends_nothing_twice() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    let pulled = Arc::new(AtomicUsize::new(0));
    let p = pulled.clone();
    let input = stream::iter(0..1000).map(move |i| {
        p.fetch_add(1, Ordering::SeqCst);
        if i == 200 {
            Err(chat_platform::Error::source_failed(
                "register_users",
                "the generator raised",
            ))
        } else {
            Ok(NewUser::new(format!("half{i}"), "pw-12345"))
        }
    });
    let (report, failure) = c.register_users_report(input, None, |_| {}, None).await;
    let e = failure.expect("the source's failure");
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("the generator raised"), "{e}");
    assert_eq!(report.created.len(), 200, "every user before the failure");
    assert!(report.failed.is_empty());
    assert_eq!(
        pulled.load(Ordering::SeqCst),
        201,
        "nothing read after the failure"
    );
    // The service has exactly those users, each once.
    let mut all = Vec::new();
    let mut pages = c.iter_users(100).unwrap();
    while let Some(u) = pages.try_next().await.unwrap() {
        all.push(u.username);
    }
    all.sort();
    let mut want: Vec<String> = (0..200).map(|i| format!("half{i}")).collect();
    want.sort();
    assert_eq!(all, want);
}

#[test]
fn pacing_settings_that_break_a_rule_are_named_when_the_client_is_built() {
    let build = |b: chat_platform::ClientBuilder| {
        b.base_url("http://127.0.0.1:9")
            .app_key("a#b")
            .token("t")
            .build()
            .unwrap_err()
    };
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = build(Client::builder().rate_limit_scale(bad));
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert_eq!(e.field(), Some("rate_limit_scale"), "{e}");
        assert!(e.to_string().contains("must be a positive number"), "{e}");
    }
    let mut limits = chat_platform::RateLimits::documented();
    limits.batch_status = 0.0;
    let e = build(Client::builder().rate_limits(Some(limits)));
    assert_eq!(e.field(), Some("rate_limits.batch_status"), "{e}");
    let e = build(Client::builder().batch_concurrency(0));
    assert_eq!(e.field(), Some("batch_concurrency"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_awaited_between_batches_of_a_stream_is_answered() {
    // A consumer that asks the same client something after each batch (as a
    // resumable import asks about a user found existing), with the limits
    // on: the stream's requests in flight go on meanwhile, and neither waits
    // for the other (it used to hang: an unpolled request held its turn in
    // the budget's queue).
    let emu = limited(1.0, 5, 0);
    let c = client(&emu, 1.0);
    c.register_user("seen", "pw-12345", None).await.unwrap();
    let input = stream::iter(users("between", 1200).into_iter().map(Ok));
    let mut batches = std::pin::pin!(c.register_users_stream(input, Some(1200)));
    let mut created = 0;
    let mut asked = 0;
    let consume = async {
        while let Some(b) = batches.next().await {
            created += b.unwrap().items.len();
            assert_eq!(c.get_user("seen").await.unwrap().username, "seen");
            asked += 1;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), consume)
        .await
        .expect("the stream and the calls between its batches finished");
    assert_eq!((created, asked), (1200, 20));
}
