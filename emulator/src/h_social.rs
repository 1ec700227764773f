//! Contacts and blocklists.

use serde_json::{json, Value};

use crate::app::{App, Req, State};
use crate::h_users::{app_envelope, uri};
use crate::reply::{now_ms, ApiError, Envelope, Reply};
use crate::store::fmt_uuid;

/// `GET /users/{owner}/contacts/users` and `GET /users/{owner}/blocks/users`.
pub(crate) fn list(
    app: &App,
    st: &mut State,
    owner: &str,
    blocks: bool,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let u = st.store.by_name(owner).ok_or_else(ApiError::not_found)?;
    let seqs = match &u.extra {
        Some(e) if blocks => e.blocks.clone(),
        Some(e) => e.contacts.clone(),
        None => Vec::new(),
    };
    let names = st.store.names(&seqs);
    let kind = if blocks { "blocks" } else { "contacts" };
    Ok(Envelope::new("get")
        .set("uri", uri(app, st, &format!("/users/{owner}/{kind}/users")))
        .set("entities", json!([]))
        .set("count", json!(names.len()))
        .set("data", Value::Array(names))
        .finish(started))
}

/// `POST` / `DELETE /users/{owner}/contacts/users/{contact}`.
pub(crate) fn contact(
    app: &App,
    st: &mut State,
    owner: &str,
    contact: &str,
    add: bool,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let o = st.store.find(owner).ok_or_else(ApiError::not_found)?;
    let c = st.store.find(contact).ok_or_else(ApiError::not_found)?;
    let limit = st.config.contact_limit;
    let owner_uuid = st.store.get(o).map(|u| u.uuid).unwrap_or_default();
    {
        let rec = st.store.get_mut(o).ok_or_else(ApiError::not_found)?;
        let e = rec.extra();
        if add {
            if !e.contacts.contains(&c) {
                if e.contacts.len() >= limit {
                    return Err(ApiError::new(
                        403,
                        "exceed_limit",
                        "com.easemob.im.exceptions.ExceedLimitException",
                        "user contact number exceed limit",
                    ));
                }
                e.contacts.push(c);
            }
        } else {
            e.contacts.retain(|&x| x != c);
        }
    }
    st.store.mark_lists(o);
    let entity = st.store.get(c).map(|u| u.entity()).unwrap_or(Value::Null);
    let path = format!("/users/{}/contacts", fmt_uuid(owner_uuid));
    let action = if add { "post" } else { "delete" };
    Ok(app_envelope(app, st, action, &path)
        .set("entities", json!([entity]))
        .finish(started))
}

/// `POST /users/{owner}/blocks/users` with `{"usernames": [...]}`.
pub(crate) fn block(app: &App, st: &mut State, req: &Req, owner: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let names: Vec<String> = match body.get("usernames") {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ApiError::illegal("usernames must be strings"))
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(ApiError::illegal(
                "usernames is required and must be a non-empty array",
            ))
        }
    };
    let o = st.store.find(owner).ok_or_else(ApiError::not_found)?;
    let owner_name = st
        .store
        .get(o)
        .map(|u| u.username.to_string())
        .unwrap_or_default();
    let mut targets = Vec::with_capacity(names.len());
    for n in &names {
        let t = st.store.find(n).ok_or_else(|| {
            ApiError::illegal(format!(
                "attempt to adding new block[{n}] for user[{owner_name}],but user[{n}] not found."
            ))
        })?;
        targets.push(t);
    }
    let limit = st.config.block_limit;
    {
        let e = st.store.get_mut(o).ok_or_else(ApiError::not_found)?.extra();
        let new: usize = {
            let mut seen = e.blocks.clone();
            targets
                .iter()
                .filter(|t| {
                    if seen.contains(t) {
                        false
                    } else {
                        seen.push(**t);
                        true
                    }
                })
                .count()
        };
        if e.blocks.len() + new > limit {
            return Err(ApiError::new(
                403,
                "exceed_limit",
                "com.easemob.im.exceptions.ExceedLimitException",
                format!("user block number exceed limit {limit}"),
            ));
        }
        for t in &targets {
            if !e.blocks.contains(t) {
                e.blocks.push(*t);
            }
        }
    }
    st.store.mark_lists(o);
    let added = st.store.names(&targets);
    Ok(Envelope::new("post")
        .set("application", json!(app.app_uuid))
        .set(
            "uri",
            json!(format!(
                "{}/{}/{}",
                app.base(),
                st.config.org,
                st.config.app
            )),
        )
        .set("entities", json!([]))
        .set("data", Value::Array(added))
        .set("organization", json!(st.config.org))
        .set("applicationName", json!(st.config.app))
        .finish(started))
}

