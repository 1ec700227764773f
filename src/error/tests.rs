//! Errors: kinds from the service's answers, fields and rules, secrets scrubbed.

use super::*;

#[test]
fn messages_in_camel_case_for_camel_case_languages() {
    let e = Error::invalid("start_hour", "must be an hour 0-23 (got 25)")
        .with_operation("set_no_disturb");
    assert_eq!(
        e.to_string(),
        "set_no_disturb: invalid `start_hour`: must be an hour 0-23 (got 25)"
    );
    assert_eq!(
        e.to_string_camel_case(),
        "setNoDisturb: invalid `startHour`: must be an hour 0-23 (got 25)"
    );
    assert_eq!(e.operation_camel_case().as_deref(), Some("setNoDisturb"));
    let e = Error::invalid("users[3].new_password", "must not be empty");
    assert_eq!(
        e.to_string_camel_case(),
        "invalid `users[3].newPassword`: must not be empty"
    );
    assert_eq!(
        e.field_camel_case().as_deref(),
        Some("users[3].newPassword")
    );
    let e = Error::config("`base_url` is not set: give a base URL or a region");
    assert_eq!(
        e.to_string_camel_case(),
        "`baseUrl` is not set: give a base URL or a region"
    );
    // The service's own text stays as it came.
    let e = Error::new(ErrorKind::NotFound, "no such user `x_y`")
        .with_http(
            404,
            Some("service_resource_not_found".into()),
            Some("user `a_b` not found".into()),
        )
        .with_operation("get_user");
    assert_eq!(
        e.to_string_camel_case(),
        "getUser: no such user `xY` (HTTP 404 service_resource_not_found: user `a_b` not found)"
    );
    // Not identifiers: quoted text with spaces or symbols is kept.
    let e = Error::config("give `app_key` (\"org#app\"), or `a b`");
    assert_eq!(
        e.to_string_camel_case(),
        "give `appKey` (\"org#app\"), or `a b`"
    );
}

#[test]
fn documented_errors_map_to_kinds() {
    use ErrorKind::*;
    let cases = [
        (
            400,
            "invalid_grant",
            "client_id does not match",
            Unauthorized,
        ),
        (
            400,
            "illegal_argument",
            "client_id must be provided.",
            InvalidInput,
        ),
        (
            400,
            "illegal_argument",
            "username XXX is not legal",
            InvalidInput,
        ),
        (400, "illegal_argument", "USERNAME_TOO_LONG", InvalidInput),
        (
            400,
            "duplicate_unique_property_exists",
            "... value of XXX exists",
            Conflict,
        ),
        (
            400,
            "illegal_argument",
            "\"newpassword is required\"",
            InvalidInput,
        ),
        (
            400,
            "management",
            "User with id null does not exist in app X",
            NotFound,
        ),
        (
            400,
            "required_property_not_found",
            "Entity user requires a property named username",
            NotFound,
        ),
        (
            400,
            "illegal_argument",
            "attempt to adding new block[X] for user[Y],but user[X] not found.",
            NotFound,
        ),
        (
            401,
            "unauthorized",
            "Unable to authenticate due to expired access token",
            Unauthorized,
        ),
        (
            401,
            "auth_bad_access_token",
            "Unable to authenticate due to corrupt access token",
            Unauthorized,
        ),
        (
            401,
            "unauthorized",
            "registration is not open, please contact the app admin",
            Unauthorized,
        ),
        (
            403,
            "exceed_limit",
            "user contact number exceed limit",
            LimitExceeded,
        ),
        (
            404,
            "service_resource_not_found",
            "Service resource not found",
            NotFound,
        ),
        (404, "entity_not_found", "User null not found", NotFound),
        (
            404,
            "organization_application_not_found",
            "Could not find application",
            Configuration,
        ),
        (429, "too_many_requests", "", RateLimited),
        (
            429,
            "resource_limited",
            "You have exceeded the limit of the community edition",
            LimitExceeded,
        ),
        (500, "", "", Server),
        (502, "", "", Server),
        (503, "", "", Server),
        (504, "", "", Server),
        (413, "request_entity_too_large", "", InvalidInput),
    ];
    for (status, code, desc, kind) in cases {
        assert_eq!(
            kind_for_response(status, Some(code), Some(desc)),
            kind,
            "{status} {code} {desc}"
        );
    }
}

#[test]
fn retryable_kinds() {
    for k in ErrorKind::ALL {
        let e = Error::new(k, "x");
        let expect = matches!(
            k,
            ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Transport
        );
        assert_eq!(e.is_retryable(), expect, "{k:?}");
    }
}

#[test]
fn invalid_names_field_and_rule() {
    let e = Error::invalid("username", "must be 1-64 bytes").prefix_field("users[3]");
    assert_eq!(e.field(), Some("users[3].username"));
    let pw = Error::invalid("new_password", "x").prefix_field("users[3]");
    assert_eq!(
        pw.field_camel_case().as_deref(),
        Some("users[3].newPassword")
    );
    assert_eq!(
        e.to_string(),
        "invalid `users[3].username`: must be 1-64 bytes"
    );
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}
