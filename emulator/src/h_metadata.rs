//! User attributes (`/metadata/user/...`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::app::{App, Req, State};
use crate::reply::{now_ms, ApiError, Reply};

/// Metadata routes answer only `timestamp`, `data` and `duration`.
fn reply(started: i64, data: Value) -> Result<Reply, ApiError> {
    let now = now_ms();
    Ok(Reply::json(
        200,
        &json!({ "timestamp": now, "data": data, "duration": (now - started).max(0) }),
    ))
}

fn forbidden(d: String) -> ApiError {
    ApiError::new(
        403,
        "forbidden",
        "com.easemob.metadata.exceptions.MetadataException",
        d,
    )
}

/// `k1=v1&k2=v2`, `+` as a space, percent-decoded.
fn form(body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::illegal("the form is not UTF-8"))?;
    let decode = |s: &str| -> Result<String, ApiError> {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| ApiError::illegal("the form is not UTF-8"))
    };
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// `PUT /metadata/user/{username}`, form-encoded.
pub(crate) fn set(_app: &App, st: &mut State, req: &Req, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let is_form = req
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(ApiError::illegal(
            "user metadata must be sent as application/x-www-form-urlencoded",
        ));
    }
    let pairs = form(&req.body)?;
    if pairs.is_empty() {
        return Err(ApiError::illegal("the request body is empty"));
    }
    let limit = st.config.metadata_user_limit;
    let seq = st.store.find(name).ok_or_else(ApiError::not_found)?;
    let u = st.store.get_mut(seq).ok_or_else(ApiError::not_found)?;
    let mut merged = u
        .extra
        .as_ref()
        .map(|e| e.metadata.clone())
        .unwrap_or_default();
    for (k, v) in &pairs {
        merged.insert(k.clone(), v.clone());
    }
    let size: usize = merged.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > limit {
        return Err(forbidden(format!(
            "size of metadata for this single user exceeds the user defined limit, {limit}Bytes"
        )));
    }
    u.extra().metadata = merged;
    let set: Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    reply(started, Value::Object(set))
}

/// `GET /metadata/user/{username}`: `{}` when none (or no such user).
pub(crate) fn get(st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let data = st
        .store
        .by_name(name)
        .and_then(|u| u.extra.as_ref())
        .map(|e| json!(e.metadata))
        .unwrap_or_else(|| json!({}));
    reply(started, data)
}

/// `DELETE /metadata/user/{username}`: true, also when nothing existed.
pub(crate) fn delete(st: &mut State, name: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    if let Some(e) = st
        .store
        .find(name)
        .and_then(|s| st.store.get_mut(s))
        .and_then(|u| u.extra.as_mut())
    {
        e.metadata.clear();
    }
    reply(started, json!(true))
}

/// `POST /metadata/user/get` with `{"targets": [...], "properties": [...]}`.
pub(crate) fn batch(st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let list = |k: &str| -> Result<Vec<String>, ApiError> {
        match body.get(k) {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| ApiError::illegal(format!("{k} must hold strings")))
                })
                .collect(),
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(_) => Err(ApiError::illegal(format!("{k} must be an array"))),
        }
    };
    let targets = list("targets")?;
    let properties = list("properties")?;
    if targets.len() > 100 {
        return Err(ApiError::new(
            400,
            "BAD_REQUEST",
            "com.easemob.metadata.exceptions.MetadataException",
            "exceed allowed batch size 100",
        ));
    }
    let mut data = Map::new();
    for t in &targets {
        if let Some(u) = st.store.by_name(t) {
            let all = u.extra.as_ref().map(|e| &e.metadata);
            let picked: BTreeMap<&String, &String> = all
                .into_iter()
                .flatten()
                .filter(|(k, _)| properties.is_empty() || properties.contains(k))
                .collect();
            data.insert(u.username.to_string(), json!(picked));
        }
    }
    reply(started, Value::Object(data))
}

/// `GET /metadata/user/capacity`: bytes stored by the whole app.
pub(crate) fn capacity(st: &mut State) -> Result<Reply, ApiError> {
    let started = now_ms();
    let total: usize = st.store.iter().map(|u| u.metadata_bytes()).sum();
    reply(started, json!(total))
}
