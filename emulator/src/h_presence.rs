//! Online status and offline messages.

use serde_json::{json, Map, Value};

use crate::app::{App, Req, State};
use crate::h_users::uri;
use crate::reply::{now_ms, ApiError, Envelope, Reply};

/// Most usernames per batch status request.
pub(crate) const BATCH_STATUS_MAX: usize = 100;

fn word(online: bool) -> &'static str {
    if online {
        "online"
    } else {
        "offline"
    }
}

/// `GET /users/{username}/status`.
pub(crate) fn status(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(ApiError::not_found)?;
    let mut data = Map::new();
    data.insert(name.to_owned(), json!(word(u.online())));
    Ok(Envelope::new("get")
        .set("uri", uri(app, st, &format!("/users/{name}/status")))
        .set("entities", json!([]))
        .set("data", Value::Object(data))
        .set("count", json!(0))
        .finish(started))
}

/// `POST /users/batch/status` with `{"usernames": [...]}`; unknown users are offline.
pub(crate) fn batch(st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let names = match body.get("usernames") {
        Some(Value::Array(a)) => a,
        _ => {
            return Err(ApiError::illegal(
                "usernames is required and must be an array",
            ))
        }
    };
    if names.len() > BATCH_STATUS_MAX {
        return Err(ApiError::illegal(format!(
            "request body exceeds maximum limit, maximum limit is {BATCH_STATUS_MAX}"
        )));
    }
    let mut data = Vec::with_capacity(names.len());
    for n in names {
        let n = n
            .as_str()
            .ok_or_else(|| ApiError::illegal("usernames must be strings"))?;
        let online = st.store.by_name(n).is_some_and(|u| u.online());
        let mut m = Map::new();
        m.insert(n.to_owned(), json!(word(online)));
        data.push(Value::Object(m));
    }
    Ok(Envelope::new("get batch user status")
        .set("data", Value::Array(data))
        .finish(started))
}

/// `GET /users/{username}/offline_msg_count`.
pub(crate) fn offline_count(app: &App, st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(ApiError::not_found)?;
    let n = u
        .extra
        .as_ref()
        .map_or(0, |e| e.offline.iter().filter(|(_, d)| !d).count());
    let v = if st.config.count_as_string {
        json!(n.to_string())
    } else {
        json!(n)
    };
    let mut data = Map::new();
    data.insert(name.to_owned(), v);
    Ok(Envelope::new("get")
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/offline_msg_count")),
        )
        .set("entities", json!([]))
        .set("data", Value::Object(data))
        .set("count", json!(0))
        .finish(started))
}

/// `GET /users/{username}/offline_msg_status/{msg_id}`; an id not waiting offline is delivered.
pub(crate) fn offline_status(
    app: &App,
    st: &mut State,
    name: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(name).ok_or_else(ApiError::not_found)?;
    let delivered = u
        .extra
        .as_ref()
        .and_then(|e| e.offline.iter().find(|(m, _)| m == id))
        .is_none_or(|(_, d)| *d);
    let mut data = Map::new();
    data.insert(
        id.to_owned(),
        json!(if delivered {
            "delivered"
        } else {
            "undelivered"
        }),
    );
    Ok(Envelope::new("get")
        .set(
            "uri",
            uri(app, st, &format!("/users/{name}/offline_msg_status/{id}")),
        )
        .set("entities", json!([]))
        .set("data", Value::Object(data))
        .set("count", json!(0))
        .finish(started))
}
