//! Sending one call: attempts, waits between them and the call's time bound.
//!
//! `request_timeout` bounds the whole call: every attempt and every wait
//! between attempts. Each attempt gets what is left (or less, with
//! `attempt_timeout`). The time a call waits its turn is not counted: in the
//! rate budget's queue (local or the fleet's), before any attempt, so 10,000
//! calls started at once all complete at the budget's pace; and for the app
//! token, whose fetch is bounded by `request_timeout` of its own (its error
//! is the call's).
//!
//! The app token is taken once before the call queues for the budget (so
//! calls started together share one fetch, and bad credentials fail them
//! all at once), then again for each attempt after its budget slot, just
//! before sending: a token replaced while the call queued (a 401 seen by
//! another call, or by another process of the fleet) is never sent.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::call::{Call, Reply};
use crate::client::Client;
use crate::decode;
use crate::effects::RepeatEffect;
use crate::error::{kind_for_response, Error, ErrorKind, Result};
use crate::events::{self, AttemptEvent, CallEvent, Event, Retry, RetryReason};
use crate::retry::{self, RetryClass};
use crate::secret::Secret;
use crate::transport::{FailureStage, HttpRequest, TransportError};

/// The clock of one call against its time bound.
pub(crate) struct CallTime {
    started: Instant,
    limit: Duration,
    /// Waited for a budget slot or the app token (not counted).
    queued: Duration,
    /// HTTP attempts made so far.
    pub(crate) attempts: u32,
    /// An attempt got no clear answer (a dropped connection, a timeout, a
    /// 500/502/504): it may have taken effect.
    pub(crate) answer_lost: bool,
    /// When the first attempt was sent, µs since the Unix epoch (wall
    /// clock, to compare with the service's timestamps).
    pub(crate) first_sent_us: Option<i64>,
}

impl CallTime {
    pub(crate) fn new(now: Instant, limit: Duration) -> Self {
        CallTime {
            started: now,
            limit,
            queued: Duration::ZERO,
            attempts: 0,
            answer_lost: false,
            first_sent_us: None,
        }
    }

    /// A wait for a turn (a budget slot, the app token) from `since` to
    /// `now`: not counted against the bound.
    pub(crate) fn wait_done(&mut self, since: Instant, now: Instant) {
        self.queued += now.saturating_duration_since(since);
    }

    /// Time counted against the bound so far.
    pub(crate) fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
            .saturating_sub(self.queued)
    }

    /// Time left before the bound.
    pub(crate) fn remaining(&self, now: Instant) -> Duration {
        self.limit.saturating_sub(self.elapsed(now))
    }

    /// The timeout error of this call at `now`: how long, how many
    /// attempts, and where to.
    pub(crate) fn timed_out(&self, now: Instant, origin: &str, step: &str) -> Error {
        let attempts = match self.attempts {
            0 if !step.is_empty() => "before this call's own request".to_owned(),
            0 => "before any attempt".to_owned(),
            1 => "after 1 attempt".to_owned(),
            n => format!("after {n} attempts"),
        };
        Error::new(
            ErrorKind::Transport,
            format!(
                "{step}timed out: no answer from {origin} within {:.1} s ({attempts}; \
                 the bound is `request_timeout`, {:.1} s, for the whole call)",
                self.elapsed(now).as_secs_f64(),
                self.limit.as_secs_f64()
            ),
        )
        .with_timeout(true)
        .with_attempts(self.attempts)
    }
}

/// A request that waited this long for its token after its budget slot
/// books a new slot.
const SLOT_MISSED: Duration = Duration::from_millis(20);

/// How an attempt is authorized.
pub(crate) enum Auth {
    /// No bearer token.
    None,
    /// This token (a minted one, for the token grant).
    Given(Secret),
    /// The client's app token, taken for each attempt after its budget
    /// slot; a 401 makes the client fetch a new one and replay, once.
    App,
}

