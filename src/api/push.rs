//! Push nicknames in bulk, per-conversation push settings, push language.

use futures_util::stream;
use serde_json::{json, Map, Value};

use crate::budget::EndpointGroup;
use crate::call::{route, Call, Path};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, ErrorKind, InOperation, Result};
use crate::models::{
    Batch, ItemFailure, PushMode, PushNickname, PushNicknameReport, PushScope, PushSetting,
    PushSettingUpdate,
};
use crate::transport::Method;
use crate::validate::{self, MAX_DND_DURATION, PUSH_NICKNAME_CHUNK};

impl Client {
    /// Sets the push nicknames of many users: requests of 50 (the service's
    /// most), paced at its budget. Every input is reported once, updated or
    /// failed with a reason and its input index, each list in input order.
    /// The whole list is checked first (usernames, nicknames of at most 100
    /// characters): one bad entry fails the call naming `nicknames[i].field`,
    /// and nothing is sent.
    pub async fn set_push_nicknames(
        &self,
        nicknames: &[PushNickname],
    ) -> Result<PushNicknameReport> {
        const OP: &str = "set_push_nicknames";
        for (i, n) in nicknames.iter().enumerate() {
            validate::username(&format!("nicknames[{i}].username"), &n.username)
                .and_then(|()| validate::nickname(&format!("nicknames[{i}].nickname"), &n.nickname))
                .in_op(OP)?;
        }
        let owned = stream::iter(nicknames.iter().cloned().map(Ok));
        let batches = self.pipeline(
            owned,
            PUSH_NICKNAME_CHUNK,
            Some(nicknames.len() as u64),
            EndpointGroup::Push,
            |c, first, chunk| async move { c.nickname_batch(first, chunk).await },
        );
        // A failed request's users are in the report, each with the reason.
        let c = crate::bulk::collect(batches, |_| {}, None).await;
        Ok(PushNicknameReport {
            updated: c.items,
            failed: c.failed,
        })
    }

    /// One request of push nicknames, as a batch: the users the service
    /// echoed back are updated, the others failed.
    async fn nickname_batch(&self, first: u64, chunk: Vec<PushNickname>) -> Batch<String> {
        let updated = match self.nickname_chunk(&chunk).await {
            Ok(u) => u,
            Err(e) => {
                return Batch::failed_with(first, chunk.iter().map(|n| n.username.as_str()), e)
            }
        };
        let done: std::collections::HashSet<String> =
            updated.iter().map(|u| u.to_ascii_lowercase()).collect();
        let mut batch = Batch::new(first, chunk.len());
        for (i, n) in chunk.into_iter().enumerate() {
            let index = first + i as u64;
            if done.contains(&n.username.to_ascii_lowercase()) {
                batch.push(index, n.username);
            } else {
                batch.failed.push(ItemFailure {
                    username: n.username,
                    index: index as usize,
                    kind: ErrorKind::NotFound,
                    reason: "the service did not set it (no such user?)".into(),
                    uncertain: false,
                });
            }
        }
        batch
    }

    /// One request of push nicknames: the usernames the service echoed back.
    async fn nickname_chunk(&self, chunk: &[PushNickname]) -> Result<Vec<String>> {
        const OP: &str = "set_push_nicknames";
        let body: Vec<Value> = chunk
            .iter()
            .map(|n| json!({ "username": n.username, "push_nickname": n.nickname }))
            .collect();
        let call = Call::new(OP, Method::Put, route!("/push/nickname"))
            .group(EndpointGroup::Push)
            .json(&Value::Array(body));
        let reply = self.execute(&call).await?;
        let m = decode::object(&reply.body).in_op(OP)?;
        Ok(match m.get("entities") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|e| e.get("username").and_then(decode::as_string))
                .collect(),
            _ => Vec::new(),
        })
    }

    /// A user's push setting for `scope`: their app-level setting
    /// ([`PushScope::App`]), or the one of a conversation with a user or a group.
    pub async fn get_push_setting(&self, username: &str, scope: &PushScope) -> Result<PushSetting> {
        const OP: &str = "get_push_setting";
        let path = setting_path(username, scope).in_op(OP)?;
        let call = Call::new(OP, Method::Get, path)
            .about_user(username)
            .group(EndpointGroup::Push);
        self.answer(&call, push_setting).await
    }

    /// Changes a user's push setting for `scope`; returns the setting as the
    /// service stored it. Do-not-disturb (interval, duration) wins over the mode.
    pub async fn set_push_setting(
        &self,
        username: &str,
        scope: &PushScope,
        update: &PushSettingUpdate,
    ) -> Result<PushSetting> {
        const OP: &str = "set_push_setting";
        let path = setting_path(username, scope).in_op(OP)?;
        let body = setting_body(scope, update).in_op(OP)?;
        let call = Call::new(OP, Method::Put, path)
            .about_user(username)
            .group(EndpointGroup::Push)
            .json(&body);
        self.answer(&call, push_setting).await
    }

    /// The language a user's push notifications are translated into (`""`: none).
    pub async fn get_push_language(&self, username: &str) -> Result<String> {
        const OP: &str = "get_push_language";
        validate::username("username", username).in_op(OP)?;
        let path = route!("/users/{username}/notification/language", username);
        let call = Call::new(OP, Method::Get, path)
            .about_user(username)
            .group(EndpointGroup::Push);
        self.answer(&call, language).await
    }

    /// Sets the language a user's push notifications are translated into
    /// (a language code such as `EU`; `""` for none); returns it as stored.
    pub async fn set_push_language(&self, username: &str, language_code: &str) -> Result<String> {
        const OP: &str = "set_push_language";
        validate::username("username", username).in_op(OP)?;
        validate::language("language", language_code).in_op(OP)?;
        let path = route!("/users/{username}/notification/language", username);
        let call = Call::new(OP, Method::Put, path)
            .about_user(username)
            .group(EndpointGroup::Push)
            .json(&json!({ "translationLanguage": language_code }));
        self.answer(&call, language).await
    }
}

