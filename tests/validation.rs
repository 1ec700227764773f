//! Validation before sending: property tests over generated names, and each
//! operation's bad input rejected with the field named and nothing sent.

mod common;

use chat_platform::{validate, ErrorKind, NewUser};
use common::*;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

fn recorder() -> std::sync::Arc<Scripted> {
    Scripted::new(|r, _| {
        if is_token(r) {
            resp(200, TOKEN_OK)
        } else {
            resp(200, USER_OK)
        }
    })
}

fn path_segments(url: &str) -> Vec<String> {
    let path = url.split_once("://").unwrap().1;
    let path = &path[path.find('/').unwrap()..];
    let path = path.split('?').next().unwrap();
    path.split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8().unwrap().into_owned())
        .collect()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever passes validation reaches the server as exactly one path
    /// segment holding exactly that name.
    #[test]
    fn valid_usernames_round_trip_through_the_path(name in "[A-Za-z0-9_.\\-]{1,64}|\\PC{0,70}") {
        let ok = validate::username("username", &name).is_ok();
        let t = recorder();
        let client = scripted_client(t.clone(), None);
        let result = rt().block_on(client.get_user(&name));
        let reqs: Vec<_> = t.requests().into_iter().filter(|r| !is_token(r)).collect();
        if ok {
            prop_assert!(result.is_ok());
            prop_assert_eq!(reqs.len(), 1);
            let segs = path_segments(&reqs[0].url);
            prop_assert_eq!(segs, vec!["test-org".to_string(), "test-app".into(), "users".into(), name.clone()]);
        } else {
            let e = result.unwrap_err();
            prop_assert_eq!(e.kind(), ErrorKind::InvalidInput);
            prop_assert_eq!(e.field(), Some("username"));
            prop_assert_eq!(t.total(), 0, "nothing sent, not even a token request");
        }
    }

    #[test]
    fn message_ids_round_trip_through_the_path(id in "\\PC{0,20}") {
        let ok = validate::msg_id("msg_id", &id).is_ok();
        let t = Scripted::new(|r, _| if is_token(r) { resp(200, TOKEN_OK) } else {
            resp(200, r#"{"data":{"x":"delivered"}}"#)
        });
        let client = scripted_client(t.clone(), None);
        let result = rt().block_on(client.offline_message_status("user1", &id));
        prop_assert_eq!(result.is_ok(), ok);
        if ok {
            let reqs: Vec<_> = t.requests().into_iter().filter(|r| !is_token(r)).collect();
            let segs = path_segments(&reqs[0].url);
            prop_assert_eq!(segs.len(), 6);
            prop_assert_eq!(&segs[5], &id);
        }
    }

    #[test]
    fn cursors_round_trip_through_the_query(cursor in "[ -~]{1,40}") {
        let t = Scripted::new(|r, _| if is_token(r) { resp(200, TOKEN_OK) } else { resp(200, r#"{"entities":[]}"#) });
        let client = scripted_client(t.clone(), None);
        let result = rt().block_on(client.list_users(Some(5), Some(&cursor)));
        if cursor.contains(' ') {
            prop_assert!(result.is_err());
        } else {
            prop_assert!(result.is_ok());
            let reqs: Vec<_> = t.requests().into_iter().filter(|r| !is_token(r)).collect();
            let url = url::Url::parse(&reqs[0].url).unwrap();
            let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            prop_assert_eq!(pairs, vec![("limit".to_string(), "5".to_string()), ("cursor".to_string(), cursor.clone())]);
        }
    }

    #[test]
    fn passwords_are_checked_by_characters(pw in "\\PC{0,80}") {
        let n = pw.chars().count();
        prop_assert_eq!(validate::password("password", &pw).is_ok(), (1..=64).contains(&n));
    }
}

/// Each operation rejects bad input naming the field, and sends nothing.
#[tokio::test]
async fn every_operation_validates_before_sending() {
    let t = recorder();
    let c = scripted_client(t.clone(), None);
    let long = "x".repeat(65);
    let many: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let bad_list = vec!["ok".to_string(), "a b".to_string()];
    let cases: Vec<(&str, chat_platform::Result<()>)> = vec![
        (
            "username",
            c.register_user_open("", "pw", None).await.map(drop),
        ),
        (
            "password",
            c.register_user("user1", "", None).await.map(drop),
        ),
        (
            "nickname",
            c.register_user("user1", "pw", Some(&"n".repeat(101)))
                .await
                .map(drop),
        ),
        (
            "users[1].password",
            c.register_users(&[NewUser::new("a1", "pw"), NewUser::new("a2", "")])
                .await
                .map(drop),
        ),
        (
            "users[1].username",
            c.register_users(&[NewUser::new("a1", "pw"), NewUser::new("A1", "pw")])
                .await
                .map(drop),
        ),
        ("username", c.get_user(&long).await.map(drop)),
        ("limit", c.list_users(Some(0), None).await.map(drop)),
        ("cursor", c.list_users(None, Some("")).await.map(drop)),
        ("username", c.delete_user("a?b").await.map(drop)),
        ("limit", c.delete_oldest_users(501).await.map(drop)),
        (
            "new_password",
            c.set_password("user1", &"p".repeat(65)).await.map(drop),
        ),
        ("username", c.set_password("a#b", "pw").await.map(drop)),
        (
            "nickname",
            c.set_push_nickname("user1", &"n".repeat(101))
                .await
                .map(drop),
        ),
        (
            "username",
            c.set_notification_display_style("%2e%2e", chat_platform::DisplayStyle::WithDetails)
                .await
                .map(drop),
        ),
        (
            "start_hour",
            c.set_no_disturb("user1", 24, 1).await.map(drop),
        ),
        ("end_hour", c.set_no_disturb("user1", 1, 99).await.map(drop)),
        ("username", c.clear_no_disturb("..").await.map(drop)),
        (
            "contact",
            c.add_contact("user1", "bad/name").await.map(drop),
        ),
        ("owner", c.remove_contact("", "user2").await.map(drop)),
        ("owner", c.list_contacts("a b").await.map(drop)),
        ("owner", c.list_blocked("é").await.map(drop)),
        ("usernames", c.block_users("user1", &many).await.map(drop)),
        ("usernames", c.block_users("user1", &[]).await.map(drop)),
        (
            "usernames[1]",
            c.block_users("user1", &bad_list).await.map(drop),
        ),
        ("blocked", c.unblock_user("user1", "").await.map(drop)),
        (
            "username",
            c.user_status("0ffe2d80-ed76-11e8-8d66-279e3e1c214b")
                .await
                .map(drop),
        ),
        ("usernames[1]", c.users_status(&bad_list).await.map(drop)),
        ("username", c.offline_message_count("a@b.c").await.map(drop)),
        (
            "msg_id",
            c.offline_message_status("user1", "a b").await.map(drop),
        ),
        ("username", c.deactivate_user("").await.map(drop)),
        ("username", c.activate_user("x\ny").await.map(drop)),
        ("username", c.disconnect_user(&long).await.map(drop)),
    ];
    for (field, r) in cases {
        let e = r.expect_err(field);
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{field}: {e}");
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(
            e.to_string().contains(&format!("`{field}`")),
            "the message names the field: {e}"
        );
        assert!(e.operation().is_some(), "{e}");
    }
    assert!(c.iter_users(0).is_err());
    assert!(c.iter_users(101).is_err());
    assert_eq!(t.total(), 0, "no request left the client");
    assert!(chat_platform::DisplayStyle::from_code(2).is_err());
}

#[tokio::test]
async fn configuration_errors_are_values_not_panics() {
    use chat_platform::Client;
    let cases = [
        Client::builder()
            .app_key("org#app")
            .client_credentials("id", "s")
            .build(),
        Client::builder()
            .base_url("not a url")
            .app_key("org#app")
            .build(),
        Client::builder()
            .base_url("ftp://x")
            .app_key("org#app")
            .build(),
        Client::builder()
            .base_url("https://x?q=1")
            .app_key("org#app")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("no-hash")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("UPPER#app")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .client_credentials("", "s")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .client_credentials("id", "")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .max_attempts(0)
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .batch_concurrency(0)
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .user_agent("bad\nagent")
            .build(),
        Client::builder()
            .base_url("https://x")
            .app_key("org#app")
            .token("bad token")
            .build(),
    ];
    for (i, r) in cases.into_iter().enumerate() {
        let e = r.expect_err(&format!("case {i}"));
        assert_eq!(e.kind(), ErrorKind::Configuration, "case {i}: {e}");
    }
    // The default transport builds (rustls with bundled roots), for each region.
    for region in [
        chat_platform::Region::Domestic1,
        chat_platform::Region::Domestic2,
        chat_platform::Region::Singapore1,
    ] {
        let c = Client::builder()
            .region(region)
            .app_key("org#app")
            .client_credentials("id", "secret")
            .build()
            .unwrap();
        assert!(c.config().base_url.starts_with("https://"));
    }
}
