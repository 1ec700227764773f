//! The argument rules, each with its error.

use super::*;
use crate::ErrorKind;

#[test]
fn foreign_integers() {
    assert_eq!(hour_arg("set_no_disturb", "start_hour", 23).unwrap(), 23);
    let e = hour_arg("set_no_disturb", "start_hour", -1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "set_no_disturb: invalid `start_hour`: must be an hour 0-23 (got -1)"
    );
    assert_eq!(e.field(), Some("start_hour"));
    assert!(hour_arg("set_no_disturb", "end_hour", i64::MAX).is_err());
    assert_eq!(total_arg("users_status", Some(0)).unwrap(), Some(0));
    assert_eq!(total_arg("users_status", None).unwrap(), None);
    assert_eq!(
        total_arg("users_status", Some(-1)).unwrap_err().to_string(),
        "users_status: invalid `total`: must be a count, 0 or more (got -1)"
    );
    assert_eq!(limit_arg("list_users", "limit", 100).unwrap(), 100);
    // The iterator's page size: absent, the most; out of range, the same rule.
    assert_eq!(user_page_arg("iter_users", "page_size", None).unwrap(), 100);
    assert_eq!(
        user_page_arg("iter_users", "page_size", Some(7)).unwrap(),
        7
    );
    let e = user_page_arg("iter_users", "page_size", Some(0)).unwrap_err();
    assert!(
        e.to_string().starts_with("iter_users: invalid `page_size`"),
        "{e}"
    );
    for bad in [0, -5, 101, i64::MIN] {
        let e = limit_arg("list_users", "limit", bad).unwrap_err();
        assert!(
            e.to_string().starts_with("list_users: invalid `limit`"),
            "{e}"
        );
    }
}

#[test]
fn usernames_follow_rules() {
    for ok in [
        "a",
        "User_1",
        "a.b-c",
        "x".repeat(64).as_str(),
        "...",
        "A1B2",
    ] {
        assert!(username("username", ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "a b",
        "a@b.com",
        "a/b",
        "a#b",
        "a?b",
        "a%b",
        "名字",
        ".",
        "..",
        &"x".repeat(65),
        "0ffe2d80-ed76-11e8-8d66-279e3e1c214b",
        "0ffe2d80ed7611e88d66279e3e1c214b",
    ] {
        let e = username("username", bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.field(), Some("username"), "{bad}");
    }
}

#[test]
fn password_errors_never_echo_value() {
    let long = "p".repeat(65);
    let e = password("password", &long).unwrap_err();
    assert!(!e.to_string().contains(&long));
    assert!(e.to_string().contains("64"));
    assert!(password("password", "").is_err());
    assert!(password("password", &"é".repeat(64)).is_ok());
}

#[test]
fn settings_beyond_the_reference() {
    assert!(dnd_interval("i", "22:00-07:30").is_ok());
    assert!(dnd_interval("i", "").is_ok());
    for bad in [
        "24:00-01:00",
        "2:00-01:00",
        "22:00",
        "22:60-01:00",
        "+1:00-02:00",
    ] {
        assert_eq!(
            dnd_interval("i", bad).unwrap_err().field(),
            Some("i"),
            "{bad}"
        );
    }
    assert!(language("l", "EU").is_ok() && language("l", "").is_ok());
    assert!(language("l", "e u").is_err());
    assert!(remark("r", &"r".repeat(100)).is_ok());
    assert!(remark("r", &"r".repeat(101)).is_err());
    assert!(attributes("a", [("k", "v")]).is_ok());
    assert!(attributes("a", []).is_err());
    let big = "v".repeat(2048);
    assert!(attributes("a", [("k", big.as_str())]).is_err());
    assert!(attribute_keys("keys", &[]).is_err());
    assert_eq!(
        range_arg("list_mutes", "page_size", 51, 1, 50)
            .unwrap_err()
            .field(),
        Some("page_size")
    );
    assert!(path_id("resource", "android_123").is_ok());
    assert!(path_id("resource", "a/b").is_err());
    assert_eq!(ttl("ttl", std::time::Duration::from_secs(5)).unwrap(), 5);
    assert!(ttl("ttl", std::time::Duration::from_millis(1500)).is_err());
}

#[test]
fn numbers_and_lists() {
    assert!(hour("start_hour", 23).is_ok());
    assert!(hour("start_hour", 24).is_err());
    assert!(limit("limit", 0).is_err());
    assert!(limit("limit", 101).is_err());
    assert!(limit("limit", 100).is_ok());
    assert!(nickname("nickname", &"n".repeat(100)).is_ok());
    assert!(nickname("nickname", &"n".repeat(101)).is_err());
    let many: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let e = usernames("usernames", &many, 1, Some(500)).unwrap_err();
    assert!(e.to_string().contains("at most 500"));
    let e = usernames("usernames", &["ok".into(), "bad name".into()], 1, None).unwrap_err();
    assert_eq!(e.field(), Some("usernames[1]"));
}
