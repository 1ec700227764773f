//! Token timing, single flight, 401 replay, fixed tokens, open registration.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chat_platform::clock::ManualClock;
use chat_platform::{Client, ErrorKind};
use common::*;

fn token_body(n: usize, expires: u64) -> String {
    format!(r#"{{"access_token":"YWMt-token-{n}","expires_in":{expires},"application":"app"}}"#)
}

/// A transport whose token route issues `YWMt-token-<n>` with the given lifetime
/// and whose other routes answer a user, recording the bearer they saw.
fn issuing(expires: u64) -> Arc<Scripted> {
    let grants = Arc::new(AtomicUsize::new(0));
    Scripted::new(move |r, _| {
        if is_token(r) {
            let n = grants.fetch_add(1, Ordering::SeqCst) + 1;
            resp(200, &token_body(n, expires))
        } else {
            resp(200, USER_OK)
        }
    })
}

fn bearers(t: &Scripted) -> Vec<String> {
    t.requests()
        .iter()
        .filter(|r| !is_token(r))
        .map(|r| {
            r.bearer
                .as_ref()
                .map(|b| b.expose().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn token_is_fetched_lazily_and_cached() {
    let t = issuing(3600);
    let client = scripted_client(t.clone(), Some(ManualClock::new()));
    assert_eq!(t.total(), 0, "building a client sends nothing");
    for _ in 0..5 {
        client.get_user("user1").await.unwrap();
    }
    assert_eq!(t.count("/token"), 1);
    assert_eq!(bearers(&t), vec!["YWMt-token-1"; 5]);
}

#[tokio::test]
async fn token_is_refreshed_ahead_of_expiry_and_not_used_after_it() {
    let clock = ManualClock::new();
    let t = issuing(3600);
    let client = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .client_credentials("client-id", SECRET)
        .transport(t.clone())
        .clock(Arc::new(clock.clone()))
        .token_refresh_margin(Duration::from_secs(300))
        .min_token_interval(Duration::ZERO)
        .build()
        .unwrap();
    client.get_user("user1").await.unwrap();
    // 3600 s lifetime, 300 s margin: fresh until 3300 s.
    clock.advance(Duration::from_secs(3299));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 1, "still fresh just before the margin");
    clock.advance(Duration::from_secs(2));
    client.get_user("user1").await.unwrap();
    assert_eq!(
        t.count("/token"),
        2,
        "refreshed inside the margin, before expiry"
    );
    assert_eq!(bearers(&t).last().unwrap(), "YWMt-token-2");
    // Past the new token's expiry entirely: a new fetch before use.
    clock.advance(Duration::from_secs(3601));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 3);
    assert_eq!(bearers(&t).last().unwrap(), "YWMt-token-3");
}

#[tokio::test]
async fn a_short_lived_token_refreshes_at_half_its_life_not_every_call() {
    let clock = ManualClock::new();
    let t = issuing(60);
    let client = scripted_client(t.clone(), Some(clock.clone()));
    client.get_user("user1").await.unwrap();
    clock.advance(Duration::from_secs(29));
    client.get_user("user1").await.unwrap();
    assert_eq!(
        t.count("/token"),
        1,
        "a 60 s token with a 300 s margin is kept for 30 s"
    );
    clock.advance(Duration::from_secs(2));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 2);
}

#[tokio::test]
async fn expires_in_zero_means_never() {
    let clock = ManualClock::new();
    let t = issuing(0);
    let client = scripted_client(t.clone(), Some(clock.clone()));
    client.get_user("user1").await.unwrap();
    clock.advance(Duration::from_secs(10 * 365 * 24 * 3600));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 1);
    let info = client.fetch_token().await.unwrap();
    assert_eq!(info.expires_in, None);
}

#[tokio::test]
async fn expires_in_is_seconds_not_milliseconds() {
    let clock = ManualClock::new();
    let t = issuing(5_184_000); // 60 days
    let client = scripted_client(t.clone(), Some(clock.clone()));
    client.get_user("user1").await.unwrap();
    clock.advance(Duration::from_secs(59 * 24 * 3600));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 1, "still valid after 59 days");
    clock.advance(Duration::from_secs(2 * 24 * 3600));
    client.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 2, "expired after 61 days");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_calls_share_one_token_fetch() {
    let grants = Arc::new(AtomicUsize::new(0));
    let g = grants.clone();
    let t = Scripted::with_delay(
        move |r, _| {
            if is_token(r) {
                let n = g.fetch_add(1, Ordering::SeqCst) + 1;
                resp(200, &token_body(n, 3600))
            } else {
                resp(200, USER_OK)
            }
        },
        Duration::from_millis(20),
    );
    let client = scripted_client(t.clone(), None);
    for r in concurrent_get_user(&client, 200, "user1").await {
        r.unwrap();
    }
    assert_eq!(grants.load(Ordering::SeqCst), 1);
    assert_eq!(t.count("/users/user1"), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_token_fetch_is_shared_not_repeated_by_every_waiter() {
    let t = Scripted::with_delay(
        |r, _| {
            if is_token(r) {
                resp(
                    400,
                    r#"{"error":"invalid_grant","error_description":"client_secret does not match"}"#,
                )
            } else {
                resp(200, USER_OK)
            }
        },
        Duration::from_millis(20),
    );
    let client = scripted_client(t.clone(), None);
    for r in concurrent_get_user(&client, 50, "user1").await {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert_eq!(e.server_code(), Some("invalid_grant"));
    }
    assert_eq!(t.count("/token"), 1, "the waiters share the one failure");
    assert_eq!(t.count("/users/user1"), 0);
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_replays_once() {
    let grants = Arc::new(AtomicUsize::new(0));
    let g = grants.clone();
    let t = Scripted::new(move |r, _| {
        if is_token(r) {
            let n = g.fetch_add(1, Ordering::SeqCst) + 1;
            return resp(200, &token_body(n, 3600));
        }
        match r.bearer.as_ref().map(|b| b.expose()) {
            Some("YWMt-token-1") => resp(
                401,
                r#"{"error":"unauthorized","error_description":"Unable to authenticate due to expired access token"}"#,
            ),
            _ => resp(200, USER_OK),
        }
    });
    let client = scripted_client(t.clone(), None);
    let u = client.get_user("user1").await.unwrap();
    assert_eq!(u.username, "user1");
    assert_eq!(grants.load(Ordering::SeqCst), 2);
    assert_eq!(bearers(&t), vec!["YWMt-token-1", "YWMt-token-2"]);
}

#[tokio::test]
async fn a_second_401_is_returned_not_replayed_again() {
    let t = Scripted::new(|r, n| {
        if is_token(r) {
            return resp(200, &token_body(n, 3600));
        }
        resp(
            401,
            r#"{"error":"auth_bad_access_token","error_description":"Unable to authenticate due to corrupt access token"}"#,
        )
    });
    let client = scripted_client(t.clone(), None);
    let e = client.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.server_code(), Some("auth_bad_access_token"));
    assert_eq!(t.count("/token"), 2, "one refresh");
    assert_eq!(t.count("/users/user1"), 2, "one replay, not two");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_lead_to_one_refresh() {
    let grants = Arc::new(AtomicUsize::new(0));
    let g = grants.clone();
    let t = Scripted::with_delay(
        move |r, _| {
            if is_token(r) {
                let n = g.fetch_add(1, Ordering::SeqCst) + 1;
                return resp(200, &token_body(n, 3600));
            }
            match r.bearer.as_ref().map(|b| b.expose()) {
                Some("YWMt-token-1") => resp(401, r#"{"error":"unauthorized"}"#),
                _ => resp(200, USER_OK),
            }
        },
        Duration::from_millis(5),
    );
    let client = scripted_client(t.clone(), None);
    client.fetch_token().await.unwrap();
    for r in concurrent_get_user(&client, 100, "user1").await {
        r.unwrap();
    }
    assert_eq!(
        grants.load(Ordering::SeqCst),
        2,
        "the revoked token is replaced once"
    );
}

#[tokio::test]
async fn token_fetches_are_floored() {
    let clock = ManualClock::new();
    let t = issuing(3600);
    let client = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .client_credentials("client-id", SECRET)
        .transport(t.clone())
        .clock(Arc::new(clock.clone()))
        .min_token_interval(Duration::from_secs(2))
        .build()
        .unwrap();
    client.fetch_token().await.unwrap();
    client.fetch_token().await.unwrap();
    assert_eq!(t.count("/token"), 2);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(2)],
        "the second fetch waited for the floor"
    );
}

#[tokio::test]
async fn a_fixed_token_is_used_as_is_and_never_refreshed() {
    let t = Scripted::new(|r, _| {
        if is_token(r) {
            return resp(500, "{}");
        }
        resp(
            401,
            r#"{"error":"unauthorized","error_description":"Unable to authenticate due to expired access token"}"#,
        )
    });
    let client = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .token("fixed-token-value")
        .transport(t.clone())
        .build()
        .unwrap();
    let e = client.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(t.count("/token"), 0);
    assert_eq!(t.count("/users/user1"), 1);
    assert_eq!(bearers(&t), vec!["fixed-token-value"]);
}

#[tokio::test]
async fn open_registration_sends_no_token_and_fetches_none() {
    let t = Scripted::new(|r, _| {
        if is_token(r) {
            panic!("open registration must not fetch a token");
        }
        resp(
            200,
            r#"{"action":"post","entities":[{"uuid":"x","username":"user1","activated":true}]}"#,
        )
    });
    let client = scripted_client(t.clone(), None);
    client
        .register_user_open("user1", "pw-1", None)
        .await
        .unwrap();
    let reqs = t.requests();
    assert_eq!(reqs.len(), 1);
    assert!(reqs[0].bearer.is_none());
    let body: serde_json::Value = serde_json::from_slice(reqs[0].body.as_ref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"username": "user1", "password": "pw-1"})
    );
}

#[tokio::test]
async fn a_client_without_credentials_says_so() {
    let t = Scripted::new(|_, _| resp(200, USER_OK));
    let client = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .transport(t.clone())
        .build()
        .unwrap();
    let e = client.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert_eq!(t.total(), 0);
}
