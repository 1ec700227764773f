//! Decoding every response example of the reference, and every quirk of
//! limits-and-errors.md, through the public API (a scripted transport
//! answers with the documented bodies).

mod common;

use chat_platform::{DeliveryStatus, DisplayStyle, ErrorKind, NewUser, Presence};
use common::*;

/// A client whose every non-token request is answered with `status` and `body`.
fn answering(status: u16, body: &'static str) -> chat_platform::Client {
    let t = Scripted::new(move |r, _| {
        if is_token(r) {
            resp(200, TOKEN_OK)
        } else {
            resp(status, body)
        }
    });
    scripted_client(t, None)
}

const REGISTER: &str = r#"{
  "action": "post",
  "application": "8be024f0-e978-11e8-b697-5d598d5f8402",
  "path": "/users",
  "uri": "https://a1.easecdn.com/chat-demo/testapp/users",
  "entities": [
    {
      "uuid": "0ffe2d80-ed76-11e8-8d66-279e3e1c214b",
      "type": "user",
      "created": 1542795196504,
      "modified": 1542795196504,
      "username": "user1",
      "activated": true,
      "nickname": "testuser"
    }
  ],
  "timestamp": 1542795196515,
  "duration": 0,
  "organization": "chat-demo",
  "applicationName": "testapp"
}"#;

#[tokio::test]
async fn register_example() {
    let u = answering(200, REGISTER)
        .register_user("user1", "123", Some("testuser"))
        .await
        .unwrap();
    assert_eq!(u.uuid, "0ffe2d80-ed76-11e8-8d66-279e3e1c214b");
    assert_eq!(u.username, "user1");
    assert_eq!(u.nickname.as_deref(), Some("testuser"));
    assert!(u.activated);
    assert_eq!(u.created, Some(1542795196504));
    assert_eq!(u.modified, Some(1542795196504));
    assert_eq!(u.notification_display_style, None);
}

#[tokio::test]
async fn duplicate_example() {
    let e = answering(400, r#"{
  "error": "duplicate_unique_property_exists",
  "timestamp": 1542795141631,
  "duration": 0,
  "exception": "org.apache.usergrid.persistence.exceptions.DuplicateUniquePropertyExistsException",
  "error_description": "Request null Entity user requires that property named username be unique, value of User1 exists"
}"#)
    .register_user("User1", "123", None)
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.server_code(), Some("duplicate_unique_property_exists"));
    assert!(e.description().unwrap().contains("value of User1 exists"));
    assert_eq!(e.operation(), Some("register_user"));
}

#[tokio::test]
async fn batch_register_examples() {
    let body = r#"{
  "action": "post",
  "application": "22bcffa0-8f86-11e6-9df8-516f6df68c6d",
  "path": "/users",
  "uri": "https://a1.easecdn.com/chat-demo/testapp/users",
  "entities": [
    {"uuid": "278b5e60-e27b-11e8-8f9b-d5d83ebec806","type": "user","created": 1541587920710,"modified": 1541587920710,"username": "user1","activated": true,"nickname": "testuser1"},
    {"uuid": "278bac80-e27b-11e8-b192-73e4cd5078a5","type": "user","created": 1541587920712,"modified": 1541587920712,"username": "user2","activated": true,"nickname": "testuser2"}
  ],
  "timestamp": 1541587920714,
  "data": [
        {
            "username": "user3",
            "registerUserFailReason": "the user3 already exists"
        }
    ],
  "duration": 0,
  "organization": "1122161011178276",
  "applicationName": "testapp"
}"#;
    let c = answering(200, body);
    let report = c
        .register_users(&[
            NewUser::new("user1", "123"),
            NewUser::new("user2", "456"),
            NewUser::new("user3", "789"),
        ])
        .await
        .unwrap();
    assert_eq!(
        report
            .created
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["user1", "user2"]
    );
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].username, "user3");
    assert_eq!(report.failed[0].index, 2);
    assert_eq!(report.failed[0].kind, ErrorKind::Conflict);
    assert_eq!(report.failed[0].reason, "the user3 already exists");
}

