//! Register, get, list and delete users.

use std::collections::HashMap;

use futures_util::future::{BoxFuture, FutureExt};
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use crate::client::{enc, Call, Client};
use crate::decode;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{NewUser, RegisterFailure, RegisterReport, User, UserPage};
use crate::ratelimit::EndpointGroup;
use crate::secret::Secret;
use crate::transport::Method;
use crate::validate::{self, REGISTER_CHUNK};

fn new_user_body(username: &str, password: &Secret, nickname: Option<&str>) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("username".into(), Value::String(username.to_owned()));
    m.insert(
        "password".into(),
        Value::String(password.expose().to_owned()),
    );
    if let Some(n) = nickname {
        m.insert("nickname".into(), Value::String(n.to_owned()));
    }
    Value::Object(m)
}

fn check_new_user(username: &str, password: &str, nickname: Option<&str>) -> Result<()> {
    validate::username("username", username)?;
    validate::password("password", password)?;
    if let Some(n) = nickname {
        validate::nickname("nickname", n)?;
    }
    Ok(())
}

enum Outcome {
    Created(User),
    Failed(ErrorKind, String),
}

impl Client {
    /// Registers one user without a token (open registration mode).
    ///
    /// Fails with [`ErrorKind::Unauthorized`] when the app only allows
    /// authorized registration, [`ErrorKind::Conflict`] when the username is
    /// taken (ignoring case).
    pub async fn register_user_open(
        &self,
        username: &str,
        password: &str,
        nickname: Option<&str>,
    ) -> Result<User> {
        self.register_one("register_user_open", username, password, nickname, false)
            .await
    }

    /// Registers one user with the app token (authorized registration).
    pub async fn register_user(
        &self,
        username: &str,
        password: &str,
        nickname: Option<&str>,
    ) -> Result<User> {
        self.register_one("register_user", username, password, nickname, true)
            .await
    }

    async fn register_one(
        &self,
        op: &'static str,
        username: &str,
        password: &str,
        nickname: Option<&str>,
        auth: bool,
    ) -> Result<User> {
        check_new_user(username, password, nickname).map_err(|e| e.with_operation(op))?;
        let password = Secret::new(password);
        let mut call = Call::new(op, Method::Post, "/users".into())
            .json(&new_user_body(username, &password, nickname))
            .secret(password);
        if !auth {
            call = call.no_auth();
        }
        let reply = self.execute(&call).await?;
        decode::first_user(&reply.body).map_err(|e| e.with_operation(op))
    }

    /// Registers many users: requests of 60, a few in flight at once.
    ///
    /// Every input user appears exactly once in the report, created or failed
    /// with a reason, each list in input order. The whole list is validated
    /// first (usernames, passwords, nicknames, no username twice ignoring
    /// case): one bad entry fails the call with an error naming
    /// `users[i].field`, and nothing is sent.
    ///
    /// Batch registration is repeated after an ambiguous failure (5xx, dropped
    /// connection) even though it is a POST: the service rejects an existing
    /// username, so a repeat cannot create a user twice. A user reported as
    /// existing after such a repeat says so in its reason.
    pub async fn register_users(&self, users: &[NewUser]) -> Result<RegisterReport> {
        const OP: &str = "register_users";
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(users.len());
        for (i, u) in users.iter().enumerate() {
            check_new_user(&u.username, u.password.expose(), u.nickname.as_deref())
                .map_err(|e| e.prefix_field(&format!("users[{i}]")).with_operation(OP))?;
            if let Some(first) = seen.insert(u.username.to_ascii_lowercase(), i) {
                return Err(Error::invalid(
                    format!("users[{i}].username"),
                    format!(
                        "repeats users[{first}].username (usernames are compared ignoring case)"
                    ),
                )
                .with_operation(OP));
            }
        }
        // Boxed futures, built before streaming: borrowing closures inside the
        // stream would make this future not `Send` (rustc's higher-ranked
        // lifetime limitation), and bindings spawn it on other threads.
        let requests: Vec<BoxFuture<'_, Vec<(usize, Outcome)>>> = users
            .chunks(REGISTER_CHUNK)
            .enumerate()
            .map(|(n, chunk)| self.register_chunk(n * REGISTER_CHUNK, chunk).boxed())
            .collect();
        let results: Vec<Vec<(usize, Outcome)>> = stream::iter(requests)
            .buffer_unordered(self.inner.config.batch_concurrency)
            .collect()
            .await;
        let mut all: Vec<(usize, Outcome)> = results.into_iter().flatten().collect();
        all.sort_by_key(|(i, _)| *i);
        let mut report = RegisterReport::default();
        for (index, outcome) in all {
            match outcome {
                Outcome::Created(u) => report.created.push(u),
                Outcome::Failed(kind, reason) => report.failed.push(RegisterFailure {
                    username: users[index].username.clone(),
                    index,
                    kind,
                    reason,
                }),
            }
        }
        Ok(report)
    }