/// `DELETE /users/{owner}/blocks/users/{blocked}`.
pub(crate) fn unblock(
    app: &App,
    st: &mut State,
    owner: &str,
    blocked: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let o = st.store.find(owner).ok_or_else(ApiError::not_found)?;
    let b = st.store.find(blocked).ok_or_else(ApiError::not_found)?;
    let owner_uuid = st.store.get(o).map(|u| u.uuid).unwrap_or_default();
    if let Some(e) = st.store.get_mut(o).and_then(|u| u.extra.as_mut()) {
        e.blocks.retain(|&x| x != b);
    }
    let entity = st.store.get(b).map(|u| u.entity()).unwrap_or(Value::Null);
    let path = format!("/users/{}/blocks", fmt_uuid(owner_uuid));
    Ok(app_envelope(app, st, "delete", &path)
        .set("entities", json!([entity]))
        .finish(started))
}

/// `GET /user/{owner}/contacts?limit&cursor&needReturnRemark`: newest first.
pub(crate) fn page(app: &App, st: &mut State, req: &Req, owner: &str) -> Result<Reply, ApiError> {
    let started = now_ms();
    let limit = match req.query("limit") {
        None | Some("") => 10,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| ApiError::illegal("getContacts | limit must be a number"))?,
    };
    if limit == 0 {
        return Err(ApiError::illegal(
            "getContacts | page size must be positive",
        ));
    }
    if limit > 50 {
        return Err(ApiError::illegal(
            "getContacts | page size more than max limit : 50",
        ));
    }
    let start = match req.query("cursor") {
        None | Some("") => 0,
        Some(c) => crate::b64::decode(c)
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("contacts:").and_then(|n| n.parse().ok()))
            .ok_or_else(|| ApiError::illegal("getContacts | invalid cursor"))?,
    };
    let remarks = req.query("needReturnRemark") == Some("true");
    let u = st.store.by_name(owner).ok_or_else(ApiError::not_found)?;
    let (seqs, remark_of) = match &u.extra {
        Some(e) => (e.contacts.clone(), e.remarks.clone()),
        None => Default::default(),
    };
    let newest_first: Vec<u64> = seqs.into_iter().rev().collect();
    let contacts: Vec<Value> = newest_first
        .iter()
        .skip(start)
        .take(limit)
        .filter_map(|s| st.store.get(*s).map(|c| (s, c)))
        .map(|(s, c)| {
            let remark = if remarks {
                remark_of.get(s).cloned()
            } else {
                None
            };
            json!({ "remark": remark, "username": c.username.to_string() })
        })
        .collect();
    let mut env = Envelope::new("get")
        .set(
            "uri",
            uri(app, st, &format!("/users/{owner}/rostersByPage")),
        )
        .set("entities", json!([]))
        .set("count", json!(contacts.len()))
        .set("data", json!({ "contacts": contacts }));
    if start + limit < newest_first.len() {
        let next = crate::b64::encode(format!("contacts:{}", start + limit).as_bytes());
        env = env.set("cursor", json!(next));
    }
    Ok(env.finish(started))
}

/// `PUT /user/{owner}/contacts/users/{contact}` with `{"remark"}`.
pub(crate) fn remark(
    app: &App,
    st: &mut State,
    req: &Req,
    owner: &str,
    contact: &str,
) -> Result<Reply, ApiError> {
    let started = now_ms();
    let body = req.json()?;
    let remark = match body.get("remark") {
        Some(Value::String(r)) if r.chars().count() <= 100 => r.clone(),
        Some(Value::String(_)) => {
            return Err(ApiError::illegal(
                "updateRemark remark length exceeds the limit",
            ))
        }
        _ => return Err(ApiError::illegal("updateRemark remark must be a string")),
    };
    let o = st.store.find(owner).ok_or_else(ApiError::not_found)?;
    let c = st.store.find(contact).ok_or_else(ApiError::not_found)?;
    let rec = st.store.get_mut(o).ok_or_else(ApiError::not_found)?;
    let e = rec.extra();
    if !e.contacts.contains(&c) {
        return Err(ApiError::illegal(
            "updateRemark they are not friends, please add as a friend first.",
        ));
    }
    if remark.is_empty() {
        e.remarks.remove(&c);
    } else {
        e.remarks.insert(c, remark);
    }
    let now = now_ms();
    Ok(Reply::json(
        200,
        &json!({
            "action": "put",
            "duration": (now - started).max(0),
            "status": "ok",
            "timestamp": now,
            "uri": uri(app, st, &format!("/user/{owner}/contacts/users/{contact}")),
        }),
    ))
}
