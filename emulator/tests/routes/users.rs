//! Tokens, registration, users, paging, deletion, passwords and push settings.

use crate::common::{send, Api};
use crate::start;
use chat_platform_emulator::EmulatorConfig;
use serde_json::json;

#[test]
fn token_grants_and_errors() {
    let (emu, api) = start();
    let path = format!("{}/token", api.prefix);
    let grant = |id: &str, secret: &str| {
        let b =
            json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret})
                .to_string();
        send(&api.addr, "POST", &path, None, Some(b.as_bytes())).unwrap()
    };
    let ok = grant(&emu.client_id(), &emu.client_secret());
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body["expires_in"], 5184000);
    assert!(ok.body["access_token"]
        .as_str()
        .unwrap()
        .starts_with("YWMt"));
    assert!(ok.body["application"].is_string());
    let bad_id = grant("nope", &emu.client_secret());
    assert_eq!(
        (bad_id.status, bad_id.error(), bad_id.description()),
        (400, "invalid_grant", "client_id does not match")
    );
    let bad_secret = grant(&emu.client_id(), "nope");
    assert_eq!(
        (bad_secret.status, bad_secret.description()),
        (400, "client_secret does not match")
    );
    let missing = grant("", "x");
    assert_eq!(
        (missing.status, missing.error(), missing.description()),
        (400, "illegal_argument", "client_id must be provided.")
    );
    assert_eq!(emu.stats().token_grants, 2, "Api::new and the first grant");
}

#[test]
fn register_single_batch_and_errors() {
    let (emu, api) = start();
    let r = api.call(
        "POST",
        "/users",
        Some(json!({"username": "User1", "password": "123", "nickname": "testuser"})),
    );
    assert_eq!(r.status, 200);
    for k in [
        "action",
        "application",
        "path",
        "uri",
        "entities",
        "timestamp",
        "duration",
        "organization",
        "applicationName",
    ] {
        assert!(
            r.body.get(k).is_some(),
            "register envelope has {k}: {}",
            r.raw
        );
    }
    let u = &r.body["entities"][0];
    assert_eq!(
        (
            u["username"].as_str(),
            u["type"].as_str(),
            u["activated"].as_bool(),
            u["nickname"].as_str()
        ),
        (Some("User1"), Some("user"), Some(true), Some("testuser"))
    );
    assert!(
        u["uuid"].as_str().unwrap().len() == 36 && u["created"].is_i64() && u["modified"].is_i64()
    );

    let dup = api.call(
        "POST",
        "/users",
        Some(json!({"username": "user1", "password": "x"})),
    );
    assert_eq!(
        (dup.status, dup.error()),
        (400, "duplicate_unique_property_exists")
    );
    assert!(
        dup.description().contains("value of user1 exists"),
        "{}",
        dup.raw
    );
    for k in [
        "error",
        "timestamp",
        "duration",
        "exception",
        "error_description",
    ] {
        assert!(dup.body.get(k).is_some(), "error body has {k}");
    }

    let cases = [
        (
            json!({"username": "a b", "password": "x"}),
            "username a b is not legal",
        ),
        (
            json!({"username": "x".repeat(65), "password": "x"}),
            "USERNAME_TOO_LONG",
        ),
        (
            json!({"username": "nick", "password": "x", "nickname": "n".repeat(101)}),
            "NICKNAME_TOO_LONG",
        ),
        (json!({"username": "nopw"}), "password or pin must provided"),
        (
            json!({"username": "0ffe2d80-ed76-11e8-8d66-279e3e1c214b", "password": "x"}),
            "is not legal",
        ),
        (
            json!({"username": 42, "password": "x"}),
            "username must be a string",
        ),
    ];
    for (body, want) in cases {
        let r = api.call("POST", "/users", Some(body));
        assert_eq!(
            (r.status, r.error()),
            (400, "illegal_argument"),
            "{}",
            r.raw
        );
        assert!(r.description().contains(want), "{} vs {want}", r.raw);
    }

    let batch: Vec<_> = ["b1", "USER1", "b2", "b1"]
        .iter()
        .map(|n| json!({"username": n, "password": "p"}))
        .collect();
    let r = api.call("POST", "/users", Some(json!(batch)));
    assert_eq!(r.status, 200, "{}", r.raw);
    let created: Vec<_> = r.body["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(created, ["b1", "b2"]);
    let failed = r.body["data"].as_array().unwrap();
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0]["username"], "USER1");
    assert!(failed[0]["registerUserFailReason"]
        .as_str()
        .unwrap()
        .contains("already exists"));

    let big: Vec<_> = (0..61)
        .map(|i| json!({"username": format!("big{i}"), "password": "p"}))
        .collect();
    let r = api.call("POST", "/users", Some(json!(big)));
    assert_eq!((r.status, r.error()), (400, "illegal_argument"));
    assert_eq!(r.description(), "Request body array size[61] had almost reached or been greater than the upper range value[60]");
    assert_eq!(emu.stats().users, 3);

    // Batch registration needs a token even when registration is open.
    let b = json!([{"username": "z1", "password": "p"}]).to_string();
    let r = api.raw("POST", "/users", None, b.as_bytes()).unwrap();
    assert_eq!((r.status, r.error()), (401, "unauthorized"));
}

