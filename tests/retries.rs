//! Every retry rule, including what must not be retried.

mod common;

use std::time::Duration;

use chat_platform::clock::ManualClock;
use chat_platform::transport::FailureStage;
use chat_platform::{Client, ErrorKind, NewUser, RetryPolicy};
use common::*;

const ERR_429: &str = r#"{"error":"too_many_requests","error_description":"slow down"}"#;
const QUOTA: &str = r#"{"error":"resource_limited","error_description":"You have exceeded the limit of the community edition"}"#;
const REG_OK: &str =
    r#"{"action":"post","entities":[{"uuid":"x","username":"user1","activated":true}],"data":[]}"#;

/// Fails the first `n` non-token requests with `fail`, then answers `ok`.
fn failing_first(
    n: usize,
    fail: fn() -> chat_platform::transport::TransportResult,
    ok: &'static str,
) -> std::sync::Arc<Scripted> {
    let seen = std::sync::atomic::AtomicUsize::new(0);
    Scripted::new(move |r, _| {
        if is_token(r) {
            return resp(200, TOKEN_OK);
        }
        if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < n {
            fail()
        } else {
            resp(200, ok)
        }
    })
}

#[tokio::test]
async fn rate_limited_429_is_retried_for_every_method() {
    let t = failing_first(2, || resp(429, ERR_429), REG_OK);
    let c = scripted_client(t.clone(), None);
    c.register_user("user1", "pw-1", None).await.unwrap();
    assert_eq!(t.count("/users"), 3, "a POST is retried after 429");
}

#[tokio::test]
async fn quota_429_is_never_retried() {
    let t = failing_first(5, || resp(429, QUOTA), USER_OK);
    let c = scripted_client(t.clone(), None);
    let e = c.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(!e.is_retryable());
    assert_eq!(t.count("/users/user1"), 1);
}

#[tokio::test]
async fn unavailable_503_is_retried_for_every_method() {
    let t = failing_first(2, || resp(503, "{}"), REG_OK);
    let c = scripted_client(t.clone(), None);
    c.register_user("user1", "pw-1", None).await.unwrap();
    assert_eq!(t.count("/users"), 3);
}

#[tokio::test]
async fn ambiguous_5xx_is_retried_for_get_put_delete() {
    for status in [500u16, 502, 504] {
        let t = Scripted::new(move |r, n| {
            if is_token(r) {
                return resp(200, TOKEN_OK);
            }
            if n < 3 {
                resp(status, "{}")
            } else {
                resp(200, USER_OK)
            }
        });
        let c = scripted_client(t.clone(), None);
        c.get_user("user1").await.unwrap();
        assert_eq!(t.count("/users/user1"), 3, "GET after {status}");

        let t = failing_first(1, || resp(502, "{}"), USER_OK);
        let c = scripted_client(t.clone(), None);
        c.set_push_nickname("user1", "nick").await.unwrap();
        assert_eq!(t.count("/users/user1"), 2, "PUT after 502");

        let t = failing_first(1, || resp(504, "{}"), USER_OK);
        let c = scripted_client(t.clone(), None);
        c.delete_user("user1").await.unwrap();
        assert_eq!(t.count("/users/user1"), 2, "DELETE after 504");
    }
}

#[tokio::test]
async fn ambiguous_5xx_is_retried_by_what_a_repeat_does() {
    for status in [500u16, 502, 504] {
        // A create is repeated (a repeat finds it existing, never makes two);
        // the error it ends with says the outcome is unknown.
        let t = Scripted::new(move |r, _| {
            if is_token(r) {
                resp(200, TOKEN_OK)
            } else {
                resp(status, "{}")
            }
        });
        let c = scripted_client(t.clone(), None);
        let e = c.register_user("user1", "pw-1", None).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(e.status(), Some(status));
        assert!(e.is_retryable(), "the caller may decide to retry");
        assert!(e.is_uncertain(), "{e}");
        assert_eq!(t.count("/users"), 6, "POST /users repeated after {status}");

        // A set-like POST too.
        let t = Scripted::new(move |r, _| {
            if is_token(r) {
                resp(200, TOKEN_OK)
            } else {
                resp(status, "{}")
            }
        });
        let c = scripted_client(t.clone(), None);
        c.add_contact("user1", "user2").await.unwrap_err();
        assert_eq!(t.count("/contacts/users/user2"), 6);
    }
}

