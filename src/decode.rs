//! Tolerant decoding of the service's response envelopes.
//!
//! The service adds fields over time and is loose with types (numbers as
//! strings, booleans as strings): decoding accepts both and ignores unknown
//! fields, but fails with a typed [`ErrorKind::Decode`] error, never a panic,
//! when a field it needs is missing or malformed.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{kind_for_response, Error, ErrorKind, Result};
use crate::models::{DeliveryStatus, DisplayStyle, Presence, TokenInfo, User, UserPage};
use crate::secret::Secret;

/// Parses a body as a JSON object.
pub(crate) fn object(body: &[u8]) -> Result<Map<String, Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::decode("the response body is empty"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => {
            if let Some(Value::String(code)) = m.get("error") {
                // A success status carrying an error body.
                let desc = m
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let kind = match kind_for_response(400, Some(code), desc.as_deref()) {
                    ErrorKind::InvalidInput => ErrorKind::Decode,
                    k => k,
                };
                return Err(
                    Error::new(kind, "the service answered with an error body").with_http(
                        200,
                        Some(code.clone()),
                        desc,
                    ),
                );
            }
            Ok(m)
        }
        Ok(_) => Err(Error::decode("the response body is not a JSON object")),
        Err(e) => {
            let start = String::from_utf8_lossy(&body[..body.len().min(40)]).to_string();
            let hint = if start.trim_start().starts_with('<') {
                " (an HTML page?)"
            } else {
                ""
            };
            Err(Error::decode(format!(
                "the response body is not valid JSON{hint}: {e}"
            )))
        }
    }
}

/// The envelope's `timestamp` (the service's clock, ms since the Unix
/// epoch), found by a scan rather than a parse: it is read from every answer
/// to a create, so it must cost next to nothing.
pub(crate) fn envelope_timestamp(body: &[u8]) -> Option<i64> {
    const KEY: &[u8] = b"\"timestamp\":";
    let at = body.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let rest = &body[at..];
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let digits = rest[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    std::str::from_utf8(&rest[start..start + digits])
        .ok()?
        .parse()
        .ok()
        .filter(|&t: &i64| t > 0)
}

/// Reads `error` and `error_description` from an error body, if it is one.
pub(crate) fn error_fields(body: &[u8]) -> (Option<String>, Option<String>) {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => (
            m.get("error").and_then(Value::as_str).map(str::to_owned),
            m.get("error_description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        ),
        _ => (None, None),
    }
}

pub(crate) fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    }
}

pub(crate) fn as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Decodes one user entity.
pub(crate) fn user(v: &Value) -> Result<User> {
    let m = v
        .as_object()
        .ok_or_else(|| Error::decode("a user entity is not an object"))?;
    let username = m
        .get("username")
        .and_then(as_string)
        .ok_or_else(|| Error::decode("a user entity has no `username`"))?;
    let hour = |k: &str| m.get(k).and_then(as_i64).and_then(|h| u8::try_from(h).ok());
    let mut ignore = BTreeMap::new();
    for (k, v) in m {
        if let Some(group) = k.strip_prefix("notification_ignore_") {
            if let Some(b) = as_bool(v) {
                ignore.insert(group.to_owned(), b);
            }
        }
    }
    Ok(User {
        uuid: m.get("uuid").and_then(as_string).unwrap_or_default(),
        activated: m.get("activated").and_then(as_bool).unwrap_or(true),
        nickname: m.get("nickname").and_then(as_string),
        created: m.get("created").and_then(as_i64),
        modified: m.get("modified").and_then(as_i64),
        notification_display_style: m
            .get("notification_display_style")
            .and_then(as_i64)
            .and_then(|c| DisplayStyle::from_code(c).ok()),
        notification_no_disturbing: m.get("notification_no_disturbing").and_then(as_bool),
        notification_no_disturbing_start: hour("notification_no_disturbing_start"),
        notification_no_disturbing_end: hour("notification_no_disturbing_end"),
        notifier_name: m.get("notifier_name").and_then(as_string),
        device_token: m.get("device_token").and_then(as_string),
        notification_ignore: ignore,
        username,
    })
}

/// All user entities of an envelope (`entities` absent means none).
pub(crate) fn users(m: &Map<String, Value>) -> Result<Vec<User>> {
    match m.get("entities") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a.iter().map(user).collect(),
        Some(_) => Err(Error::decode("`entities` is not an array")),
    }
}

/// The first user entity of an envelope.
pub(crate) fn first_user(body: &[u8]) -> Result<User> {
    let m = object(body)?;
    users(&m)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::decode("the response has no user in `entities`"))
}

/// A page of users with its cursor.
pub(crate) fn page(body: &[u8]) -> Result<UserPage> {
    let m = object(body)?;
    let users = users(&m)?;
    let cursor = match m.get("cursor") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    Ok(UserPage { users, cursor })
}

/// `data` as a list of usernames (contacts, blocklist).
pub(crate) fn name_list(body: &[u8]) -> Result<Vec<String>> {
    let m = object(body)?;
    match m.get("data") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| as_string(v).ok_or_else(|| Error::decode("`data` holds a non-string entry")))
            .collect(),
        Some(_) => Err(Error::decode("`data` is not an array")),
    }
}

