//! Users: registration (single, batch, duplicates), the user record, paging,
//! deletion.

use crate::answering;
use chat_platform::{DisplayStyle, ErrorKind, NewUser};

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
