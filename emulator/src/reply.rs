//! Response bodies: success envelopes and the service's error body.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde_json::{json, Map, Value};

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A response ready to write.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Bytes,
    pub retry_after: Option<String>,
}

impl Reply {
    pub(crate) fn json(status: u16, v: &Value) -> Self {
        Reply {
            status,
            body: Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
            retry_after: None,
        }
    }
}

/// An error the way the service reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub error: &'static str,
    pub exception: &'static str,
    pub description: String,
}

const NOT_FOUND_EX: &str =
    "org.apache.usergrid.services.exceptions.ServiceResourceNotFoundException";
const ILLEGAL_EX: &str = "java.lang.IllegalArgumentException";

impl ApiError {
    pub(crate) fn new(
        status: u16,
        error: &'static str,
        exception: &'static str,
        d: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            error,
            exception,
            description: d.into(),
        }
    }

    pub(crate) fn not_found() -> Self {
        Self::new(
            404,
            "service_resource_not_found",
            NOT_FOUND_EX,
            "Service resource not found",
        )
    }

    pub(crate) fn illegal(d: impl Into<String>) -> Self {
        Self::new(400, "illegal_argument", ILLEGAL_EX, d)
    }

    pub(crate) fn duplicate(name: &str) -> Self {
        Self::new(
            400,
            "duplicate_unique_property_exists",
            "org.apache.usergrid.persistence.exceptions.DuplicateUniquePropertyExistsException",
            format!("Application null Entity user requires that property named username be unique, value of {name} exists"),
        )
    }

    pub(crate) fn unauthorized(d: impl Into<String>) -> Self {
        Self::new(
            401,
            "unauthorized",
            "org.apache.usergrid.rest.exceptions.SecurityException",
            d,
        )
    }

    pub(crate) fn no_permission(app_uuid: &str, method: &str, path: &str) -> Self {
        Self::new(
            401,
            "unauthorized",
            "org.apache.shiro.authz.UnauthorizedException",
            format!(
                "Subject does not have permission [applications:{}:{app_uuid}:{path}]",
                method.to_ascii_lowercase()
            ),
        )
    }

    pub(crate) fn rate_limited(limit: u32) -> Self {
        Self::new(
            429,
            "too_many_requests",
            "org.apache.usergrid.rest.exceptions.TooManyRequestsException",
            format!("This request has reached the API limit of {limit} requests per second"),
        )
    }

    pub(crate) fn to_reply(&self) -> Reply {
        Reply::json(
            self.status,
            &json!({
                "error": self.error,
                "timestamp": now_ms(),
                "duration": 0,
                "exception": self.exception,
                "error_description": self.description,
            }),
        )
    }
}

/// Builds success envelopes with the fields each route documents.
pub(crate) struct Envelope {
    map: Map<String, Value>,
}

impl Envelope {
    pub(crate) fn new(action: &str) -> Self {
        let mut map = Map::new();
        map.insert("action".into(), Value::String(action.into()));
        Envelope { map }
    }

    pub(crate) fn set(mut self, k: &str, v: Value) -> Self {
        self.map.insert(k.into(), v);
        self
    }

    pub(crate) fn finish(mut self, started: i64) -> Reply {
        let now = now_ms();
        self.map.insert("timestamp".into(), json!(now));
        self.map
            .insert("duration".into(), json!((now - started).max(0)));
        Reply::json(200, &Value::Object(self.map))
    }
}
