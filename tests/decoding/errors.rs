//! Documented error bodies and bodies that make no sense.

use crate::answering;
use crate::common::*;
use chat_platform::ErrorKind;

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