/// `/users/{username}/notification/{user|chatgroup}/{target}`.
fn setting_path(username: &str, scope: &PushScope) -> Result<Path> {
    validate::username("username", username)?;
    Ok(match scope {
        PushScope::App => {
            let target = username;
            route!(
                "/users/{username}/notification/user/{target}",
                username,
                target
            )
        }
        PushScope::User(peer) => {
            validate::username("target", peer)?;
            let target = peer.as_str();
            route!(
                "/users/{username}/notification/user/{target}",
                username,
                target
            )
        }
        PushScope::Group(id) => {
            validate::path_id("target", id)?;
            let target = id.as_str();
            route!(
                "/users/{username}/notification/chatgroup/{target}",
                username,
                target
            )
        }
    })
}

fn setting_body(scope: &PushScope, u: &PushSettingUpdate) -> Result<Value> {
    let mut body = Map::new();
    if u.mode.is_none() && u.dnd_interval.is_none() && u.dnd_duration.is_none() {
        return Err(Error::invalid(
            "update",
            "must change something: the mode, the do-not-disturb interval or its duration",
        ));
    }
    if let Some(mode) = u.mode {
        if mode == PushMode::Default && *scope == PushScope::App {
            return Err(Error::invalid(
                "mode",
                "DEFAULT means \"as the app-level setting\": it applies to conversations only",
            ));
        }
        body.insert("type".into(), json!(mode.as_str()));
    }
    if let Some(i) = &u.dnd_interval {
        validate::dnd_interval("dnd_interval", i)?;
        if *scope != PushScope::App {
            return Err(Error::invalid(
                "dnd_interval",
                "is an app-level setting: give it with the app scope",
            ));
        }
        body.insert("ignoreInterval".into(), json!(i));
    }
    if let Some(d) = u.dnd_duration {
        if d > MAX_DND_DURATION {
            return Err(Error::invalid(
                "dnd_duration",
                format!("must be at most 7 days (got {d:?})"),
            ));
        }
        body.insert("ignoreDuration".into(), json!(d.as_millis() as u64));
    }
    Ok(Value::Object(body))
}

/// `data: {type, ignoreInterval, ignoreDuration}`. `ignoreDuration` comes
/// back as the period's end (ms since the epoch); a value of at most 7 days
/// is taken as a duration from the envelope's `timestamp`.
pub(crate) fn push_setting(body: &[u8]) -> Result<PushSetting> {
    let m = decode::object(body)?;
    let d = match m.get("data") {
        Some(Value::Object(d)) => d,
        None | Some(Value::Null) => return Ok(PushSetting::default()),
        Some(_) => return Err(Error::decode("`data` is not an object")),
    };
    let mode = match d.get("type").and_then(Value::as_str) {
        Some(t) if !t.is_empty() => Some(
            PushMode::parse("type", t)
                .map_err(|_| Error::decode(format!("unknown push mode {t:?}")))?,
        ),
        _ => None,
    };
    let dnd_interval = d
        .get("ignoreInterval")
        .and_then(decode::as_string)
        .filter(|s| !s.is_empty());
    let week_ms = MAX_DND_DURATION.as_millis() as i64;
    let dnd_until = match d.get("ignoreDuration").and_then(decode::as_i64) {
        None | Some(0) => None,
        Some(v) if v > week_ms => Some(v),
        Some(v) => m
            .get("timestamp")
            .and_then(decode::as_i64)
            .map(|now| now + v),
    };
    Ok(PushSetting {
        mode,
        dnd_interval,
        dnd_until,
    })
}

pub(crate) fn language(body: &[u8]) -> Result<String> {
    let m = decode::object(body)?;
    Ok(m.get("data")
        .and_then(|d| d.get("language").or_else(|| d.get("translationLanguage")))
        .and_then(decode::as_string)
        .unwrap_or_default())
}
