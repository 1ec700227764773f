//! Token grants and user registration, lookup, listing and deletion.

use serde_json::{json, Value};

use crate::app::{App, Req, State};
use crate::b64;
use crate::reply::{now_ms, ApiError, Envelope, Reply};

/// Most users per batch registration.
pub(crate) const BATCH_REGISTER_MAX: usize = 60;

/// An envelope with the app fields most write routes carry.
pub(crate) fn app_envelope(app: &App, st: &State, action: &str, path: &str) -> Envelope {
    Envelope::new(action)
        .set("application", json!(app.app_uuid))
        .set("path", json!(path))
        .set(
            "uri",
            json!(format!(
                "{}/{}/{}{}",
                app.base(),
                st.config.org,
                st.config.app,
                path
            )),
        )
        .set("organization", json!(st.config.org))
        .set("applicationName", json!(st.config.app))
}

pub(crate) fn uri(app: &App, st: &State, path: &str) -> Value {
    json!(format!(
        "{}/{}/{}{}",
        app.base(),
        st.config.org,
        st.config.app,
        path
    ))
}

pub(crate) fn legal_username(name: &str) -> Result<(), ApiError> {
    if name.len() > 64 {
        return Err(ApiError::illegal("USERNAME_TOO_LONG"));
    }
    let chars_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    let dots = name == "." || name == "..";
    let uuid = name.len() == 36
        && name.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if !chars_ok || dots || uuid {
        return Err(ApiError::illegal(format!("username {name} is not legal")));
    }
    Ok(())
}

pub(crate) fn str_field<'a>(
    o: &'a serde_json::Map<String, Value>,
    k: &str,
) -> Result<Option<&'a str>, ApiError> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::illegal(format!("{k} must be a string"))),
    }
}

struct NewUser<'a> {
    username: &'a str,
    password: &'a str,
    nickname: Option<&'a str>,
}

fn parse_new_user(v: &Value) -> Result<NewUser<'_>, ApiError> {
    let o = v
        .as_object()
        .ok_or_else(|| ApiError::illegal("each user must be a JSON object"))?;
    let username = str_field(o, "username")?.ok_or_else(|| {
        ApiError::new(
            400,
            "required_property_not_found",
            "org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException",
            "Entity user requires a property named username",
        )
    })?;
    legal_username(username)?;
    let password = str_field(o, "password")?.unwrap_or("");
    if password.is_empty() {
        return Err(ApiError::illegal("password or pin must provided"));
    }
    if password.chars().count() > 64 {
        return Err(ApiError::illegal("PASSWORD_TOO_LONG"));
    }
    let nickname = str_field(o, "nickname")?;
    if nickname.is_some_and(|n| n.chars().count() > 100) {
        return Err(ApiError::illegal("NICKNAME_TOO_LONG"));
    }
    Ok(NewUser {
        username,
        password,
        nickname,
    })
}

/// `POST /users`: one user (object) or a batch (array).
pub(crate) fn register(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let batch = body.is_array();
    if batch || req.authorization.is_some() {
        app.authorize(st, req)?;
    } else if !st.config.open_registration {
        return Err(ApiError::unauthorized(
            "registration is not open, please contact the app admin",
        ));
    }
    match &body {
        Value::Object(_) => {
            let u = parse_new_user(&body)?;
            let seq = st
                .store
                .create(u.username, u.password, u.nickname)
                .ok_or_else(|| ApiError::duplicate(u.username))?;
            let entity = st.store.get(seq).map(|r| r.entity()).unwrap_or(Value::Null);
            Ok(app_envelope(app, st, "post", "/users")
                .set("entities", json!([entity]))
                .finish(started))
        }
        Value::Array(items) => {
            if items.len() > BATCH_REGISTER_MAX {
                return Err(ApiError::illegal(format!(
                    "Request body array size[{}] had almost reached or been greater than the upper range value[{BATCH_REGISTER_MAX}]",
                    items.len()
                )));
            }
            if items.is_empty() {
                return Err(ApiError::illegal("Request body array is empty"));
            }
            let parsed = items
                .iter()
                .map(parse_new_user)
                .collect::<Result<Vec<_>, _>>()?;
            let mut entities = Vec::new();
            let mut failed = Vec::new();
            for u in parsed {
                match st.store.create(u.username, u.password, u.nickname) {
                    Some(seq) => {
                        entities.push(st.store.get(seq).map(|r| r.entity()).unwrap_or(Value::Null))
                    }
                    None => failed.push(json!({
                        "username": u.username,
                        "registerUserFailReason": format!("the {} already exists", u.username),
                    })),
                }
            }
            Ok(app_envelope(app, st, "post", "/users")
                .set("params", json!({}))
                .set("entities", Value::Array(entities))
                .set("data", Value::Array(failed))
                .finish(started))
        }
        _ => Err(ApiError::illegal(
            "the request body must be a user object or an array of users",
        )),
    }
}

