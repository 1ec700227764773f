//! Admin routes and fault injection.

mod common;

use chat_platform_emulator::{Emulator, EmulatorConfig};
use common::{send, Api};
use serde_json::json;

fn start() -> (Emulator, Api) {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let api = Api::new(&emu);
    (emu, api)
}

#[test]
fn admin_routes_over_http() {
    let (emu, api) = start();
    api.register(&["a1", "a2"]);
    assert_eq!(api.admin("GET", "health", None).body["status"], "ok");
    let s = api.admin("GET", "stats", None).body;
    assert_eq!(s["users"], 2);
    assert_eq!(s["token_grants"], 1);
    assert_eq!(s["requests"]["POST /users"], 1);
    assert_eq!(s["requests"]["POST /token"], 1);

    assert_eq!(
        api.admin(
            "POST",
            "presence",
            Some(json!({"username": "a1", "status": "online"}))
        )
        .status,
        200
    );
    assert_eq!(
        api.call("GET", "/users/a1/status", None).body["data"]["a1"],
        "online"
    );
    assert_eq!(
        api.admin(
            "POST",
            "presence",
            Some(json!({"username": "zz", "status": "online"}))
        )
        .status,
        404
    );
    assert_eq!(
        api.admin(
            "POST",
            "presence",
            Some(json!({"username": "a1", "status": "away"}))
        )
        .status,
        400
    );

    let r = api.admin(
        "POST",
        "offline_messages",
        Some(json!({"username": "a2", "messages": [{"id": "9", "status": "undelivered"}]})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        api.call("GET", "/users/a2/offline_msg_count", None).body["data"]["a2"],
        1
    );

    let r = api.admin(
        "POST",
        "config",
        Some(json!({"open_registration": false, "token_ttl_secs": 60})),
    );
    assert_eq!(r.body["open_registration"], false);
    assert_eq!(api.admin("GET", "config", None).body["token_ttl_secs"], 60);
    assert!(!emu.config().open_registration);
    assert_eq!(
        api.admin("POST", "config", Some(json!({"token_ttl_secs": "soon"})))
            .status,
        400
    );

    assert_eq!(api.admin("POST", "revoke_tokens", None).body["revoked"], 1);
    assert_eq!(api.call("GET", "/users/a1", None).status, 401);

    assert_eq!(api.admin("POST", "reset", None).status, 200);
    let s = api.admin("GET", "stats", None).body;
    assert_eq!(
        (s["users"].as_u64(), s["token_grants"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(
        emu.config().open_registration,
        "reset restores the start configuration"
    );
    assert_eq!(api.admin("GET", "nope", None).status, 404);
}

#[test]
fn scripted_faults_by_route_and_any_route() {
    let (emu, api) = start();
    api.register(&["f1"]);
    let r = api.admin(
        "POST",
        "faults",
        Some(json!({"rules": [
            {"route": "GET /users/{username}", "count": 2, "status": 503, "retry_after": "2"},
            {"count": 1, "status": 429, "error": "resource_limited"}
        ]})),
    );
    assert_eq!(r.status, 200);
    let a = api.call("GET", "/users/f1", None);
    assert_eq!((a.status, a.header("retry-after")), (503, Some("2")));
    assert_eq!(api.call("GET", "/users/f1", None).status, 503);
    // The route rule is spent; the any-route rule applies next.
    let q = api.call("GET", "/users/f1", None);
    assert_eq!(
        (q.status, q.error(), q.header("retry-after")),
        (429, "resource_limited", None)
    );
    assert!(q.description().contains("community edition"));
    assert_eq!(api.call("GET", "/users/f1", None).status, 200);
    assert_eq!(emu.stats().faults_injected, 3);
}

#[test]
fn dropped_connections_and_processing_before_the_fault() {
    let (emu, api) = start();
    api.admin(
        "POST",
        "faults",
        Some(json!({"rules": [
            {"route": "POST /users", "count": 1, "drop": true},
            {"route": "POST /users", "count": 1, "drop": true, "after_processing": true},
            {"route": "POST /users", "count": 1, "status": 502, "after_processing": true}
        ]})),
    );
    let b = |n: &str| json!({"username": n, "password": "p"}).to_string();
    assert!(
        api.raw("POST", "/users", Some(&api.token), b("x1").as_bytes())
            .is_err(),
        "dropped"
    );
    assert_eq!(
        emu.stats().users,
        0,
        "dropped before processing: nothing created"
    );
    assert!(api
        .raw("POST", "/users", Some(&api.token), b("x2").as_bytes())
        .is_err());
    assert_eq!(
        emu.stats().users,
        1,
        "dropped after processing: created, answer lost"
    );
    assert_eq!(
        api.raw("POST", "/users", Some(&api.token), b("x3").as_bytes())
            .unwrap()
            .status,
        502
    );
    assert_eq!(emu.stats().users, 2);
}

#[test]
fn latency_and_seeded_random_faults() {
    let (emu, api) = start();
    api.register(&["r1"]);
    api.admin(
        "POST",
        "faults",
        Some(json!({"rules": [{"route": "GET /users/{username}", "count": 1, "latency_ms": 300}]})),
    );
    let t0 = std::time::Instant::now();
    assert_eq!(api.call("GET", "/users/r1", None).status, 200);
    assert!(t0.elapsed() >= std::time::Duration::from_millis(300));

    let plan = json!({"random": {"seed": 11, "status_rate": 0.3, "statuses": [429, 503], "drop_rate": 0.1}});
    let run = || {
        emu.clear_faults();
        api.admin("POST", "faults", Some(plan.clone()));
        (0..200)
            .map(
                |_| match api.raw("GET", "/users/r1", Some(&api.token), b"") {
                    Ok(r) => r.status,
                    Err(_) => 0,
                },
            )
            .collect::<Vec<u16>>()
    };
    let a = run();
    assert_eq!(a, run(), "the same seed gives the same faults");
    let faults = a.iter().filter(|s| **s != 200).count();
    assert!((50..120).contains(&faults), "about 40% faults: {faults}");
    assert!(a.contains(&0) && a.contains(&429) && a.contains(&503));
    api.admin("DELETE", "faults", None);
    assert_eq!(api.call("GET", "/users/r1", None).status, 200);
}

#[test]
fn documented_rate_limits_on_request() {
    let (emu, api) = start();
    api.register(&["l1"]);
    api.admin("POST", "rate_limits", Some(json!({"enabled": true})));
    // Batch delete is limited to 30 per second.
    let statuses: Vec<u16> = (0..40)
        .map(|_| api.call("DELETE", "/users?limit=1", None).status)
        .collect();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(limited >= 5, "{statuses:?}");
    let r = api.call("DELETE", "/users?limit=1", None);
    if r.status == 429 {
        assert_eq!(r.error(), "too_many_requests");
    }
    let limited = emu.stats().rate_limited;
    assert!(limited >= 5);
    // Each refusal's time, so a benchmark tells a client's start from its
    // steady state.
    let times = api.admin("GET", "refusals", None).body["unix_ms"].clone();
    let times: Vec<u64> = serde_json::from_value(times).unwrap();
    assert_eq!(times.len() as u64, limited);
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(times
        .iter()
        .all(|t| now_ms.saturating_sub(*t) < 60_000 && *t <= now_ms));
    api.admin("POST", "rate_limits", Some(json!({"enabled": false})));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_ne!(api.call("GET", "/users?limit=1", None).status, 429);
    let _ = send;
}