/// The value for `key` in a `data` map; falls back to the only entry, then to a
/// case-insensitive match (the service may echo the stored spelling).
fn data_value(m: &Map<String, Value>, key: &str) -> Result<Value> {
    let data = m
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::decode("the response has no `data` object"))?;
    if let Some(v) = data.get(key) {
        return Ok(v.clone());
    }
    if let Some((_, v)) = data.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
        return Ok(v.clone());
    }
    if data.len() == 1 {
        return Ok(data.values().next().cloned().unwrap_or(Value::Null));
    }
    Err(Error::decode(format!("`data` has no entry for {key:?}")))
}

/// Presence of one user (`data: {"u": "online"}`).
pub(crate) fn presence(body: &[u8], username: &str) -> Result<Presence> {
    let m = object(body)?;
    let v = data_value(&m, username)?;
    Presence::parse(
        v.as_str()
            .ok_or_else(|| Error::decode("presence is not a string"))?,
    )
}

/// Batch presence: `data: [{"u1": "offline"}, ...]` (a plain map is accepted too).
pub(crate) fn batch_presence(body: &[u8]) -> Result<Vec<(String, Presence)>> {
    let m = object(body)?;
    let mut out = Vec::new();
    let mut push = |k: &String, v: &Value| -> Result<()> {
        let s = v
            .as_str()
            .ok_or_else(|| Error::decode("presence is not a string"))?;
        out.push((k.clone(), Presence::parse(s)?));
        Ok(())
    };
    match m.get("data") {
        Some(Value::Array(items)) => {
            for item in items {
                let obj = item
                    .as_object()
                    .ok_or_else(|| Error::decode("a batch status entry is not an object"))?;
                for (k, v) in obj {
                    push(k, v)?;
                }
            }
        }
        Some(Value::Object(obj)) => {
            for (k, v) in obj {
                push(k, v)?;
            }
        }
        _ => return Err(Error::decode("the batch status response has no `data`")),
    }
    Ok(out)
}

/// Offline message count: a number or a numeric string.
pub(crate) fn count(body: &[u8], username: &str) -> Result<u64> {
    let m = object(body)?;
    let v = data_value(&m, username)?;
    as_i64(&v)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| Error::decode(format!("offline message count {v} is not a number")))
}

/// Delivery status of one message.
pub(crate) fn delivery(body: &[u8], msg_id: &str) -> Result<DeliveryStatus> {
    let m = object(body)?;
    let v = data_value(&m, msg_id)?;
    DeliveryStatus::parse(
        v.as_str()
            .ok_or_else(|| Error::decode("delivery status is not a string"))?,
    )
}

/// `data.result` of disconnect.
pub(crate) fn result_flag(body: &[u8]) -> Result<bool> {
    let m = object(body)?;
    m.get("data")
        .and_then(|d| d.get("result"))
        .and_then(as_bool)
        .ok_or_else(|| Error::decode("the response has no boolean `data.result`"))
}

/// Any JSON object (operations that return nothing still check the body is sane).
pub(crate) fn ack(body: &[u8]) -> Result<()> {
    object(body).map(|_| ())
}

/// `(username, reason)` of each user a batch registration did not create.
pub(crate) type Failures = Vec<(String, String)>;

/// Batch register: created users and per-user failures from `data`.
pub(crate) fn register_batch(body: &[u8]) -> Result<(Vec<User>, Failures)> {
    let m = object(body)?;
    let created = users(&m)?;
    let mut failed = Vec::new();
    if let Some(Value::Array(items)) = m.get("data") {
        for item in items {
            if let Some(o) = item.as_object() {
                let name = o.get("username").and_then(as_string);
                let reason = o
                    .get("registerUserFailReason")
                    .or_else(|| o.get("reason"))
                    .and_then(as_string)
                    .unwrap_or_else(|| "the service did not say why".to_owned());
                if let Some(name) = name {
                    failed.push((name, reason));
                }
            }
        }
    }
    Ok((created, failed))
}

/// A token grant.
pub(crate) fn token(body: &[u8]) -> Result<TokenInfo> {
    let m = object(body)?;
    let access = m
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::decode("the token response has no `access_token`"))?;
    let expires = match m.get("expires_in") {
        // The `agora` grant may answer with only an absolute expiry, in ms.
        None | Some(Value::Null) => match m.get("expire_timestamp").and_then(as_i64) {
            Some(at) if at > 0 => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                Some(((at - now).max(1000) / 1000) as u64)
            }
            _ => None,
        },
        Some(v) => {
            let n = as_i64(v).ok_or_else(|| Error::decode("`expires_in` is not a number"))?;
            if n < 0 {
                return Err(Error::decode("`expires_in` is negative"));
            }
            if n == 0 {
                None
            } else {
                Some(n as u64)
            }
        }
    };
    Ok(TokenInfo {
        access_token: Secret::new(access),
        expires_in: expires,
        application: m.get("application").and_then(as_string),
    })
}
