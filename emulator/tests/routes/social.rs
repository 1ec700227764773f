//! Contacts, blocklists, presence, offline messages and account state.

use crate::start;
use chat_platform_emulator::EmulatorConfig;
use serde_json::json;

#[test]
fn contacts_blocks_and_their_limits() {
    let (emu, api) = start();
    let names: Vec<String> = (0..12).map(|i| format!("c{i}")).collect();
    api.register(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let r = api.call("POST", "/users/c0/contacts/users/C1", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.body["entities"][0]["username"], "c1");
    assert!(r.body["path"].as_str().unwrap().ends_with("/contacts"));
    assert_eq!(
        api.call("POST", "/users/c0/contacts/users/ghost", None)
            .status,
        404
    );
    assert_eq!(
        api.call("POST", "/users/ghost/contacts/users/c1", None)
            .status,
        404
    );
    api.call("POST", "/users/c0/contacts/users/c2", None);
    let r = api.call("GET", "/users/c0/contacts/users", None);
    assert_eq!(r.body["data"], json!(["c1", "c2"]));
    assert_eq!(r.body["count"], 2);
    let r = api.call("DELETE", "/users/c0/contacts/users/c1", None);
    assert_eq!(r.body["entities"][0]["username"], "c1");
    assert_eq!(
        api.call("GET", "/users/c0/contacts/users", None).body["data"],
        json!(["c2"])
    );

    emu.set_config(EmulatorConfig {
        contact_limit: 3,
        block_limit: 4,
        ..emu.config()
    });
    for c in ["c3", "c4"] {
        assert_eq!(
            api.call("POST", &format!("/users/c0/contacts/users/{c}"), None)
                .status,
            200
        );
    }
    let r = api.call("POST", "/users/c0/contacts/users/c5", None);
    assert_eq!(
        (r.status, r.error(), r.description()),
        (403, "exceed_limit", "user contact number exceed limit")
    );

    let r = api.call(
        "POST",
        "/users/c0/blocks/users",
        Some(json!({"usernames": ["c6", "C7"]})),
    );
    assert_eq!(r.status, 200, "{}", r.raw);
    assert_eq!(r.body["data"], json!(["c6", "c7"]));
    let r = api.call(
        "POST",
        "/users/c0/blocks/users",
        Some(json!({"usernames": ["ghost"]})),
    );
    assert_eq!((r.status, r.error()), (400, "illegal_argument"));
    assert_eq!(
        r.description(),
        "attempt to adding new block[ghost] for user[c0],but user[ghost] not found."
    );
    let r = api.call(
        "POST",
        "/users/c0/blocks/users",
        Some(json!({"usernames": ["c8", "c9", "c10"]})),
    );
    assert_eq!((r.status, r.error()), (403, "exceed_limit"), "block limit");
    assert_eq!(
        api.call("GET", "/users/c0/blocks/users", None).body["data"],
        json!(["c6", "c7"])
    );
    let r = api.call("DELETE", "/users/c0/blocks/users/c6", None);
    assert_eq!(r.body["entities"][0]["username"], "c6");
    assert_eq!(
        api.call("DELETE", "/users/c0/blocks/users/ghost", None)
            .status,
        404
    );

    // Deleting a user removes it from other users' lists.
    api.call("DELETE", "/users/c7", None);
    api.call("DELETE", "/users/c2", None);
    assert_eq!(
        api.call("GET", "/users/c0/blocks/users", None).body["data"],
        json!([])
    );
    assert_eq!(
        api.call("GET", "/users/c0/contacts/users", None).body["data"],
        json!(["c3", "c4"])
    );
}

#[test]
fn presence_offline_messages_and_account_state() {
    let (emu, api) = start();
    api.register(&["p1", "p2"]);
    assert!(emu.set_presence("P1", true));
    assert!(!emu.set_presence("ghost", true));
    let r = api.call("GET", "/users/p1/status", None);
    assert_eq!(r.body["data"], json!({"p1": "online"}));
    assert_eq!(api.call("GET", "/users/ghost/status", None).status, 404);
    let r = api.call(
        "POST",
        "/users/batch/status",
        Some(json!({"usernames": ["p1", "p2", "ghost"]})),
    );
    assert_eq!(r.body["action"], "get batch user status");
    assert_eq!(
        r.body["data"],
        json!([{"p1": "online"}, {"p2": "offline"}, {"ghost": "offline"}])
    );
    let many: Vec<String> = (0..101).map(|i| format!("x{i}")).collect();
    let r = api.call(
        "POST",
        "/users/batch/status",
        Some(json!({"usernames": many})),
    );
    assert_eq!(
        (r.status, r.description()),
        (
            400,
            "request body exceeds maximum limit, maximum limit is 100"
        )
    );

    emu.add_offline_messages(
        "p1",
        &[
            ("m1".into(), false),
            ("m2".into(), false),
            ("m3".into(), true),
        ],
    );
    assert_eq!(
        api.call("GET", "/users/p1/offline_msg_count", None).body["data"],
        json!({"p1": 2})
    );
    emu.set_config(EmulatorConfig {
        count_as_string: true,
        ..emu.config()
    });
    assert_eq!(
        api.call("GET", "/users/p1/offline_msg_count", None).body["data"],
        json!({"p1": "2"})
    );
    assert_eq!(
        api.call("GET", "/users/p1/offline_msg_status/m1", None)
            .body["data"],
        json!({"m1": "undelivered"})
    );
    assert_eq!(
        api.call("GET", "/users/p1/offline_msg_status/m3", None)
            .body["data"],
        json!({"m3": "delivered"})
    );

    let r = api.call("POST", "/users/p1/deactivate", None);
    assert_eq!(
        (
            r.body["action"].as_str(),
            r.body["entities"][0]["activated"].as_bool()
        ),
        (Some("Deactivate user"), Some(false))
    );
    assert_eq!(
        api.call("GET", "/users/p1/status", None).body["data"],
        json!({"p1": "offline"}),
        "deactivation takes the user offline"
    );
    let r = api.call("POST", "/users/ghost/deactivate", None);
    assert_eq!((r.status, r.error()), (400, "management"));
    let r = api.call("POST", "/users/p1/activate", None);
    assert_eq!(r.body["action"], "activate user");
    assert_eq!(
        api.call("GET", "/users/p1", None).body["entities"][0]["activated"],
        true
    );
    assert_eq!(api.call("POST", "/users/ghost/activate", None).status, 404);
    emu.set_presence("p2", true);
    let r = api.call("GET", "/users/p2/disconnect", None);
    assert_eq!(r.body["data"], json!({"result": true}));
    assert_eq!(
        api.call("GET", "/users/p2/status", None).body["data"],
        json!({"p2": "offline"})
    );
    assert_eq!(api.call("GET", "/users/ghost/disconnect", None).status, 404);
}