#[test]
fn open_and_closed_registration() {
    let (emu, api) = start();
    let b = json!({"username": "open1", "password": "p"}).to_string();
    assert_eq!(
        api.raw("POST", "/users", None, b.as_bytes())
            .unwrap()
            .status,
        200
    );
    emu.set_config(EmulatorConfig {
        open_registration: false,
        ..emu.config()
    });
    let b = json!({"username": "open2", "password": "p"}).to_string();
    let r = api.raw("POST", "/users", None, b.as_bytes()).unwrap();
    assert_eq!(
        (r.status, r.error(), r.description()),
        (
            401,
            "unauthorized",
            "registration is not open, please contact the app admin"
        )
    );
    assert_eq!(
        api.raw("POST", "/users", Some(&api.token), b.as_bytes())
            .unwrap()
            .status,
        200
    );
}

#[test]
fn auth_errors() {
    let (emu, api) = start();
    api.register(&["u1"]);
    let r = api.raw("GET", "/users/u1", None, b"").unwrap();
    assert_eq!((r.status, r.error()), (401, "unauthorized"));
    assert!(
        r.description()
            .starts_with("Subject does not have permission"),
        "{}",
        r.raw
    );
    let r = api.raw("GET", "/users/u1", Some("garbage"), b"").unwrap();
    assert_eq!(
        (r.status, r.error(), r.description()),
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token"
        )
    );
    emu.revoke_tokens();
    let r = api.call("GET", "/users/u1", None);
    assert_eq!(
        (r.status, r.error(), r.description()),
        (
            401,
            "unauthorized",
            "Unable to authenticate due to expired access token"
        )
    );
    // Expiry by time.
    emu.set_config(EmulatorConfig {
        token_ttl_secs: 1,
        ..emu.config()
    });
    let api2 = Api::new(&emu);
    assert_eq!(api2.call("GET", "/users/u1", None).status, 200);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let r = api2.call("GET", "/users/u1", None);
    assert_eq!(
        (r.status, r.description()),
        (401, "Unable to authenticate due to expired access token")
    );
    // TTL 0: never expires.
    emu.set_config(EmulatorConfig {
        token_ttl_secs: 0,
        ..emu.config()
    });
    let api3 = Api::new(&emu);
    let r = send(&api3.addr, "POST", &format!("{}/token", api3.prefix), None, Some(json!({"grant_type":"client_credentials","client_id":emu.client_id(),"client_secret":emu.client_secret()}).to_string().as_bytes())).unwrap();
    assert_eq!(r.body["expires_in"], 0);
}

#[test]
fn get_is_case_insensitive_and_keeps_the_stored_spelling() {
    let (_emu, api) = start();
    api.register(&["MixedCase"]);
    for q in ["MixedCase", "mixedcase", "MIXEDCASE"] {
        let r = api.call("GET", &format!("/users/{q}"), None);
        assert_eq!(r.status, 200);
        assert_eq!(r.body["entities"][0]["username"], "MixedCase");
        assert_eq!(r.body["count"], 1);
    }
    let r = api.call("GET", "/users/nobody", None);
    assert_eq!(
        (r.status, r.error(), r.description()),
        (
            404,
            "service_resource_not_found",
            "Service resource not found"
        )
    );
}