#[tokio::test]
async fn a_user_missing_from_a_batch_answer_is_reported_not_dropped() {
    let body = r#"{"entities":[{"uuid":"a","username":"user1","activated":true}],"data":[]}"#;
    let report = answering(200, body)
        .register_users(&[NewUser::new("user1", "pw"), NewUser::new("user2", "pw")])
        .await
        .unwrap();
    assert_eq!(report.created.len(), 1);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].username, "user2");
    assert_eq!(report.failed[0].kind, ErrorKind::Decode);
}

#[tokio::test]
async fn user_with_every_documented_field() {
    let body = r#"{
  "action" : "put",
  "entities" : [ {
    "uuid" : "3b8c9890-7b9a-11e8-9d88-f50bf55cafad",
    "type" : "user",
    "created" : 1530276298905,
    "modified" : 1534405429835,
    "username" : "User1",
    "activated" : true,
    "notification_no_disturbing" : true,
    "notification_no_disturbing_start" : 1,
    "notification_no_disturbing_end" : 3,
    "notification_display_style" : 0,
    "nickname" : "testuser",
    "notifier_name" : "2882303761517426801",
    "device_token" : "device-token-abc",
    "notification_ignore_63112447328257" : true,
    "a_field_added_later" : {"nested": [1, 2]}
  } ],
  "timestamp" : 1534405429833,
  "duration" : 4
}"#;
    let u = answering(200, body).get_user("user1").await.unwrap();
    assert_eq!(u.username, "User1");
    assert_eq!(u.notification_no_disturbing, Some(true));
    assert_eq!(u.notification_no_disturbing_start, Some(1));
    assert_eq!(u.notification_no_disturbing_end, Some(3));
    assert_eq!(
        u.notification_display_style,
        Some(DisplayStyle::NotificationOnly)
    );
    assert_eq!(u.notifier_name.as_deref(), Some("2882303761517426801"));
    assert_eq!(u.device_token.as_deref(), Some("device-token-abc"));
    assert_eq!(u.notification_ignore.get("63112447328257"), Some(&true));
    assert!(
        !format!("{u:?}").contains("device-token-abc"),
        "Debug hides the device token"
    );
}

#[tokio::test]
async fn loose_types_are_tolerated() {
    let body = r#"{"entities":[{"uuid":"x","username":"u","activated":"false","created":"1530276298905",
        "notification_display_style":"1","notification_no_disturbing":"true",
        "notification_no_disturbing_start":"8","notification_no_disturbing_end":"18"}]}"#;
    let u = answering(200, body).get_user("u").await.unwrap();
    assert!(!u.activated);
    assert_eq!(u.created, Some(1530276298905));
    assert_eq!(
        u.notification_display_style,
        Some(DisplayStyle::WithDetails)
    );
    assert_eq!(u.notification_no_disturbing, Some(true));
    assert_eq!(
        (
            u.notification_no_disturbing_start,
            u.notification_no_disturbing_end
        ),
        (Some(8), Some(18))
    );
}