    async fn register_chunk(&self, offset: usize, chunk: &[NewUser]) -> Vec<(usize, Outcome)> {
        let body = Value::Array(
            chunk
                .iter()
                .map(|u| new_user_body(&u.username, &u.password, u.nickname.as_deref()))
                .collect(),
        );
        let mut call = Call::new("register_users", Method::Post, "/users".into()).json(&body);
        call.idempotent = true;
        call.secrets = chunk.iter().map(|u| u.password.clone()).collect();
        let decoded = match self.execute(&call).await {
            Ok(reply) => decode::register_batch(&reply.body).map(|d| (d, reply.ambiguous)),
            Err(e) => Err(e),
        };
        let ((created, failed), ambiguous) = match decoded {
            Ok(d) => d,
            Err(e) => {
                let reason = e.to_string();
                return chunk
                    .iter()
                    .enumerate()
                    .map(|(i, _)| (offset + i, Outcome::Failed(e.kind(), reason.clone())))
                    .collect();
            }
        };
        let mut created: HashMap<String, User> = created
            .into_iter()
            .map(|u| (u.username.to_ascii_lowercase(), u))
            .collect();
        let failed: HashMap<String, String> = failed
            .into_iter()
            .map(|(n, r)| (n.to_ascii_lowercase(), r))
            .collect();
        chunk
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let key = u.username.to_ascii_lowercase();
                let outcome = if let Some(user) = created.remove(&key) {
                    Outcome::Created(user)
                } else if let Some(reason) = failed.get(&key) {
                    let lower = reason.to_ascii_lowercase();
                    let kind = if lower.contains("exist") || lower.contains("duplicate") {
                        ErrorKind::Conflict
                    } else {
                        ErrorKind::InvalidInput
                    };
                    let reason = if ambiguous && kind == ErrorKind::Conflict {
                        format!(
                            "{reason} (an earlier attempt of this request got no clear answer, \
                             so this import may have created the user)"
                        )
                    } else {
                        reason.clone()
                    };
                    Outcome::Failed(kind, reason)
                } else {
                    Outcome::Failed(
                        ErrorKind::Decode,
                        "the service's answer neither created nor rejected this user".into(),
                    )
                };
                (offset + i, outcome)
            })
            .collect()
    }

    /// Gets one user (username matched ignoring case).
    pub async fn get_user(&self, username: &str) -> Result<User> {
        const OP: &str = "get_user";
        validate::username("username", username).map_err(|e| e.with_operation(OP))?;
        let call = Call::new(OP, Method::Get, format!("/users/{}", enc(username)));
        let reply = self.execute(&call).await?;
        decode::first_user(&reply.body).map_err(|e| e.with_operation(OP))
    }

    /// One page of users in creation order. `limit` is 1-100 (the service's
    /// default is 10); pass the previous page's cursor to continue.
    pub async fn list_users(&self, limit: Option<u32>, cursor: Option<&str>) -> Result<UserPage> {
        const OP: &str = "list_users";
        let mut call = Call::new(OP, Method::Get, "/users".into());
        if let Some(l) = limit {
            validate::limit("limit", l).map_err(|e| e.with_operation(OP))?;
            call = call.query("limit", l.to_string());
        }
        if let Some(c) = cursor {
            validate::cursor("cursor", c).map_err(|e| e.with_operation(OP))?;
            call = call.query("cursor", c.to_owned());
        }
        let reply = self.execute(&call).await?;
        decode::page(&reply.body).map_err(|e| e.with_operation(OP))
    }

    /// Deletes one user and returns it.
    pub async fn delete_user(&self, username: &str) -> Result<User> {
        const OP: &str = "delete_user";
        validate::username("username", username).map_err(|e| e.with_operation(OP))?;
        let call = Call::new(OP, Method::Delete, format!("/users/{}", enc(username)));
        let reply = self.execute(&call).await?;
        decode::first_user(&reply.body).map_err(|e| e.with_operation(OP))
    }

    /// Deletes the `limit` oldest users (1-100) and returns them.
    ///
    /// Unlike other DELETEs this is not repeated after an ambiguous failure
    /// (5xx, dropped connection): a repeat would delete a further `limit` users.
    pub async fn delete_users(&self, limit: u32) -> Result<UserPage> {
        const OP: &str = "delete_users";
        validate::limit("limit", limit).map_err(|e| e.with_operation(OP))?;
        let mut call = Call::new(OP, Method::Delete, "/users".into())
            .query("limit", limit.to_string())
            .group(EndpointGroup::BatchDelete);
        // Not idempotent although a DELETE: a repeat would delete the next N users.
        call.idempotent = false;
        let reply = self.execute(&call).await?;
        decode::page(&reply.body).map_err(|e| e.with_operation(OP))
    }
}
