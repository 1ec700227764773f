//! Push: nicknames in bulk, per-conversation settings, translation language.

use serde_json::{json, Map, Value};

use crate::app::{App, Req, State};
use crate::h_users::{app_envelope, uri};
use crate::reply::{now_ms, ApiError, Envelope, Reply};
use crate::store::PushSetting;

const MAX_NICKNAMES: usize = 50;
const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;

fn user_missing() -> ApiError {
    ApiError::new(
        400,
        "required_property_not_found",
        "org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException",
        "Entity user requires a property named username",
    )
}

fn invalid(what: &str) -> ApiError {
    ApiError::illegal(format!("parameters is invalid : {what}"))
}

/// `PUT /push/nickname` with `[{username, push_nickname}]` (at most 50).
pub(crate) fn nicknames(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req
        .json()
        .map_err(|_| ApiError::illegal("put user push nicknames illegal empty request body"))?;
    let items = body
        .as_array()
        .ok_or_else(|| ApiError::illegal("put user push nicknames illegal empty request body"))?;
    if items.is_empty() {
        return Err(ApiError::illegal(
            "put user push nicknames illegal empty request body",
        ));
    }
    if items.len() > MAX_NICKNAMES {
        return Err(ApiError::illegal(
            "put user push nicknames exceeds the limit",
        ));
    }
    let mut pairs = Vec::with_capacity(items.len());
    for it in items {
        let name = it.get("username").and_then(Value::as_str).unwrap_or("");
        let nick = it
            .get("push_nickname")
            .and_then(Value::as_str)
            .unwrap_or("");
        if nick.chars().count() > 100 {
            return Err(ApiError::illegal(format!(
                "{name} push nickname length exceeds the limit"
            )));
        }
        pairs.push((name.to_owned(), nick.to_owned()));
    }
    let now = now_ms();
    let mut done = Vec::new();
    for (name, nick) in pairs {
        if let Some(u) = st.store.find(&name).and_then(|s| st.store.get_mut(s)) {
            u.nickname = Some(nick.as_str().into());
            u.modified = now;
            done.push(json!({ "push_nickname": nick, "username": u.username.to_string() }));
        }
    }
    Ok(app_envelope(app, st, "put", "/push")
        .set("entities", Value::Array(done))
        .finish(started))
}

fn setting_json(s: &PushSetting, default_mode: &str) -> Value {
    json!({
        "type": s.mode.clone().unwrap_or_else(|| default_mode.to_owned()),
        "ignoreInterval": s.interval.clone().unwrap_or_default(),
        "ignoreDuration": s.until.filter(|u| *u > now_ms()).unwrap_or(0),
    })
}

/// The stored setting's key: (`user` | `chatgroup`, key lowercased).
fn key_of(kind: &str, key: &str) -> Result<(String, String), ApiError> {
    match kind {
        "user" | "chatgroup" => Ok((kind.to_owned(), key.to_ascii_lowercase())),
        _ => Err(ApiError::new(
            404,
            "service_resource_not_found",
            "org.apache.usergrid.services.exceptions.ServiceResourceNotFoundException",
            "url is invalid",
        )),
    }
}

/// `GET /users/{u}/notification/{user|chatgroup}/{key}`.
pub(crate) fn get_setting(
    app: &App,
    st: &mut State,
    name: &str,
    kind: &str,
    key: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let k = key_of(kind, key)?;
    let u = st.store.by_name(name).ok_or_else(user_missing)?;
    let app_level = kind == "user" && key.eq_ignore_ascii_case(&u.username);
    let s = u
        .extra
        .as_ref()
        .and_then(|e| e.push.get(&k))
        .cloned()
        .unwrap_or_default();
    let data = setting_json(&s, if app_level { "ALL" } else { "DEFAULT" });
    Ok(Envelope::new("get")
        .set("path", json!("/users"))
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/notification/{kind}/{key}")),
        )
        .set("data", data)
        .finish(started))
}

fn hhmm(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
}

/// `PUT /users/{u}/notification/{user|chatgroup}/{key}` with `{type?,
/// ignoreInterval?, ignoreDuration?}`; answers `ignoreDuration` as the end.
pub(crate) fn set_setting(
    app: &App,
    st: &mut State,
    req: &Req,
    name: &str,
    kind: &str,
    key: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let k = key_of(kind, key)?;
    let body = req.json()?;
    let o: &Map<String, Value> = body.as_object().ok_or_else(|| invalid("body"))?;
    let seq = st.store.find(name).ok_or_else(user_missing)?;
    let app_level = kind == "user"
        && st
            .store
            .get(seq)
            .is_some_and(|u| key.eq_ignore_ascii_case(&u.username));
    // An empty type is "not given" (the community Go SDK always sends the field).
    let mode = match o.get("type") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) if m.is_empty() => None,
        Some(Value::String(m)) if matches!(m.as_str(), "ALL" | "AT" | "NONE") => Some(m.clone()),
        Some(Value::String(m)) if m == "DEFAULT" && !app_level => Some(m.clone()),
        Some(_) => return Err(invalid("type")),
    };
    let interval = match o.get("ignoreInterval") {
        None | Some(Value::Null) => None,
        Some(Value::String(i)) if i.is_empty() => Some(String::new()),
        Some(Value::String(i)) if app_level => match i.split_once('-') {
            Some((a, b)) if hhmm(a) && hhmm(b) => Some(i.clone()),
            _ => return Err(invalid("ignoreInterval")),
        },
        Some(_) => return Err(invalid("ignoreInterval")),
    };
    let duration = match o.get("ignoreDuration") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(d) if (0..=WEEK_MS).contains(&d) => Some(d),
            _ => return Err(invalid("ignoreDuration")),
        },
    };
    let now = now_ms();
    let u = st.store.get_mut(seq).ok_or_else(user_missing)?;
    let s = u.extra().push.entry(k).or_default();
    if let Some(m) = mode {
        s.mode = Some(m);
    }
    if let Some(i) = interval {
        s.interval = (!i.is_empty()).then_some(i);
    }
    if let Some(d) = duration {
        s.until = (d > 0).then_some(now + d);
    }
    let data = setting_json(&s.clone(), if app_level { "ALL" } else { "DEFAULT" });
    Ok(Envelope::new("put")
        .set("path", json!("/users"))
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/notification/{kind}/{key}")),
        )
        .set("data", data)
        .finish(started))
}

/// `GET` / `PUT /users/{u}/notification/language` (`{"translationLanguage"}`).
pub(crate) fn language(
    app: &App,
    st: &mut State,
    req: Option<&Req>,
    name: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let new = match req {
        None => None,
        Some(r) => {
            let body = r.json()?;
            match body.get("translationLanguage") {
                Some(Value::String(l))
                    if l.len() <= 32
                        && l.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
                {
                    Some(l.clone())
                }
                _ => return Err(invalid("translationLanguage")),
            }
        }
    };
    let seq = st.store.find(name).ok_or_else(user_missing)?;
    let u = st.store.get_mut(seq).ok_or_else(user_missing)?;
    if let Some(l) = new {
        u.extra().language = l;
    }
    let lang = u
        .extra
        .as_ref()
        .map(|e| e.language.clone())
        .unwrap_or_default();
    let action = if req.is_some() { "put" } else { "get" };
    Ok(Envelope::new(action)
        .set("path", json!("/users"))
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/notification/language")),
        )
        .set("data", json!({ "language": lang }))
        .finish(started))
}