#[tokio::test]
async fn list_pages_with_and_without_cursor() {
    let page1 = r#"{
  "action": "get",
  "params": {"limit": ["2"]},
  "path": "/users",
  "uri": "http://a1.easecdn.com/chat-demo/testapp/users",
  "entities": [
    {"uuid": "ab90eff0-e978-11e8-9174-8f161649a182","type": "user","created": 1542356511855,"modified": 1542356511855,"username": "user1","activated": true,"nickname": "user1"},
    {"uuid": "b2aade90-e978-11e8-a974-f3368f82e4f1","type": "user","created": 1542356523769,"modified": 1542356523769,"username": "user2","activated": true,"nickname": "user2"}
  ],
  "timestamp": 1542558467056,
  "duration": 11,
  "cursor": "LTgzNDAxMjM3OToxTEFnNE9sNEVlaVQ0UEdhdmJNR2tB",
  "count": 2
}"#;
    let p = answering(200, page1)
        .list_users(Some(2), None)
        .await
        .unwrap();
    assert_eq!(p.users.len(), 2);
    assert_eq!(
        p.cursor.as_deref(),
        Some("LTgzNDAxMjM3OToxTEFnNE9sNEVlaVQ0UEdhdmJNR2tB")
    );
    let last = r#"{"action":"get","params":{"cursor":["LTgz"],"limit":["2"]},"path":"/users",
        "entities":[{"uuid":"fef7f250-e983-11e8-ba39-0fed7dcc3cdd","type":"user","username":"testuser","activated":true}],
        "timestamp":1542559337702,"duration":2,"count":1}"#;
    let p = answering(200, last)
        .list_users(Some(2), Some("LTgz"))
        .await
        .unwrap();
    assert_eq!(p.users[0].username, "testuser");
    assert_eq!(p.cursor, None, "no cursor on the last page");
}

#[tokio::test]
async fn batch_delete_example() {
    let body = r#"{"action":"delete","params":{"limit":["2"]},"path":"/users","entities":[
        {"uuid":"b2aade90-e978-11e8-a974-f3368f82e4f1","type":"user","username":"user2","activated":true,"nickname":"testuser"},
        {"uuid":"b98ad170-e978-11e8-8fce-7f76daa76557","type":"user","username":"user3","activated":true,"nickname":"user3"}],
        "timestamp":1542867197779,"duration":504,"cursor":"LTgzNDAxMjM3OTpfdmZ5VU9tREVlaTZPUV90ZmN3ODNR"}"#;
    let p = answering(200, body).delete_oldest_users(2).await.unwrap();
    assert_eq!(p.users.len(), 2);
    assert!(p.cursor.is_some());
}

