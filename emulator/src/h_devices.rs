//! A user's devices: list them, log one out.

use serde_json::{json, Value};

use crate::app::{App, Req, State};
use crate::h_users::uri;
use crate::reply::{now_ms, ApiError, Envelope, Reply};

/// `GET /users/{username}/resources`.
pub(crate) fn list(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(ApiError::not_found)?;
    let devices: Vec<Value> = u
        .extra
        .as_ref()
        .map(|e| {
            e.devices
                .iter()
                .map(|(res, uuid, dev)| json!({ "res": res, "device_uuid": uuid, "device_name": dev }))
                .collect()
        })
        .unwrap_or_default();
    let path = format!("/users/{name}/resources");
    Ok(Envelope::new("get")
        .set("path", json!(path))
        .set("uri", uri(app, st, &path))
        .set("entities", json!([]))
        .set("data", Value::Array(devices))
        .finish(started))
}

/// `DELETE /users/{username}/disconnect/{resource}` (GET too, as the Java SDK sends).
pub(crate) fn logout(
    app: &App,
    st: &mut State,
    req: &Req,
    name: &str,
    resource: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let seq = st.store.find(name).ok_or_else(ApiError::not_found)?;
    let mut removed = false;
    if let Some(e) = st.store.get_mut(seq).and_then(|u| u.extra.as_mut()) {
        let before = e.devices.len();
        e.devices.retain(|(r, _, _)| r != resource);
        removed = e.devices.len() < before;
        if removed && e.devices.is_empty() {
            e.online = false;
        }
    }
    Ok(Envelope::new(&req.method.to_ascii_lowercase())
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/disconnect/{resource}")),
        )
        .set("entities", json!([]))
        .set("data", json!({ "result": removed }))
        .finish(started))
}