#[tokio::test]
async fn batch_delete_is_not_repeated_after_an_ambiguous_failure() {
    let t = failing_first(1, || resp(502, "{}"), r#"{"entities":[]}"#);
    let c = scripted_client(t.clone(), None);
    let e = c.delete_oldest_users(5).await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    assert_eq!(
        t.count("/users"),
        1,
        "a repeat would delete five more users"
    );
    // But "not processed" answers are safe to repeat.
    let t = failing_first(1, || resp(503, "{}"), r#"{"entities":[]}"#);
    let c = scripted_client(t.clone(), None);
    c.delete_oldest_users(5).await.unwrap();
    assert_eq!(t.count("/users"), 2);
}

#[tokio::test]
async fn batch_register_is_repeated_after_an_ambiguous_failure_and_says_so() {
    // First attempt: processed but the answer was lost (502). The repeat finds the user existing.
    let t = Scripted::new(|r, n| {
        if is_token(r) {
            return resp(200, TOKEN_OK);
        }
        if n == 1 {
            resp(502, "{}")
        } else {
            resp(
                200,
                r#"{"entities":[],"data":[{"username":"user1","registerUserFailReason":"the user1 already exists"}]}"#,
            )
        }
    });
    let c = scripted_client(t.clone(), None);
    let report = c
        .register_users(&[NewUser::new("user1", "pw-1")])
        .await
        .unwrap();
    assert_eq!(t.count("/users"), 2);
    assert!(report.created.is_empty());
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].kind, ErrorKind::Conflict);
    assert!(
        report.failed[0].reason.contains("may have created"),
        "{}",
        report.failed[0].reason
    );
}

#[tokio::test]
async fn connection_refused_is_retried_for_every_method() {
    let t = failing_first(2, || broken(FailureStage::Connect), REG_OK);
    let c = scripted_client(t.clone(), None);
    c.register_user("user1", "pw-1", None).await.unwrap();
    assert_eq!(t.count("/users"), 3);
}

