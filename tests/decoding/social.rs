//! Acknowledgements, contacts and blocks, presence, offline counts and
//! token answers.

use crate::answering;
use crate::common::*;
use chat_platform::{DeliveryStatus, ErrorKind, Presence};

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