/// `GET /users/{username}`.
pub(crate) fn get(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(ApiError::not_found)?;
    Ok(Envelope::new("get")
        .set("path", json!("/users"))
        .set("uri", uri(app, st, &format!("/users/{name}")))
        .set("entities", json!([u.entity()]))
        .set("count", json!(1))
        .finish(started))
}

/// `limit` of list and batch delete: default 10, at least 1. A list caps a
/// larger value at 100 (as the service does); a batch delete takes up to 500
/// (the reference recommends 100-500 per call).
fn parse_limit(req: &Req, max: usize, cap: bool) -> Result<usize, ApiError> {
    match req.query("limit") {
        None => Ok(10),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            Ok(n) if n > max && cap => Ok(max),
            _ => Err(ApiError::illegal(format!(
                "limit must be between 1 and {max}, got {s:?}"
            ))),
        },
    }
}

fn parse_cursor(req: &Req) -> Result<u64, ApiError> {
    match req.query("cursor") {
        None => Ok(0),
        Some(c) => b64::decode(c)
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("cursor:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| ApiError::illegal(format!("cursor {c:?} is not valid"))),
    }
}

fn make_cursor(next: u64) -> String {
    b64::encode(format!("cursor:{next}").as_bytes())
}

fn params(req: &Req) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in &req.query {
        m.insert(k.clone(), json!([v]));
    }
    Value::Object(m)
}

/// `GET /users?limit&cursor`.
pub(crate) fn list(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let limit = parse_limit(req, 100, true)?;
    let start = parse_cursor(req)?;
    let (seqs, next) = st.store.page(start, limit);
    let entities: Vec<Value> = seqs
        .iter()
        .filter_map(|s| st.store.get(*s))
        .map(|u| u.entity())
        .collect();
    let mut env = Envelope::new("get")
        .set("params", params(req))
        .set("path", json!("/users"))
        .set("uri", uri(app, st, "/users"))
        .set("count", json!(entities.len()))
        .set("entities", Value::Array(entities));
    if let Some(n) = next {
        env = env.set("cursor", json!(make_cursor(n)));
    }
    Ok(env.finish(started))
}

/// `DELETE /users?limit`: deletes the oldest N users.
pub(crate) fn delete_many(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let limit = parse_limit(req, 500, false)?;
    let (seqs, next) = st.store.page(0, limit);
    let entities: Vec<Value> = seqs
        .iter()
        .filter_map(|s| st.store.delete(*s))
        .map(|u| u.entity())
        .collect();
    let mut env = app_envelope(app, st, "delete", "/users")
        .set("params", params(req))
        .set("entities", Value::Array(entities));
    if let Some(n) = next {
        env = env.set("cursor", json!(make_cursor(n)));
    }
    Ok(env.finish(started))
}

/// `DELETE /users/{username}`.
pub(crate) fn delete(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let seq = st.store.find(name).ok_or_else(ApiError::not_found)?;
    let rec = st.store.delete(seq).ok_or_else(ApiError::not_found)?;
    Ok(app_envelope(app, st, "delete", "/users")
        .set("entities", json!([rec.entity()]))
        .finish(started))
}