#[tokio::test]
async fn broken_after_sending_is_retried_only_when_safe() {
    let t = failing_first(2, || broken(FailureStage::AfterSend), USER_OK);
    let c = scripted_client(t.clone(), None);
    c.get_user("user1").await.unwrap();
    assert_eq!(t.count("/users/user1"), 3);

    // A create is safe to repeat: the repeat creates it or finds it.
    let t = failing_first(1, || broken(FailureStage::AfterSend), REG_OK);
    let c = scripted_client(t.clone(), None);
    c.register_user("user1", "pw-1", None).await.unwrap();
    assert_eq!(t.count("/users"), 2);

    // The batch delete is not.
    let t = failing_first(1, || broken(FailureStage::AfterSend), r#"{"entities":[]}"#);
    let c = scripted_client(t.clone(), None);
    let e = c.delete_oldest_users(3).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(e.is_uncertain());
    assert_eq!(t.count("/users"), 1);
}

#[tokio::test]
async fn timeouts_are_transport_errors_retried_only_when_safe() {
    fn timeout() -> chat_platform::transport::TransportResult {
        Err(chat_platform::transport::TransportError {
            stage: FailureStage::AfterSend,
            timeout: true,
            message: "timed out".into(),
        })
    }
    let t = failing_first(10, timeout, USER_OK);
    let c = scripted_client(t.clone(), None);
    let e = c.get_user("user1").await.unwrap_err();
    assert!(e.is_timeout());
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(t.count("/users/user1"), 6, "default max_attempts");
    assert_eq!(e.attempts(), 6);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for (status, body) in [
        (
            400,
            r#"{"error":"illegal_argument","error_description":"username x is not legal"}"#,
        ),
        (401, r#"{"error":"unauthorized"}"#),
        (
            403,
            r#"{"error":"exceed_limit","error_description":"user contact number exceed limit"}"#,
        ),
        (
            404,
            r#"{"error":"service_resource_not_found","error_description":"Service resource not found"}"#,
        ),
        (413, r#"{"error":"request_entity_too_large"}"#),
    ] {
        let t = Scripted::new(move |r, _| {
            if is_token(r) {
                resp(200, TOKEN_OK)
            } else {
                resp(status, body)
            }
        });
        let c = Client::builder()
            .base_url("https://api.example.test")
            .app_key("test-org#test-app")
            .token("fixed-token")
            .transport(t.clone())
            .build()
            .unwrap();
        let e = c.get_user("user1").await.unwrap_err();
        assert_eq!(e.status(), Some(status));
        assert_eq!(t.count("/users/user1"), 1, "{status} is final");
    }
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let clock = ManualClock::new();
    let t = failing_first(1, || resp_after(429, "7", ERR_429), USER_OK);
    let c = scripted_client(t.clone(), Some(clock.clone()));
    c.get_user("user1").await.unwrap();
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(
        sleeps[0] >= Duration::from_secs(7)
            && sleeps[0] < Duration::from_secs(7) + Duration::from_millis(2),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let clock = ManualClock::new();
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    let t = Scripted::new(move |r, n| {
        if is_token(r) {
            return resp(200, TOKEN_OK);
        }
        if n == 1 {
            resp_after(503, &when, "{}")
        } else {
            resp(200, USER_OK)
        }
    });
    let c = scripted_client(t.clone(), Some(clock.clone()));
    c.get_user("user1").await.unwrap();
    let s = clock.sleeps()[0];
    assert!(
        s > Duration::from_secs(25) && s <= Duration::from_secs(31),
        "{s:?}"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_ends_retries_with_the_hint() {
    let clock = ManualClock::new();
    let t = failing_first(1, || resp_after(429, "3600", ERR_429), USER_OK);
    let c = scripted_client(t.clone(), Some(clock.clone()));
    let e = c.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(t.count("/users/user1"), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn backoff_grows_with_full_jitter_and_attempts_are_bounded() {
    let clock = ManualClock::new();
    let t = failing_first(100, || resp(503, "{}"), USER_OK);
    let c = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .token("fixed-token")
        .transport(t.clone())
        .clock(std::sync::Arc::new(clock.clone()))
        // Only the backoff's waits: a jittered wait shorter than the pacer's
        // interval would add one of the pacer's.
        .rate_limits(None)
        .retry_policy(RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(60),
        })
        .build()
        .unwrap();
    let e = c.get_user("user1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.attempts(), 5);
    assert_eq!(t.count("/users/user1"), 5);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 4);
    for (i, s) in sleeps.iter().enumerate() {
        let cap = Duration::from_millis(100 << i).min(Duration::from_secs(1));
        assert!(*s < cap, "retry {} waited {s:?}, cap {cap:?}", i + 1);
    }
}

#[tokio::test]
async fn total_retry_time_is_bounded() {
    let clock = ManualClock::new();
    let t = failing_first(100, || resp_after(503, "10", "{}"), USER_OK);
    let c = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .token("fixed-token")
        .transport(t.clone())
        .clock(std::sync::Arc::new(clock.clone()))
        .retry_policy(RetryPolicy {
            max_attempts: 100,
            max_elapsed: Duration::from_secs(35),
            ..RetryPolicy::default()
        })
        .request_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    c.get_user("user1").await.unwrap_err();
    // Waits of ~10 s each: 3 fit in 35 s, the 4th would not.
    assert_eq!(t.count("/users/user1"), 4);

    // The call's time bound ends it too: 2 waits fit in 25 s, the 3rd would not.
    let t = failing_first(100, || resp_after(503, "10", "{}"), USER_OK);
    let c = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .token("fixed-token")
        .transport(t.clone())
        .clock(std::sync::Arc::new(ManualClock::new()))
        .max_attempts(100)
        .request_timeout(Duration::from_secs(25))
        .build()
        .unwrap();
    let e = c.get_user("user1").await.unwrap_err();
    assert_eq!(t.count("/users/user1"), 3);
    assert_eq!(e.status(), Some(503), "the last answer, not a timeout: {e}");
}

#[tokio::test]
async fn the_token_request_is_retried_too() {
    let t = Scripted::new(|r, n| {
        if is_token(r) {
            return if n == 0 {
                resp(503, "{}")
            } else {
                resp(200, TOKEN_OK)
            };
        }
        resp(200, USER_OK)
    });
    let c = scripted_client(t.clone(), None);
    c.get_user("user1").await.unwrap();
    assert_eq!(t.count("/token"), 2);
}
