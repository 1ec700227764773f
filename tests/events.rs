//! The event hook: one event per attempt and per call, with the route (never
//! a user name), the status, the service's code, why an attempt is retried;
//! the token's fetches as calls of their own; a hook that panics changes nothing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chat_platform::events::{AttemptEvent, CallEvent, RetryReason};
use chat_platform::{Client, ErrorKind, Event};
use chat_platform_emulator::{Emulator, EmulatorConfig, Fault, FaultPlan, FaultRule};

fn watched(emu: &Emulator) -> (Client, Arc<Mutex<Vec<Event>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let c = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
        .retry_base_delay(Duration::from_millis(5))
        .on_event(move |e| sink.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    (c, seen)
}

fn taken(seen: &Mutex<Vec<Event>>) -> (Vec<AttemptEvent>, Vec<CallEvent>) {
    let mut attempts = Vec::new();
    let mut calls = Vec::new();
    for e in seen.lock().unwrap().drain(..) {
        match e {
            Event::Attempt(a) => attempts.push(a),
            Event::Call(c) => calls.push(c),
            other => panic!("unexpected {other:?}"),
        }
    }
    (attempts, calls)
}

#[tokio::test]
async fn each_attempt_and_call_is_an_event_with_its_route() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let (c, seen) = watched(&emu);
    let e = c.get_user("ghost-user").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let (attempts, calls) = taken(&seen);
    let ops: Vec<_> = calls.iter().map(|c| c.operation).collect();
    assert_eq!(
        ops,
        ["fetch_token", "get_user"],
        "the token's fetch is a call of its own"
    );
    assert_eq!(calls[0].route, "/token");
    assert_eq!(calls[0].status, Some(200));
    assert_eq!(calls[0].error, None);
    let get = &calls[1];
    assert_eq!((get.method, get.route), ("GET", "/users/{username}"));
    assert_eq!(
        (get.attempts, get.status, get.error),
        (1, Some(404), Some(ErrorKind::NotFound))
    );
    assert!(get.server_code.is_some(), "{get:?}");
    assert!(get.duration >= attempts[1].duration);
    let a = &attempts[1];
    assert_eq!(
        (a.operation, a.attempt, a.status, a.retry),
        ("get_user", 1, Some(404), None)
    );
    assert_eq!(a.server_code, get.server_code);
    let shown = format!("{attempts:?} {calls:?}");
    for secret in [
        "ghost-user".to_owned(),
        emu.client_secret(),
        emu.client_id().to_owned(),
    ] {
        assert!(!shown.contains(&secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn a_retried_attempt_says_why_and_after_how_long() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let (c, seen) = watched(&emu);
    c.register_user("alice", "pw-12345", None).await.unwrap();
    taken(&seen);
    emu.set_faults(FaultPlan {
        rules: vec![FaultRule {
            route: Some("GET /users/{username}".into()),
            count: 1,
            fault: Fault {
                status: Some(503),
                ..Fault::default()
            },
        }],
        random: None,
    });
    c.get_user("alice").await.unwrap();
    let (attempts, calls) = taken(&seen);
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let retry = attempts[0].retry.expect("the first attempt is retried");
    assert_eq!(retry.reason, RetryReason::ServerError);
    assert_eq!(retry.reason.name(), "server_error");
    assert_eq!(attempts[0].status, Some(503));
    assert_eq!(attempts[0].error, Some(ErrorKind::Server));
    assert_eq!(
        (attempts[1].attempt, attempts[1].status, attempts[1].retry),
        (2, Some(200), None)
    );
    assert_eq!(
        (calls[0].attempts, calls[0].status, calls[0].error),
        (2, Some(200), None)
    );
}

#[tokio::test]
async fn a_rejected_token_is_an_attempt_retried_after_a_new_fetch() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let (c, seen) = watched(&emu);
    c.register_user("bob", "pw-12345", None).await.unwrap();
    taken(&seen);
    emu.revoke_tokens();
    c.get_user("bob").await.unwrap();
    let (attempts, calls) = taken(&seen);
    let first = &attempts[0];
    assert_eq!((first.operation, first.status), ("get_user", Some(401)));
    assert_eq!(
        first.retry.map(|r| r.reason),
        Some(RetryReason::TokenRejected)
    );
    let ops: Vec<_> = calls.iter().map(|c| c.operation).collect();
    assert_eq!(ops, ["fetch_token", "get_user"]);
}

#[tokio::test]
async fn a_hook_that_panics_changes_nothing() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let c = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
        .on_event(|_| panic!("a hook that panics"))
        .build()
        .unwrap();
    c.register_user("carol", "pw-12345", None).await.unwrap();
    assert_eq!(c.get_user("carol").await.unwrap().username, "carol");
}
