//! Register, get, list and delete users.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use futures_util::stream;
use serde_json::Value;

use crate::budget::EndpointGroup;
use crate::call::{deletion, route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, ErrorKind, InOperation, Result};
use crate::models::{
    Deletion, ItemFailure, NewUser, RegisterBatch, RegisterReport, User, UserPage,
};
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
    /// Not created: the kind, the reason, and whether the outcome is
    /// uncertain (exists after a lost answer).
    Failed(ErrorKind, String, bool),
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
        check_new_user(username, password, nickname).in_op(op)?;
        let password = Secret::new(password);
        let mut call = Call::new(op, Method::Post, route!("/users"))
            .about_user(username)
            .json(&new_user_body(username, &password, nickname))
            .secret(password);
        if !auth {
            call = call.no_auth();
        }
        let mut time = self.call_time();
        match self.execute_in(&call, &mut time).await {
            Ok(reply) => decode::first_user(&reply.body).in_op(op),
            // Exists after a lost answer: created by this call if created
            // after its first send, else uncertain.
            Err(e) if e.kind() == ErrorKind::Conflict && e.is_uncertain() => {
                match self.created_since(username, time.first_sent_us).await {
                    Some(user) => Ok(user),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The user `username` if the service created it no earlier than this
    /// call's first send (`first_sent_us`, µs since the Unix epoch, our
    /// clock), as far as the service's clock, read through its answers, can
    /// tell; `None` when it was created before or the clocks cannot tell.
    /// (Someone else creating the same username within a round trip of the
    /// first send would be taken for this call.)
    async fn created_since(&self, username: &str, first_sent_us: Option<i64>) -> Option<User> {
        let ahead = self.inner.server_ahead_us.load(Ordering::Relaxed);
        let first = first_sent_us?;
        if ahead == i64::MIN {
            return None;
        }
        // The service's clock read at least `since` when we first sent; it
        // stamps whole ms.
        let since_ms = first.saturating_add(ahead).div_euclid(1000);
        let user = self.get_user(username).await.ok()?;
        let ours = user.created? >= since_ms;
        tracing::info!(
            username,
            created_after_first_send = ours,
            "a user found existing after a lost answer"
        );
        ours.then_some(user)
    }

    /// The user `username` when the service created it at or after `since`
    /// (this machine's clock), as far as the service's clock, read through
    /// the answers this client has had, can tell: for a job that resumes
    /// after it was killed and finds "exists" for a user it may have created
    /// itself (the `chat-platform import` journal's start). `None` when the
    /// user was created before, does not exist, or the clocks cannot tell
    /// yet (no answer read). Someone else creating the same username after
    /// `since` is taken for the job.
    pub async fn user_created_since(
        &self,
        username: &str,
        since: std::time::SystemTime,
    ) -> Option<User> {
        let since_us = since
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_micros()).ok())?;
        self.created_since(username, Some(since_us)).await
    }

    /// Registers many users: requests of 60, paced at the service's budget,
    /// as many in flight as the round trip needs.
    ///
    /// Every input user appears exactly once in the report, created or failed
    /// with a reason, each list in input order. The whole list is validated
    /// first (usernames, passwords, nicknames, no username twice ignoring
    /// case): one bad entry fails the call with an error naming
    /// `users[i].field`, and nothing is sent. For inputs too large to hold,
    /// see [`Client::register_users_stream`].
    ///
    /// Batch registration is repeated after a lost answer (5xx, dropped
    /// connection) even though it is a POST: the service rejects an existing
    /// username, so a repeat cannot create a user twice. A user found
    /// existing after such a repeat is reported created when the service
    /// created it after the first send (its clock against ours), else failed
    /// with [`ItemFailure::uncertain`] set. If the call fails, its error
    /// keeps the report so far ([`crate::Error::partial`]).
    pub async fn register_users(&self, users: &[NewUser]) -> Result<RegisterReport> {
        self.register_users_with_progress(users, |_| {}).await
    }

    /// [`Client::register_users`], calling `progress` after each batch.
    pub async fn register_users_with_progress(
        &self,
        users: &[NewUser],
        progress: impl FnMut(&crate::Progress) + Send,
    ) -> Result<RegisterReport> {
        self.register_users_until(users, progress, None).await
    }

    /// [`Client::register_users_with_progress`] that stops when `until`
    /// resolves (a binding's cancellation): the requests in flight are
    /// dropped (their users are in neither list: they may have been
    /// created), nothing more is sent, and the report holds what was
    /// answered before.
    pub async fn register_users_until(
        &self,
        users: &[NewUser],
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> Result<RegisterReport> {
        self.check_new_users(users)?;
        // The stream owns its items (it outlives this borrow).
        let owned: Vec<NewUser> = users.to_vec();
        let input = stream::iter(owned.into_iter().map(Ok));
        let (report, failure) = self
            .register_users_report(input, Some(users.len() as u64), progress, until)
            .await;
        match failure {
            None => Ok(report),
            Some(e) => Err(e.with_partial(crate::Partial::Register(report))),
        }
    }

    /// Checks a whole list of users as [`Client::register_users`] does
    /// before sending anything: every rule, and no username twice (ignoring
    /// case). The error names `users[i].field`.
    pub fn check_new_users(&self, users: &[NewUser]) -> Result<()> {
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
        Ok(())
    }

    /// Runs [`Client::register_users_stream`] to its end, calling
    /// `progress` after each batch, and returns the report of every user
    /// handled (each list in input order) with the source's error if it
    /// failed: the report then holds what was done before. When `until`
    /// resolves first, the call stops there: the requests in flight are
    /// dropped (their users are in neither list: they may have been
    /// created) and the report holds what was answered before.
    pub async fn register_users_report<S>(
        &self,
        users: S,
        total: Option<u64>,
        progress: impl FnMut(&crate::Progress) + Send,
        until: Option<crate::Stop>,
    ) -> (RegisterReport, Option<Error>)
    where
        S: futures_core::Stream<Item = Result<NewUser>> + Send + 'static,
    {
        // A failed request's users are in the report, each with the reason.
        let c =
            crate::bulk::collect(self.register_users_stream(users, total), progress, until).await;
        let report = RegisterReport {
            created: c.items,
            failed: c.failed,
        };
        (report, c.source_error)
    }

    /// Registers users from a lazy source (any `Stream` of users, or of
    /// `Err` when the source itself fails), handing back each request's
    /// outcome as it arrives, with the progress so far: nothing but the
    /// requests in flight is held, whatever the size of the input.
    ///
    /// Requests of 60 are paced at the service's budget, as many in flight as
    /// rate x round trip. Each input user is in exactly one batch, created or
    /// failed with a reason and its input index; a user that breaks a rule is
    /// reported failed without being sent (a list given to
    /// [`Client::register_users`] is checked whole first instead). When the
    /// source fails, the requests already started finish and are yielded,
    /// then the source's error: nothing is lost or sent twice.
    pub fn register_users_stream<S>(
        &self,
        users: S,
        total: Option<u64>,
    ) -> impl futures_core::Stream<Item = Result<RegisterBatch>> + Send + 'static
    where
        S: futures_core::Stream<Item = Result<NewUser>> + Send + 'static,
    {
        self.pipeline(
            users,
            REGISTER_CHUNK,
            total,
            EndpointGroup::UserAccount,
            |c, first, chunk| async move { c.register_chunk(first, chunk).await },
        )
    }

    async fn register_chunk(&self, first: u64, chunk: Vec<NewUser>) -> RegisterBatch {
        let mut batch = RegisterBatch::new(first, chunk.len());
        // Users that break a rule are reported, not sent.
        let mut send: Vec<(u64, NewUser)> = Vec::with_capacity(chunk.len());
        for (i, u) in chunk.into_iter().enumerate() {
            let index = first + i as u64;
            match check_new_user(&u.username, u.password.expose(), u.nickname.as_deref()) {
                Ok(()) => send.push((index, u)),
                Err(e) => batch.failed.push(ItemFailure::of(u.username, index, &e)),
            }
        }
        if send.is_empty() {
            return batch;
        }
        let (outcomes, error) = self.register_chunk_request(&send).await;
        for ((index, u), outcome) in send.into_iter().zip(outcomes) {
            match outcome {
                Outcome::Created(user) => batch.push(index, user),
                Outcome::Failed(kind, reason, uncertain) => batch.failed.push(ItemFailure {
                    username: u.username,
                    index: index as usize,
                    kind,
                    reason,
                    uncertain,
                }),
            }
        }
        batch.error = error;
        batch.failed.sort_by_key(|f| f.index);
        batch
    }

    /// One request of users: each user's outcome, in the chunk's order, and
    /// the request's error when it failed as a whole.
    async fn register_chunk_request(
        &self,
        chunk: &[(u64, NewUser)],
    ) -> (Vec<Outcome>, Option<Error>) {
        let body = Value::Array(
            chunk
                .iter()
                .map(|(_, u)| new_user_body(&u.username, &u.password, u.nickname.as_deref()))
                .collect(),
        );
        let mut call = Call::new("register_users", Method::Post, route!("/users")).json(&body);
        call.secrets = chunk.iter().map(|(_, u)| u.password.clone()).collect();
        let mut time = self.call_time();
        let decoded = match self.execute_in(&call, &mut time).await {
            Ok(reply) => decode::register_batch(&reply.body).map(|d| (d, reply.ambiguous)),
            Err(e) => Err(e),
        };
        let ((created, failed), ambiguous) = match decoded {
            Ok(d) => d,
            Err(e) => {
                let (reason, uncertain) = (e.to_string(), e.is_uncertain());
                let outcomes = chunk
                    .iter()
                    .map(|_| Outcome::Failed(e.kind(), reason.clone(), uncertain))
                    .collect();
                return (outcomes, Some(e));
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
        let outcomes: Vec<Outcome> = chunk
            .iter()
            .map(|(_, u)| {
                let key = u.username.to_ascii_lowercase();
                if let Some(user) = created.remove(&key) {
                    Outcome::Created(user)
                } else if let Some(reason) = failed.get(&key) {
                    let lower = reason.to_ascii_lowercase();
                    let kind = if lower.contains("exist") || lower.contains("duplicate") {
                        ErrorKind::Conflict
                    } else {
                        ErrorKind::InvalidInput
                    };
                    let uncertain = ambiguous && kind == ErrorKind::Conflict;
                    let reason = if uncertain {
                        format!(
                            "{reason} (an earlier attempt of this request got no answer, \
                             so this import may have created the user)"
                        )
                    } else {
                        reason.clone()
                    };
                    Outcome::Failed(kind, reason, uncertain)
                } else {
                    Outcome::Failed(
                        ErrorKind::Decode,
                        "the service's answer neither created nor rejected this user".into(),
                        false,
                    )
                }
            })
            .collect();
        // Users found existing after a lost answer: created by this import
        // when created after its first send.
        let first_sent = time.first_sent_us;
        let confirmations = chunk
            .iter()
            .zip(outcomes)
            .map(|((_, u), outcome)| async move {
                match outcome {
                    Outcome::Failed(ErrorKind::Conflict, reason, true) => {
                        match self.created_since(&u.username, first_sent).await {
                            Some(user) => Outcome::Created(user),
                            None => Outcome::Failed(ErrorKind::Conflict, reason, true),
                        }
                    }
                    other => other,
                }
            });
        (futures_util::future::join_all(confirmations).await, None)
    }

    /// Gets one user (username matched ignoring case).
    pub async fn get_user(&self, username: &str) -> Result<User> {
        const OP: &str = "get_user";
        validate::username("username", username).in_op(OP)?;
        let call =
            Call::new(OP, Method::Get, route!("/users/{username}", username)).about_user(username);
        self.answer(&call, decode::first_user).await
    }

    /// One page of users in creation order. `limit` is 1-100 (the service's
    /// default is 10); pass the previous page's cursor to continue.
    pub async fn list_users(&self, limit: Option<u32>, cursor: Option<&str>) -> Result<UserPage> {
        const OP: &str = "list_users";
        let mut call = Call::new(OP, Method::Get, route!("/users"));
        if let Some(l) = limit {
            validate::limit("limit", l).in_op(OP)?;
            call = call.query("limit", l.to_string());
        }
        if let Some(c) = cursor {
            validate::cursor("cursor", c).in_op(OP)?;
            call = call.query("cursor", c.to_owned());
        }
        self.answer(&call, decode::page).await
    }

    /// Deletes one user; the [`Deletion`] holds the user as the service
    /// described it. When an earlier attempt got no answer and the repeat
    /// finds no such user, the call succeeds with
    /// [`crate::DeleteOutcome::AlreadyGone`] (the lost attempt deleted it);
    /// a user missing at the first attempt is a [`crate::ErrorKind::NotFound`].
    pub async fn delete_user(&self, username: &str) -> Result<Deletion> {
        const OP: &str = "delete_user";
        let path = route!("/users/{username}", username);
        let call = Call::on_user(OP, Method::Delete, path, username)?;
        let reply = self.execute(&call).await?;
        deletion(OP, username, &reply)
    }

    /// Deletes the `limit` oldest users (1-500; the reference recommends
    /// 100-500 per call) and returns them.
    ///
    /// Unlike other DELETEs this is not repeated after an ambiguous failure
    /// (5xx, dropped connection): a repeat would delete a further `limit` users.
    pub async fn delete_oldest_users(&self, limit: u32) -> Result<UserPage> {
        const OP: &str = "delete_oldest_users";
        validate::delete_limit("limit", limit).in_op(OP)?;
        // Never repeated after a lost answer although a DELETE: a repeat
        // would delete the next N users (`effects::OPERATIONS`).
        let call = Call::new(OP, Method::Delete, route!("/users"))
            .query("limit", limit.to_string())
            .group(EndpointGroup::BatchDelete);
        self.answer(&call, decode::page).await
    }

    /// The old name of [`Client::delete_oldest_users`], which says what it
    /// does: it deletes the *oldest* `limit` users, not users you name.
    #[deprecated(
        since = "0.2.0",
        note = "renamed `delete_oldest_users`: it deletes the oldest users, not the ones you name"
    )]
    pub async fn delete_users(&self, limit: u32) -> Result<UserPage> {
        self.delete_oldest_users(limit).await
    }
}