impl Client {
    /// Sends with the retry policy within the call's time bound: the token
    /// of each attempt, and one refresh-and-replay on a 401. The call's
    /// [`Event::Call`] when it ends.
    pub(crate) async fn send_retrying(
        &self,
        call: &Call,
        auth: Auth,
        time: &mut CallTime,
    ) -> Result<Reply> {
        let out = self.send_attempts(call, auth, time).await;
        if let Some(hook) = &self.inner.events {
            let (status, server_code, error) = match &out {
                Ok(r) => (Some(r.status), None, None),
                Err(e) => (
                    e.status(),
                    e.server_code().map(str::to_owned),
                    Some(e.kind()),
                ),
            };
            let now = self.inner.clock.now();
            let event = CallEvent {
                operation: call.op,
                method: call.method.as_str(),
                route: call.route,
                attempts: time.attempts,
                duration: now.saturating_duration_since(time.started),
                queued: time.queued,
                status,
                server_code,
                error,
            };
            events::emit(hook, Event::Call(event));
        }
        out
    }

    /// The attempts of [`Client::send_retrying`], each with its [`Event::Attempt`].
    async fn send_attempts(&self, call: &Call, auth: Auth, time: &mut CallTime) -> Result<Reply> {
        let inner = &*self.inner;
        let policy = &inner.config.retry;
        let url = self.url(call);
        // How long the call has been retrying, waits for a turn left out.
        let retry_start = inner.clock.now();
        let queued_before = time.queued;
        let mut attempt: u32 = 0;
        let mut replayed = false;
        if matches!(auth, Auth::App) {
            // A token before queueing for the budget: calls started together
            // share one fetch, and bad credentials fail every call at once
            // rather than one budget slot at a time.
            self.attempt_bearer(call, time).await?;
        }
        loop {
            attempt += 1;
            let mut budget_wait = Duration::ZERO;
            if let Some(b) = &inner.budget {
                let queued_at = inner.clock.now();
                b.pacer(call.group).acquire(&*inner.clock).await;
                let now = inner.clock.now();
                budget_wait = now.saturating_duration_since(queued_at);
                time.wait_done(queued_at, now);
            }
            let bearer = match &auth {
                Auth::None => None,
                Auth::Given(t) => Some(t.clone()),
                Auth::App => {
                    let asked = inner.clock.now();
                    let token = self.attempt_bearer(call, time).await?;
                    // The slot went by while the token was fetched (after a
                    // 401, or a revoked fleet token): sent now, this request
                    // would bunch up with those sent in their own slots.
                    // Book a new one (the token is at hand now).
                    if inner.budget.is_some()
                        && inner.clock.now().saturating_duration_since(asked) >= SLOT_MISSED
                    {
                        attempt -= 1;
                        continue;
                    }
                    Some(token)
                }
            };
            let left = time.remaining(inner.clock.now());
            if left.is_zero() {
                return Err(time.timed_out(inner.clock.now(), &inner.origin, ""));
            }
            let limit = inner.config.attempt_timeout.map_or(left, |a| a.min(left));
            let request = HttpRequest {
                method: call.method,
                url: url.clone(),
                bearer: bearer.clone(),
                body: call.body.clone(),
                body_kind: call.body_kind,
                timeout: limit,
            };
            time.attempts += 1;
            let sent_us = unix_us();
            time.first_sent_us.get_or_insert(sent_us);
            let sent_at = inner.clock.now();
            // The transport honours `limit`; a transport of one's own may
            // not, hence the guard (a little later, so the transport's own
            // error, which knows more, wins).
            let guard = limit + Duration::from_millis(50);
            let result = match tokio::time::timeout(guard, inner.transport.send(request)).await {
                Ok(r) => r,
                Err(_) => Err(TransportError {
                    stage: FailureStage::AfterSend,
                    timeout: true,
                    message: format!("timed out waiting for {}", inner.origin),
                }),
            };
            let done_at = inner.clock.now();
            let rtt = done_at.saturating_duration_since(sent_at);
            let ms = rtt.as_millis() as u64;
            let observe = |throttled: bool| {
                if let Some(b) = &inner.budget {
                    b.pacer(call.group).observe(done_at, rtt, throttled);
                }
            };
            if let (Ok(r), RepeatEffect::AlreadyExists) = (&result, call.effect) {
                // The service's clock against ours, to tell later whether a
                // user found existing was created after this call's first send.
                if let Some(ts) = decode::envelope_timestamp(&r.body) {
                    let ahead = ts.saturating_mul(1000).saturating_sub(unix_us());
                    inner.server_ahead_us.fetch_max(ahead, Ordering::Relaxed);
                }
            }
            let (error, class) = match result {
                Ok(r) if (200..300).contains(&r.status) => {
                    observe(false);
                    tracing::debug!(op = call.op, method = call.method.as_str(), path = %call.path, status = r.status, ms, attempt, "request done");
                    if let Some(hook) = &inner.events {
                        let event =
                            attempt_event(call, attempt, Some(r.status), None, rtt, budget_wait);
                        events::emit(hook, Event::Attempt(event));
                    }
                    return Ok(Reply {
                        status: r.status,
                        body: r.body,
                        ambiguous: time.answer_lost,
                        already_gone: false,
                    });
                }
                Ok(r) => {
                    let (code, desc) = decode::error_fields(&r.body);
                    let desc = desc.map(|d| self.scrub(d, call, bearer.as_ref()));
                    let kind = kind_for_response(r.status, code.as_deref(), desc.as_deref());
                    observe(kind == ErrorKind::RateLimited);
                    let hint = r.retry_after.as_deref().and_then(retry::parse_retry_after);
                    tracing::debug!(op = call.op, method = call.method.as_str(), path = %call.path, status = r.status, code = code.as_deref().unwrap_or(""), ms, attempt, "request failed");
                    let class = retry::for_status(r.status, code.as_deref());
                    let e = Error::new(kind, crate::call::message_for(kind, r.status, call))
                        .with_http(r.status, code, desc)
                        .with_retry_after(hint);
                    (e, class)
                }
                Err(te) => {
                    let message = self.scrub(te.message, call, bearer.as_ref());
                    tracing::debug!(op = call.op, method = call.method.as_str(), path = %call.path, error = %message, ms, attempt, "request failed without a response");
                    let (kind, class) = match te.stage {
                        FailureStage::Connect => (ErrorKind::Transport, RetryClass::Always),
                        FailureStage::AfterSend => (ErrorKind::Transport, RetryClass::IfSafe),
                        FailureStage::BodyTooLarge => (ErrorKind::Decode, RetryClass::Never),
                        FailureStage::Tls => (ErrorKind::Configuration, RetryClass::Never),
                    };
                    let e = Error::new(kind, message)
                        .with_timeout(te.timeout)
                        .with_tls(te.stage == FailureStage::Tls);
                    (e, class)
                }
            };
            // This attempt as an event, sent once what follows it is known.
            let seen = inner.events.as_ref().map(|_| {
                attempt_event(
                    call,
                    attempt,
                    error.status(),
                    Some(&error),
                    rtt,
                    budget_wait,
                )
            });
            let emit = |retry: Option<Retry>| {
                if let (Some(hook), Some(e)) = (&inner.events, &seen) {
                    events::emit(hook, Event::Attempt(AttemptEvent { retry, ..e.clone() }));
                }
            };
            // A rejected app token: a new one (once per call, for every
            // call that used it: see `TokenManager::invalidate`), and the
            // same attempt again, not counted as a retry.
            if error.status() == Some(401)
                && matches!(auth, Auth::App)
                && self.refreshable()
                && !replayed
            {
                if let Some(b) = &bearer {
                    tracing::info!(
                        op = call.op,
                        "401 from the service: refreshing the token and replaying once"
                    );
                    emit(Some(Retry {
                        reason: RetryReason::TokenRejected,
                        after: Duration::ZERO,
                    }));
                    inner.tokens.invalidate(b).await;
                    replayed = true;
                    attempt -= 1;
                    continue;
                }
            }
            // After a lost answer, the repeat's "not found" or "exists" is
            // what the lost attempt did.
            if time.answer_lost {
                match (error.kind(), call.effect) {
                    (ErrorKind::NotFound, RepeatEffect::AlreadyGone) => {
                        tracing::info!(op = call.op, attempt, "an earlier attempt got no answer and the repeat found nothing: already gone");
                        emit(None);
                        return Ok(Reply {
                            status: error.status().unwrap_or(404),
                            body: bytes::Bytes::new(),
                            ambiguous: true,
                            already_gone: true,
                        });
                    }
                    (ErrorKind::Conflict, RepeatEffect::AlreadyExists) => {
                        emit(None);
                        return Err(error.with_attempts(attempt).uncertain(Some(
                            "an earlier attempt of this call got no answer, so this call may have created it",
                        )));
                    }
                    _ => {}
                }
            }
            if class == RetryClass::IfSafe {
                time.answer_lost = true;
            }
            let now = inner.clock.now();
            // A timeout that used up the call's time says so, whole; a call
            // that may have taken effect says that too.
            let lost = time.answer_lost && call.effect != RepeatEffect::Nothing;
            let finish = |e: Error| -> Error {
                let e = if e.is_timeout() && time.remaining(now).is_zero() {
                    time.timed_out(now, &inner.origin, "")
                } else {
                    e.with_attempts(attempt)
                };
                if lost {
                    e.uncertain(Some(
                        "the request may have taken effect: an answer was lost",
                    ))
                } else {
                    e
                }
            };
            let retry = match class {
                RetryClass::Always => true,
                RetryClass::IfSafe => call.effect.repeatable(),
                RetryClass::Never => false,
            };
            // Throttling while pacing is the pacer's to handle: it has cut
            // its rate, the request queues again, and only the time bound
            // (not the attempt count) ends it.
            let paced_throttle = error.kind() == ErrorKind::RateLimited && inner.budget.is_some();
            if !retry || (attempt >= policy.max_attempts && !paced_throttle) {
                emit(None);
                return Err(finish(error));
            }
            let wait = match error.retry_after() {
                Some(h) if h > policy.max_retry_after => {
                    emit(None);
                    return Err(finish(error));
                }
                Some(h) => retry::after_hint(policy, h),
                None if paced_throttle => Duration::ZERO,
                None => retry::backoff(policy, attempt),
            };
            let retrying_for = now
                .saturating_duration_since(retry_start)
                .saturating_sub(time.queued.saturating_sub(queued_before));
            if retrying_for + wait > policy.max_elapsed || wait >= time.remaining(now) {
                emit(None);
                return Err(finish(error));
            }
            emit(Some(Retry {
                reason: RetryReason::of(&error),
                after: wait,
            }));
            if paced_throttle {
                // Expected when several clients share an app: the pacer slows
                // down, nothing is wrong.
                tracing::debug!(
                    op = call.op,
                    attempt,
                    status = error.status().unwrap_or(0),
                    "throttled: pacing slower, retrying"
                );
            } else {
                // Routine: the call goes on. What the caller must act on is
                // the error it ends with, if any.
                tracing::info!(
                    op = call.op,
                    attempt,
                    status = error.status().unwrap_or(0),
                    kind = error.kind().code(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
            }
            inner.clock.sleep(wait).await;
        }
    }
}

/// An attempt's event, its retry not known yet.
fn attempt_event(
    call: &Call,
    attempt: u32,
    status: Option<u16>,
    error: Option<&Error>,
    duration: Duration,
    budget_wait: Duration,
) -> AttemptEvent {
    AttemptEvent {
        operation: call.op,
        method: call.method.as_str(),
        route: call.route,
        attempt,
        status,
        server_code: error.and_then(|e| e.server_code().map(str::to_owned)),
        error: error.map(Error::kind),
        duration,
        budget_wait,
        retry: None,
    }
}

/// Now, µs since the Unix epoch (wall clock).
fn unix_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}
