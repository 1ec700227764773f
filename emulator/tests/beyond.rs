//! The routes beyond the reference: user tokens (and what they may call),
//! the agora grant, devices, attributes, mutes, contact pages, push.

mod common;

use chat_platform_emulator::{Emulator, EmulatorConfig};
use common::{send, send_typed, Api};
use serde_json::{json, Value};

fn start() -> (Emulator, Api) {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let api = Api::new(&emu);
    (emu, api)
}

fn token(api: &Api, body: Value, bearer: Option<&str>) -> common::Resp {
    let path = format!("{}/token", api.prefix);
    send(
        &api.addr,
        "POST",
        &path,
        bearer,
        Some(body.to_string().as_bytes()),
    )
    .unwrap()
}

#[test]
fn user_tokens_are_users_not_admins() {
    let (_emu, api) = start();
    api.register(&["alice", "bob"]);
    let r = token(
        &api,
        json!({"grant_type": "password", "username": "ALICE", "password": "pw", "ttl": "3600"}),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.raw);
    assert_eq!(r.body["expires_in"], 3600);
    assert_eq!(r.body["user"]["username"], "alice");
    let user_token = r.body["access_token"].as_str().unwrap().to_owned();
    let wrong = token(
        &api,
        json!({"grant_type": "password", "username": "alice", "password": "nope"}),
        None,
    );
    assert_eq!((wrong.status, wrong.error()), (400, "invalid_grant"));
    let ghost = token(
        &api,
        json!({"grant_type": "password", "username": "ghost", "password": "pw"}),
        None,
    );
    assert_eq!((ghost.status, ghost.error()), (404, "invalid_grant"));
    // A user token is refused on admin routes...
    let admin = api
        .raw("GET", "/users/bob", Some(&user_token), b"")
        .unwrap();
    assert_eq!(admin.status, 401, "{}", admin.raw);
    let inherit = token(
        &api,
        json!({"grant_type": "inherit", "username": "bob", "autoCreateUser": false}),
        Some(&user_token),
    );
    assert_eq!(inherit.status, 401, "the inherit grant needs the app token");
    // ...but sets and reads its own attributes, and not another user's.
    let own = send_typed(
        &api.addr,
        "PUT",
        &format!("{}/metadata/user/alice", api.prefix),
        Some(&user_token),
        "application/x-www-form-urlencoded",
        Some(b"nickname=Al+A&ext=a%26b"),
    )
    .unwrap();
    assert_eq!(own.status, 200, "{}", own.raw);
    assert_eq!(own.body["data"], json!({"nickname": "Al A", "ext": "a&b"}));
    let other = send_typed(
        &api.addr,
        "PUT",
        &format!("{}/metadata/user/bob", api.prefix),
        Some(&user_token),
        "application/x-www-form-urlencoded",
        Some(b"k=v"),
    )
    .unwrap();
    assert_eq!((other.status, other.error()), (401, "metadata_error"));
    let json_body = api.call("PUT", "/metadata/user/alice", Some(json!({"k": "v"})));
    assert_eq!(
        json_body.status, 400,
        "attributes are form-encoded: {}",
        json_body.raw
    );
    // The inherit grant with the app token, creating a user on request.
    let created = token(
        &api,
        json!({"grant_type": "inherit", "username": "carol", "autoCreateUser": true, "ttl": 60}),
        Some(&api.token),
    );
    assert_eq!(
        (created.status, created.body["expires_in"].clone()),
        (200, json!(60))
    );
    assert_eq!(api.call("GET", "/users/carol", None).status, 200);
    let missing = token(
        &api,
        json!({"grant_type": "inherit", "username": "dave", "autoCreateUser": false}),
        Some(&api.token),
    );
    assert_eq!((missing.status, missing.error()), (404, "entity_not_found"));
    let ttl = token(
        &api,
        json!({"grant_type": "client_credentials", "client_id": "YXA6emulator-client-id",
        "client_secret": "YXA6emulator-client-secret", "ttl": 120}),
        None,
    );
    assert_eq!(
        ttl.body["expires_in"], 120,
        "the client-credentials grant honours ttl"
    );
}

