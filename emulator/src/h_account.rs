//! Password, push settings, deactivate / activate, disconnect.

use serde_json::{json, Value};

use crate::app::{App, Req, State};
use crate::h_users::{app_envelope, uri};
use crate::reply::{now_ms, ApiError, Envelope, Reply};

fn int_field(v: &Value, k: &str) -> Result<Option<i64>, ApiError> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::illegal(format!("{k} must be an integer"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::illegal(format!("{k} must be an integer"))),
        Some(_) => Err(ApiError::illegal(format!("{k} must be an integer"))),
    }
}

fn bool_field(v: &Value, k: &str) -> Result<Option<bool>, ApiError> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s == "true" || s == "1" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" || s == "0" => Ok(Some(false)),
        Some(Value::Number(n)) if n.as_i64() == Some(1) => Ok(Some(true)),
        Some(Value::Number(n)) if n.as_i64() == Some(0) => Ok(Some(false)),
        Some(_) => Err(ApiError::illegal(format!("{k} must be a boolean"))),
    }
}

fn hour(v: &Value, k: &str) -> Result<Option<u8>, ApiError> {
    match int_field(v, k)? {
        None => Ok(None),
        Some(h) if (0..=23).contains(&h) => Ok(Some(h as u8)),
        Some(h) => Err(ApiError::illegal(format!(
            "{k} must be an hour 0-23, got {h}"
        ))),
    }
}

/// `PUT /users/{username}`: push nickname, display style, no-disturb.
pub(crate) fn put_user(
    app: &App,
    st: &mut State,
    req: &Req,
    name: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    if !body.is_object() {
        return Err(ApiError::illegal("the request body must be a JSON object"));
    }
    let nickname = match body.get("nickname") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= 100 => Some(s.clone()),
        Some(Value::String(_)) => return Err(ApiError::illegal("NICKNAME_TOO_LONG")),
        Some(_) => return Err(ApiError::illegal("nickname must be a string")),
    };
    let style = match int_field(&body, "notification_display_style")? {
        None => None,
        Some(s @ (0 | 1)) => Some(s as u8),
        Some(s) => {
            return Err(ApiError::illegal(format!(
                "notification_display_style must be 0 or 1, got {s}"
            )))
        }
    };
    let no_disturb = bool_field(&body, "notification_no_disturbing")?;
    let start = hour(&body, "notification_no_disturbing_start")?;
    let end = hour(&body, "notification_no_disturbing_end")?;
    let seq = st.store.find(name).ok_or_else(|| {
        ApiError::new(
            400,
            "required_property_not_found",
            "org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException",
            "Entity user requires a property named username",
        )
    })?;
    let u = st.store.get_mut(seq).ok_or_else(ApiError::not_found)?;
    if let Some(n) = nickname {
        u.nickname = Some(n.into());
    }
    if style.is_some() || no_disturb.is_some() || start.is_some() || end.is_some() {
        let e = u.extra();
        if style.is_some() {
            e.display_style = style;
        }
        if no_disturb.is_some() {
            e.no_disturb = no_disturb;
        }
        if start.is_some() {
            e.nd_start = start;
        }
        if end.is_some() {
            e.nd_end = end;
        }
    }
    u.modified = now_ms();
    let entity = u.entity();
    Ok(app_envelope(app, st, "put", "/users")
        .set("entities", json!([entity]))
        .finish(started))
}

/// `PUT /users/{username}/password`.
pub(crate) fn password(st: &mut State, req: &Req, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let pw = match body.get("newpassword") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(ApiError::illegal("\"newpassword is required\"")),
    };
    if pw.chars().count() > 64 {
        return Err(ApiError::illegal("PASSWORD_TOO_LONG"));
    }
    let seq = st.store.find(name).ok_or_else(|| {
        ApiError::new(
            404,
            "entity_not_found",
            "org.apache.usergrid.persistence.exceptions.EntityNotFoundException",
            "User null not found",
        )
    })?;
    if let Some(u) = st.store.get_mut(seq) {
        u.password = pw.into();
        u.modified = now_ms();
    }
    Ok(Envelope::new("set user password").finish(started))
}

/// `POST /users/{username}/deactivate`.
pub(crate) fn deactivate(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let seq = st.store.find(name).ok_or_else(|| {
        ApiError::new(
            400,
            "management",
            "org.apache.usergrid.management.exceptions.ManagementException",
            format!("User with id null does not exist in app {}", app.app_uuid),
        )
    })?;
    let u = st.store.get_mut(seq).ok_or_else(ApiError::not_found)?;
    u.activated = false;
    u.modified = now_ms();
    if let Some(e) = u.extra.as_mut() {
        e.online = false;
        e.devices.clear();
    }
    let entity = u.entity();
    Ok(Envelope::new("Deactivate user")
        .set("entities", json!([entity]))
        .finish(started))
}

/// `POST /users/{username}/activate`.
pub(crate) fn activate(st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let seq = st.store.find(name).ok_or_else(ApiError::not_found)?;
    if let Some(u) = st.store.get_mut(seq) {
        u.activated = true;
        u.modified = now_ms();
    }
    Ok(Envelope::new("activate user").finish(started))
}

/// `GET /users/{username}/disconnect`.
pub(crate) fn disconnect(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let seq = st.store.find(name).ok_or_else(ApiError::not_found)?;
    if let Some(e) = st.store.get_mut(seq).and_then(|u| u.extra.as_mut()) {
        e.online = false;
        e.devices.clear();
    }
    Ok(Envelope::new("get")
        .set("uri", uri(app, st, &format!("/users/{name}/disconnect")))
        .set("entities", json!([]))
        .set("data", json!({ "result": true }))
        .set("count", json!(0))
        .finish(started))
}