#[test]
fn paging_in_creation_order_to_the_end() {
    let (_emu, api) = start();
    let names: Vec<String> = (0..25).map(|i| format!("p{i:02}")).collect();
    api.register(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let r = api.call("GET", "/users", None);
    assert_eq!(
        r.body["entities"].as_array().unwrap().len(),
        10,
        "default limit 10"
    );
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("/users?limit=7&cursor={c}"),
            None => "/users?limit=7".into(),
        };
        let r = api.call("GET", &q, None);
        assert_eq!(r.status, 200, "{}", r.raw);
        assert_eq!(r.body["params"]["limit"], json!(["7"]));
        seen.extend(
            r.body["entities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["username"].as_str().unwrap().to_owned()),
        );
        assert_eq!(
            r.body["count"].as_u64().unwrap() as usize,
            r.body["entities"].as_array().unwrap().len()
        );
        match r.body.get("cursor").and_then(|c| c.as_str()) {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, names, "every user once, in creation order");
    for bad in ["/users?limit=0", "/users?limit=x", "/users?cursor=***"] {
        let r = api.call("GET", bad, None);
        assert_eq!((r.status, r.error()), (400, "illegal_argument"), "{bad}");
    }
    // Over 100, the service caps the page at 100 rather than refusing.
    let r = api.call("GET", "/users?limit=101", None);
    assert_eq!(r.status, 200);
}

#[test]
fn delete_one_and_batch_delete_oldest() {
    let (emu, api) = start();
    api.register(&["d1", "d2", "d3", "d4", "d5"]);
    let r = api.call("DELETE", "/users/D2", None);
    assert_eq!((r.status, r.body["action"].as_str()), (200, Some("delete")));
    assert_eq!(r.body["entities"][0]["username"], "d2");
    assert_eq!(api.call("DELETE", "/users/d2", None).status, 404);
    let r = api.call("DELETE", "/users?limit=2", None);
    let gone: Vec<_> = r.body["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(gone, ["d1", "d3"]);
    assert!(r.body["cursor"].is_string());
    assert_eq!(r.body["params"]["limit"], json!(["2"]));
    assert_eq!(emu.stats().users, 2);
}

#[test]
fn batch_delete_takes_up_to_500_as_the_reference_recommends() {
    let (emu, api) = start();
    emu.preload("many", 620);
    let r = api.call("DELETE", "/users?limit=500", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.body["entities"].as_array().unwrap().len(), 500);
    let r = api.call("DELETE", "/users?limit=501", None);
    assert_eq!((r.status, r.error()), (400, "illegal_argument"));
    assert_eq!(emu.stats().users, 120);
}

#[test]
fn password_and_push_settings() {
    let (_emu, api) = start();
    api.register(&["s1"]);
    let r = api.call(
        "PUT",
        "/users/s1/password",
        Some(json!({"newpassword": "new"})),
    );
    assert_eq!(
        (r.status, r.body["action"].as_str()),
        (200, Some("set user password"))
    );
    let r = api.call("PUT", "/users/s1/password", Some(json!({})));
    assert_eq!(
        (r.status, r.error(), r.description()),
        (400, "illegal_argument", "\"newpassword is required\"")
    );
    let r = api.call(
        "PUT",
        "/users/ghost/password",
        Some(json!({"newpassword": "x"})),
    );
    assert_eq!(
        (r.status, r.error(), r.description()),
        (404, "entity_not_found", "User null not found")
    );
    let r = api.call("PUT", "/users/s1", Some(json!({"nickname": "Nick"})));
    assert_eq!(r.body["entities"][0]["nickname"], "Nick");
    let r = api.call(
        "PUT",
        "/users/s1",
        Some(json!({"notification_display_style": "1"})),
    );
    assert_eq!(r.body["entities"][0]["notification_display_style"], 1);
    let r = api.call("PUT", "/users/s1", Some(json!({"notification_no_disturbing": true, "notification_no_disturbing_start": "1", "notification_no_disturbing_end": "3"})));
    let u = &r.body["entities"][0];
    assert_eq!(
        (
            u["notification_no_disturbing"].as_bool(),
            u["notification_no_disturbing_start"].as_u64(),
            u["notification_no_disturbing_end"].as_u64()
        ),
        (Some(true), Some(1), Some(3))
    );
    let r = api.call(
        "PUT",
        "/users/s1",
        Some(json!({"notification_no_disturbing": false})),
    );
    assert_eq!(r.body["entities"][0]["notification_no_disturbing"], false);
    let r = api.call("GET", "/users/s1", None);
    assert_eq!(r.body["entities"][0]["nickname"], "Nick");
    assert_eq!(r.body["entities"][0]["notification_display_style"], 1);
    for bad in [
        json!({"notification_display_style": 2}),
        json!({"notification_no_disturbing_start": 24}),
        json!({"nickname": 5}),
    ] {
        assert_eq!(api.call("PUT", "/users/s1", Some(bad)).status, 400);
    }
    let r = api.call("PUT", "/users/ghost", Some(json!({"nickname": "x"})));
    assert_eq!((r.status, r.error()), (400, "required_property_not_found"));
}