#[test]
fn the_agora_grant_checks_the_accesstoken2_it_is_given() {
    let (_emu, api) = start();
    // Not AccessToken2, and a real one signed with another certificate (the
    // published vector's app ID and certificate, not the emulator's).
    let vector = "007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZgZgJzGdgAACt8hhr";
    for bearer in ["YWMt-not-an-agora-token", vector] {
        let r = token(&api, json!({"grant_type": "agora"}), Some(bearer));
        assert_eq!(
            (r.status, r.error()),
            (401, "auth_bad_access_token"),
            "{bearer}"
        );
    }
    let none = token(&api, json!({"grant_type": "agora"}), None);
    assert_eq!(none.status, 401);
}

#[test]
fn devices_attributes_mutes_contacts_push() {
    let (_emu, api) = start();
    api.register(&["alice", "bob", "carol"]);
    let set = api.admin(
        "POST",
        "devices",
        Some(json!({"username": "alice", "devices": [{"resource": "ios_9"}]})),
    );
    assert_eq!(set.status, 200);
    assert_eq!(
        api.call("GET", "/users/alice/resources", None).body["data"][0]["res"],
        "ios_9"
    );
    // The docs say DELETE, the Java SDK sends GET: both log the device out.
    assert_eq!(
        api.call("GET", "/users/alice/disconnect/ios_9", None).body["data"]["result"],
        true
    );
    assert_eq!(
        api.call("DELETE", "/users/alice/disconnect/ios_9", None)
            .body["data"]["result"],
        false
    );
    assert_eq!(api.call("GET", "/users/ghost/resources", None).status, 404);

    let big = format!("sign={}", "s".repeat(2100));
    let over = send_typed(
        &api.addr,
        "PUT",
        &format!("{}/metadata/user/bob", api.prefix),
        Some(&api.token),
        "application/x-www-form-urlencoded",
        Some(big.as_bytes()),
    )
    .unwrap();
    assert_eq!(
        (over.status, over.error()),
        (403, "forbidden"),
        "the 2 KB per user"
    );
    let targets: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let batch = api.call(
        "POST",
        "/metadata/user/get",
        Some(json!({"targets": targets, "properties": ["k"]})),
    );
    assert_eq!(
        (batch.status, batch.description()),
        (400, "exceed allowed batch size 100")
    );

    let bad = api.call(
        "POST",
        "/mutes",
        Some(json!({"username": "bob", "chat": -2})),
    );
    assert_eq!(bad.status, 400);
    let page = api.call("GET", "/mutes?pageNum=1&pageSize=51", None);
    assert_eq!(page.status, 400, "pageSize is 1-50");

    api.call("POST", "/users/alice/contacts/users/bob", None);
    let r = api.call(
        "PUT",
        "/user/alice/contacts/users/carol",
        Some(json!({"remark": "x"})),
    );
    assert_eq!(
        (r.status, r.description()),
        (
            400,
            "updateRemark they are not friends, please add as a friend first."
        )
    );
    let r = api.call("GET", "/user/alice/contacts?limit=51", None);
    assert_eq!(
        r.description(),
        "getContacts | page size more than max limit : 50"
    );

    let fifty_one: Vec<Value> = (0..51)
        .map(|i| json!({"username": format!("u{i}"), "push_nickname": "n"}))
        .collect();
    let r = api.call("PUT", "/push/nickname", Some(Value::Array(fifty_one)));
    assert_eq!(
        (r.status, r.description()),
        (400, "put user push nicknames exceeds the limit")
    );
    let r = api.call(
        "PUT",
        "/users/alice/notification/user/alice",
        Some(json!({"type": "DEFAULT"})),
    );
    assert_eq!(r.status, 400, "DEFAULT is for conversations only");
    let r = api.call(
        "PUT",
        "/users/alice/notification/chatgroup/123",
        Some(json!({"ignoreDuration": 60000})),
    );
    let until = r.body["data"]["ignoreDuration"].as_i64().unwrap();
    assert!(
        until > r.body["timestamp"].as_i64().unwrap(),
        "the answer is the period's end: {}",
        r.raw
    );
    // The community Go SDK always sends every field, the unset ones empty.
    let r = api.call(
        "PUT",
        "/users/alice/notification/user/bob",
        Some(json!({"type": "", "ignoreInterval": "", "ignoreDuration": 3_600_000})),
    );
    assert_eq!(r.status, 200, "an empty type is not a type: {}", r.raw);
    let r = api.call("GET", "/users/alice/notification/weird/123", None);
    assert_eq!(r.status, 404, "only user and chatgroup conversations");
}
