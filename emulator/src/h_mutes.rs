//! Global mutes (`/mutes`).

use serde_json::{json, Value};

use crate::app::{App, Req, State};
use crate::h_users::app_envelope;
use crate::reply::{now_ms, ApiError, Envelope, Reply};

const TYPES: [&str; 3] = ["chat", "groupchat", "chatroom"];

fn now_s() -> i64 {
    now_ms() / 1000
}

fn user_missing() -> ApiError {
    ApiError::new(
        400,
        "required_property_not_found",
        "org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException",
        "Entity user requires a property named username",
    )
}

/// Seconds left of a mute ending at `end` (-1: for good; 0: none or over).
fn left(end: i64, now: i64) -> i64 {
    if end < 0 {
        -1
    } else {
        (end - now).max(0)
    }
}

/// `POST /mutes` with `{username, chat?, groupchat?, chatroom?}`.
pub(crate) fn set(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let name = body
        .get("username")
        .and_then(Value::as_str)
        .ok_or_else(user_missing)?;
    let mut changes = Vec::new();
    for t in TYPES {
        match body.get(t) {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_i64() {
                Some(n) if (-1..=i64::from(i32::MAX)).contains(&n) => changes.push((t, n)),
                _ => {
                    return Err(ApiError::illegal(format!(
                        "{t} must be -1, 0 or a number of seconds up to 2147483647"
                    )))
                }
            },
        }
    }
    let seq = st.store.find(name).ok_or_else(user_missing)?;
    let now = now_s();
    let u = st.store.get_mut(seq).ok_or_else(user_missing)?;
    let mutes = &mut u.extra().mutes;
    for (t, n) in changes {
        match n {
            0 => {
                mutes.remove(t);
            }
            -1 => {
                mutes.insert(t, -1);
            }
            secs => {
                mutes.insert(t, now + secs);
            }
        }
    }
    Ok(app_envelope(app, st, "post", "/mutes")
        .set("data", json!({ "result": "ok" }))
        .finish(started))
}

/// `GET /mutes/{username}`: seconds left per chat type.
pub(crate) fn get(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(user_missing)?;
    let now = now_s();
    let mut data = serde_json::Map::new();
    data.insert(
        "userid".into(),
        json!(format!(
            "{}#{}_{}",
            st.config.org, st.config.app, u.username
        )),
    );
    for t in TYPES {
        let end = u.extra.as_ref().and_then(|e| e.mutes.get(t)).copied();
        data.insert(t.into(), json!(end.map_or(0, |e| left(e, now))));
    }
    data.insert("unixtime".into(), json!(now));
    Ok(app_envelope(app, st, "get", "/mutes")
        .set("data", Value::Object(data))
        .finish(started))
}

/// `GET /mutes?pageNum&pageSize`: one entry per muted user and chat type.
pub(crate) fn list(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let num = |k: &str, default: usize| -> Result<usize, ApiError> {
        match req.query(k) {
            None | Some("") => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| ApiError::illegal(format!("{k} must be a number"))),
        }
    };
    let page = num("pageNum", 1)?.max(1);
    let size = num("pageSize", 10)?;
    if !(1..=50).contains(&size) {
        return Err(ApiError::illegal("pageSize must be between 1 and 50"));
    }
    let now = now_s();
    let entries: Vec<Value> = st
        .store
        .iter()
        .filter_map(|u| u.extra.as_ref().map(|e| (u, e)))
        .flat_map(|(u, e)| {
            e.mutes
                .iter()
                .filter(|(_, end)| left(**end, now) != 0)
                .map(
                    |(t, end)| json!({ "username": u.username.to_string(), (*t): left(*end, now) }),
                )
                .collect::<Vec<_>>()
        })
        .skip((page - 1) * size)
        .take(size)
        .collect();
    Ok(Envelope::new("get")
        .set("path", json!("/mutes"))
        .set("uri", crate::h_users::uri(app, st, "/mutes"))
        .set("entities", json!([]))
        .set("data", json!({ "data": entries, "unixtime": now }))
        .finish(started))
}