#[tokio::test]
async fn small_acknowledgements() {
    answering(
        200,
        r#"{"action": "set user password","timestamp": 1542595598924,"duration": 8}"#,
    )
    .set_password("user1", "123")
    .await
    .unwrap();
    answering(
        200,
        r#"{"action": "activate user","timestamp": 1542602404132,"duration": 9}"#,
    )
    .activate_user("user1")
    .await
    .unwrap();
    let b = answering(200, r#"{"action":"get","entities":[],"data":{"result":true},"timestamp":1542602601332,"duration":6,"count":0}"#)
        .disconnect_user("user1")
        .await
        .unwrap();
    assert!(b);
    let u = answering(200, r#"{"action":"Deactivate user","entities":[{"uuid":"4759aa70-eba5-11e8-925f-6fa0510823ba","type":"user","created":1542595573399,"modified":1542597578147,"username":"user1","activated":false,"nickname":"user"}],"timestamp":1542602157258,"duration":12}"#)
        .deactivate_user("user1")
        .await
        .unwrap();
    assert!(!u.activated);
}

#[tokio::test]
async fn contacts_and_blocks() {
    let names = answering(200, r#"{"action":"get","uri":"http://x","entities":[],"data":["user3","user2"],"timestamp":1543819826513,"duration":12,"count":2}"#)
        .list_contacts("user1")
        .await
        .unwrap();
    assert_eq!(names, ["user3", "user2"]);
    let added = answering(200, r#"{"action":"post","application":"8be0","uri":"https://a1.easecdn.com/chat-demo/testapp","entities":[],"data":["user2"],"timestamp":1542600372046,"duration":11,"organization":"chat-demo","applicationName":"testapp"}"#)
        .block_users("user1", &["user2".into()])
        .await
        .unwrap();
    assert_eq!(added, ["user2"]);
    let e = answering(400, r#"{"error":"illegal_argument","timestamp":1542600449246,"duration":0,"exception":"java.lang.IllegalArgumentException","error_description":"attempt to adding new block[user20] for user[user1],but user[user20] not found."}"#)
        .block_users("user1", &["user20".into()])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = answering(
        403,
        r#"{"error":"exceed_limit","error_description":"user contact number exceed limit"}"#,
    )
    .add_contact("user1", "user2")
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    let u = answering(200, r#"{"action":"delete","path":"/users/4759aa70/blocks","entities":[{"uuid":"b2aade90","type":"user","username":"user2","activated":true,"nickname":"testuser"}]}"#)
        .unblock_user("user1", "user2")
        .await
        .unwrap();
    assert_eq!(u.username, "user2");
}

#[tokio::test]
async fn presence_single_and_batch() {
    let p = answering(200, r#"{"action":"get","uri":"http://x/users/user1/status","entities":[],"data":{"user1":"offline"},"timestamp":1542601284531,"duration":4,"count":0}"#)
        .user_status("user1")
        .await
        .unwrap();
    assert_eq!(p, Presence::Offline);
    // The service may echo the stored spelling.
    let p = answering(200, r#"{"data":{"User1":"online"}}"#)
        .user_status("user1")
        .await
        .unwrap();
    assert_eq!(p, Presence::Online);
    let all = answering(200, r#"{"action":"get batch user status","data":[{"user1":"offline"},{"user2":"online"}],"timestamp":1552280231926,"duration":4}"#)
        .users_status(&["user2".into(), "user1".into()])
        .await
        .unwrap();
    assert_eq!(all[0].username, "user2");
    assert_eq!(all[0].presence, Presence::Online);
    assert_eq!(all[1].presence, Presence::Offline);
    let e = answering(200, r#"{"data":[{"user1":"offline"}]}"#)
        .users_status(&["user1".into(), "user9".into()])
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Decode,
        "a missing answer is an error, not a silent gap"
    );
}

#[tokio::test]
async fn offline_counts_as_numbers_or_strings() {
    for body in [r#"{"data":{"user1":0}}"#, r#"{"data":{"user1":"0"}}"#] {
        assert_eq!(
            answering(200, body)
                .offline_message_count("user1")
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(
        answering(200, r#"{"data":{"user1":"17"}}"#)
            .offline_message_count("user1")
            .await
            .unwrap(),
        17
    );
    let e = answering(200, r#"{"data":{"user1":"many"}}"#)
        .offline_message_count("user1")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let s = answering(
        200,
        r#"{"action":"get","entities":[],"data":{"123":"delivered"},"count":0}"#,
    )
    .offline_message_status("user1", "123")
    .await
    .unwrap();
    assert_eq!(s, DeliveryStatus::Delivered);
}

#[tokio::test]
async fn token_response_examples() {
    let t = Scripted::new(|_, _| {
        resp(
            200,
            r#"{"access_token":"YWMte3bGuOukEeiTkNP4grL7iw","expires_in":5184000,"application":"8be024f0-e978-11e8-b697-5d598d5f8402"}"#,
        )
    });
    let info = scripted_client(t, None).fetch_token().await.unwrap();
    assert_eq!(info.expires_in, Some(5_184_000));
    assert_eq!(
        info.application.as_deref(),
        Some("8be024f0-e978-11e8-b697-5d598d5f8402")
    );
    assert!(!format!("{info:?}").contains("YWMte3bGu"));
    let t = Scripted::new(|_, _| {
        resp(
            400,
            r#"{"error_description":"client_id does not match","error":"invalid_grant"}"#,
        )
    });
    let e = scripted_client(t, None).fetch_token().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.description(), Some("client_id does not match"));
    let t = Scripted::new(|_, _| resp(200, r#"{"access_token":"t","expires_in":"3600"}"#));
    assert_eq!(
        scripted_client(t, None)
            .fetch_token()
            .await
            .unwrap()
            .expires_in,
        Some(3600)
    );
}

#[tokio::test]
async fn documented_error_bodies_map_to_kinds() {
    let cases: [(u16, &str, ErrorKind); 8] = [
        (
            404,
            r#"{"error":"service_resource_not_found","error_description":"Service resource not found"}"#,
            ErrorKind::NotFound,
        ),
        (
            404,
            r#"{"error":"entity_not_found","error_description":"User null not found"}"#,
            ErrorKind::NotFound,
        ),
        (
            400,
            r#"{"error":"required_property_not_found","error_description":"Entity user requires a property named username"}"#,
            ErrorKind::NotFound,
        ),
        (
            400,
            r#"{"error":"management","error_description":"User with id null does not exist in app 8be0"}"#,
            ErrorKind::NotFound,
        ),
        (
            404,
            r#"{"error":"organization_application_not_found","error_description":"Could not find application for x/y from URI: x/y/users"}"#,
            ErrorKind::Configuration,
        ),
        (
            401,
            r#"{"error":"unauthorized","error_description":"Unable to authenticate due to expired access token"}"#,
            ErrorKind::Unauthorized,
        ),
        (
            400,
            r#"{"error":"illegal_argument","error_description":"USERNAME_TOO_LONG"}"#,
            ErrorKind::InvalidInput,
        ),
        (
            429,
            r#"{"error":"resource_limited","error_description":"You have exceeded the limit of the community edition"}"#,
            ErrorKind::LimitExceeded,
        ),
    ];
    for (status, body, kind) in cases {
        let t = Scripted::new(move |r, _| {
            if is_token(r) {
                resp(200, TOKEN_OK)
            } else {
                resp(status, body)
            }
        });
        let c = chat_platform::Client::builder()
            .base_url("https://api.example.test")
            .app_key("test-org#test-app")
            .token("fixed")
            .transport(t)
            .build()
            .unwrap();
        let e = c.get_user("user1").await.unwrap_err();
        assert_eq!(e.kind(), kind, "{body}");
        assert_eq!(e.status(), Some(status));
    }
}

#[tokio::test]
async fn bad_bodies_give_typed_errors_never_panics() {
    let bodies = [
        "",
        "   ",
        "{",
        r#"{"entities": [{"uuid": "x", "username": "#,
        "<html><body>502 Bad Gateway</body></html>",
        "[]",
        "null",
        "42",
        r#"{"entities": "not a list"}"#,
        r#"{"entities": [42]}"#,
        r#"{"entities": [{"uuid": "x"}]}"#,
        r#"{"entities": []}"#,
        r#"{"data": {"user1": "busy"}}"#,
        r#"{"error": "service_resource_not_found", "error_description": "Service resource not found"}"#,
    ];
    for body in bodies {
        let c = answering(200, body);
        for r in [
            c.get_user("user1").await.map(drop),
            c.user_status("user1").await.map(drop),
            c.list_users(None, None).await.map(drop),
            c.offline_message_count("user1").await.map(drop),
            c.disconnect_user("user1").await.map(drop),
            c.list_contacts("user1").await.map(drop),
            c.users_status(&["user1".into()]).await.map(drop),
        ] {
            if let Err(e) = r {
                assert!(
                    matches!(e.kind(), ErrorKind::Decode | ErrorKind::NotFound),
                    "{body:?}: {e}"
                );
            }
        }
        let e = c.get_user("user1").await.unwrap_err();
        if body.contains("service_resource_not_found") {
            assert_eq!(e.kind(), ErrorKind::NotFound, "200 with an error body");
        } else {
            assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
        }
    }
    let e = answering(200, "<html>oops</html>")
        .get_user("user1")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("HTML"), "{e}");
    // Error statuses with unusable bodies still carry the status.
    let e = answering(502, "<html>Bad Gateway</html>")
        .register_user("a", "b", None)
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status(), e.server_code()),
        (ErrorKind::Server, Some(502), None)
    );
}
