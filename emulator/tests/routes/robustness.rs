//! Bad input and concurrent use.

use crate::common::send;
use crate::start;
use serde_json::json;

#[test]
fn bad_input_never_crashes_it() {
    let (emu, api) = start();
    api.register(&["ok1"]);
    let token = api.token.clone();
    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("POST", "/users", b"{not json".to_vec(), 400),
        ("POST", "/users", b"".to_vec(), 400),
        ("POST", "/users", b"42".to_vec(), 400),
        ("POST", "/users", b"[1, 2]".to_vec(), 400),
        (
            "POST",
            "/users",
            br#"{"username": ["x"], "password": "p"}"#.to_vec(),
            400,
        ),
        ("PUT", "/users/ok1", b"[]".to_vec(), 400),
        (
            "PUT",
            "/users/ok1/password",
            br#"{"newpassword": 5}"#.to_vec(),
            400,
        ),
        (
            "POST",
            "/users/ok1/blocks/users",
            br#"{"usernames": "ok1"}"#.to_vec(),
            400,
        ),
        (
            "POST",
            "/users/batch/status",
            br#"{"usernames": [1]}"#.to_vec(),
            400,
        ),
        ("POST", "/users", vec![b' '; 2 << 20], 413),
        ("GET", "/no/such/route", vec![], 404),
        ("PATCH", "/users/ok1", vec![], 405),
        ("GET", "/users/%ff%fe", vec![], 404),
    ];
    for (m, p, body, status) in cases {
        let r = api.raw(m, p, Some(&token), &body).unwrap();
        assert_eq!(r.status, status, "{m} {p}: {}", r.raw);
        assert!(
            r.body["error"].is_string() && r.body["error_description"].is_string(),
            "{m} {p}: {}",
            r.raw
        );
    }
    let r = send(
        &api.addr,
        "GET",
        "/wrong-org/wrong-app/users",
        Some(&token),
        None,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.error()),
        (404, "organization_application_not_found")
    );
    assert!(r
        .description()
        .starts_with("Could not find application for wrong-org/wrong-app from URI:"));
    assert_eq!(
        api.call("GET", "/users/ok1", None).status,
        200,
        "still serving"
    );
    assert!(emu.stats().total_requests > 10);
}

#[test]
fn safe_under_concurrent_use() {
    let (emu, api) = start();
    let api = std::sync::Arc::new(api);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let api = api.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let name = format!("t{t}u{i}");
                    let r = api.call(
                        "POST",
                        "/users",
                        Some(json!({"username": name, "password": "p"})),
                    );
                    assert_eq!(r.status, 200);
                    // Everyone also races for one shared name.
                    api.call(
                        "POST",
                        "/users",
                        Some(json!({"username": "shared", "password": "p"})),
                    );
                    assert_eq!(api.call("GET", &format!("/users/{name}"), None).status, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(
        emu.stats().users,
        8 * 25 + 1,
        "the shared name exists exactly once"
    );
    assert!(emu.stats().concurrent_peak >= 1);
}
