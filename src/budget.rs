//! Spending the service's rate budget well, on any network.
//!
//! Each endpoint group has a documented per-app limit (token 300/s, user
//! calls 100/s, batch status 50/s, blocklists 50/s, batch delete 30/s). Per
//! group, a [`Pacer`]:
//! - sends at most at its current rate, one request at a time in arrival
//!   order (a FIFO queue), so 10,000 calls started at once are queued and
//!   paced, not fired;
//! - starts at the limit and treats a throttling 429 as a signal: it goes
//!   back to just under what the service admitted in the last second (or
//!   cuts multiplicatively before a second was measured), at most once per
//!   second (the service counts per second, so one overload answers many
//!   requests), and climbs back additively, by a share of the limit per
//!   second applied each round trip, gently near the rate of the last
//!   overload: the AIMD rule that lets independent senders (several
//!   processes sharing an app) converge on a fair share;
//! - tells jitter from contention: a 429 while the service admitted nearly
//!   all this sender sent, at nearly the whole limit, means arrivals bunched
//!   at a window's edge, so the rate is what the service takes and the pacer
//!   holds just below it (for [`HOLD`], renewed by the next such 429) instead
//!   of probing into the next 429;
//! - measures the round trip, so a bulk operation keeps rate × round trip
//!   requests in flight (Little's law) instead of a fixed few;
//! - measures how much the round trip varies and aims that much below the
//!   limit: requests sent evenly reach the service bunched by the network's
//!   jitter, so the count in a one-second window varies by about
//!   sqrt(rate x G), G being the mean difference between two requests'
//!   delays (the Gini mean difference, estimated from consecutive round
//!   trips); the aim is the highest rate whose count stays under the limit
//!   by [`SPREAD_Z`] of those (96.9% of 100/s at a 100 ms round trip with
//!   20% jitter and 2% of requests held back a round trip, 94.8% at 300 ms).
//!
//! With a shared store (fleet mode), the slot comes from the fleet's budget
//! in the store instead ([`crate::shared::budget`]); the local rate is what
//! the process falls back to when the store fails, starting from the share
//! of the budget it was getting.
//!
//! Every decision reads the client's [`Clock`], so tests drive time by hand.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::shared::budget::{SharedPace, HOLD};
use crate::shared::{Store, TokenSeen};

/// The endpoint groups that share a documented per-app rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointGroup {
    /// `POST /token`: 300/s.
    Token,
    /// Every other user-account call: 100/s.
    UserAccount,
    /// `DELETE /users?limit=N`: 30/s.
    BatchDelete,
    /// `POST /users/batch/status`: 50/s.
    BatchStatus,
    /// Blocklist get / add / remove: 50/s.
    Blocklist,
    /// User attributes (`/metadata/user/...`): 100/s.
    Metadata,
    /// Global mutes (`/mutes`): 100/s.
    Mute,
    /// Push settings (`/push/nickname`, `/users/{u}/notification/...`): 100/s.
    Push,
}

impl EndpointGroup {
    /// Every group.
    pub const ALL: [EndpointGroup; 8] = [
        EndpointGroup::Token,
        EndpointGroup::UserAccount,
        EndpointGroup::BatchDelete,
        EndpointGroup::BatchStatus,
        EndpointGroup::Blocklist,
        EndpointGroup::Metadata,
        EndpointGroup::Mute,
        EndpointGroup::Push,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The group's field name in [`RateLimits`].
    pub fn name(self) -> &'static str {
        match self {
            EndpointGroup::Token => "token",
            EndpointGroup::UserAccount => "user_account",
            EndpointGroup::BatchDelete => "batch_delete",
            EndpointGroup::BatchStatus => "batch_status",
            EndpointGroup::Blocklist => "blocklist",
            EndpointGroup::Metadata => "metadata",
            EndpointGroup::Mute => "mute",
            EndpointGroup::Push => "push",
        }
    }
}

/// The per-app limits the client paces at, requests per second per group.
/// [`RateLimits::documented`] is the default; a plan with higher limits is
/// [`RateLimits::scaled`].
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimits {
    /// Per second for [`EndpointGroup::Token`].
    pub token: f64,
    /// Per second for [`EndpointGroup::UserAccount`].
    pub user_account: f64,
    /// Per second for [`EndpointGroup::BatchDelete`].
    pub batch_delete: f64,
    /// Per second for [`EndpointGroup::BatchStatus`].
    pub batch_status: f64,
    /// Per second for [`EndpointGroup::Blocklist`].
    pub blocklist: f64,
    /// Per second for [`EndpointGroup::Metadata`].
    pub metadata: f64,
    /// Per second for [`EndpointGroup::Mute`].
    pub mute: f64,
    /// Per second for [`EndpointGroup::Push`].
    pub push: f64,
    /// Share of each limit the client aims at (0-1], leaving room for
    /// network jitter that bunches requests up on their way to the service.
    pub share: f64,
    /// The factor these limits are of the documented ones (1 for the
    /// documented limits); named in the error when it is not positive.
    pub scale: f64,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::documented()
    }
}

impl RateLimits {
    /// The service's documented default limits, aimed at 97% of each.
    pub fn documented() -> Self {
        RateLimits {
            token: 300.0,
            user_account: 100.0,
            batch_delete: 30.0,
            batch_status: 50.0,
            blocklist: 50.0,
            metadata: 100.0,
            mute: 100.0,
            push: 100.0,
            share: 0.97,
            scale: 1.0,
        }
    }

    /// The documented limits times `factor` (a plan with higher limits).
    pub fn scaled(factor: f64) -> Self {
        let d = Self::documented();
        RateLimits {
            token: d.token * factor,
            user_account: d.user_account * factor,
            batch_delete: d.batch_delete * factor,
            batch_status: d.batch_status * factor,
            blocklist: d.blocklist * factor,
            metadata: d.metadata * factor,
            mute: d.mute * factor,
            push: d.push * factor,
            share: d.share,
            scale: factor,
        }
    }

    /// Checks every limit is a positive number and the share is in (0, 1].
    pub(crate) fn validate(&self) -> crate::Result<()> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !positive(self.scale) {
            return Err(crate::Error::config_field(
                "rate_limit_scale",
                format_args!("must be a positive number, got {}", self.scale),
            ));
        }
        for g in EndpointGroup::ALL {
            let v = self.limit(g);
            if !positive(v) {
                return Err(crate::Error::config_field(
                    &format!("rate_limits.{}", g.name()),
                    format_args!("must be a positive number of requests per second, got {v}"),
                ));
            }
        }
        if !(positive(self.share) && self.share <= 1.0) {
            return Err(crate::Error::config_field(
                "rate_limits.share",
                format_args!("must be in (0, 1], got {}", self.share),
            ));
        }
        Ok(())
    }

    /// The limit of one group, requests per second.
    pub fn limit(&self, g: EndpointGroup) -> f64 {
        match g {
            EndpointGroup::Token => self.token,
            EndpointGroup::UserAccount => self.user_account,
            EndpointGroup::BatchDelete => self.batch_delete,
            EndpointGroup::BatchStatus => self.batch_status,
            EndpointGroup::Blocklist => self.blocklist,
            EndpointGroup::Metadata => self.metadata,
            EndpointGroup::Mute => self.mute,
            EndpointGroup::Push => self.push,
        }
    }

    fn ceiling(&self, g: EndpointGroup) -> f64 {
        let share = if self.share > 0.0 && self.share <= 1.0 {
            self.share
        } else {
            1.0
        };
        self.limit(g) * share
    }
}

/// Multiplicative decrease on a throttling 429 before a second of answers
/// says what the service admits.
const CUT: f64 = 0.7;
/// A 429 while the service admitted at least this share of what was sent,
/// at least this share of the aim, is jitter at a window's edge, not
/// contention.
const JITTER_ADMITTED: f64 = 0.9;
/// After a jitter 429, the rate climbs back to this share of the admitted
/// rate and holds there ...
const HOLD_SHARE: f64 = 0.98;
/// A slot booked this far ahead looks at the fleet's token again when its
/// turn comes (what the booking saw of it may be out of date).
const STALE_AFTER: Duration = Duration::from_millis(10);
/// Pacing locally after the shared store failed: this share of what the
/// process was getting from the fleet's budget.
const OUTAGE_SHARE: f64 = 0.9;
/// Additive increase without throttling, as a share of the ceiling per
/// second (applied once per round trip).
const RAISE: f64 = 0.10;
/// A cut goes at least to this share of the rate the service admitted in
/// the last second.
const ADMITTED_SHARE: f64 = 0.95;
/// The gentler increase near the rate of the last overload (from 90% to
/// 110% of it), where the next 429 is likely: probing there slowly keeps
/// several senders sharing an app from overshooting together.
const RAISE_NEAR_PEAK: f64 = 0.025;
/// The service counts requests over one-second windows, so a cut shows in
/// its answers only up to a second later: 429s within that second are the
/// same overload, and cut the rate once.
const WINDOW: Duration = Duration::from_secs(1);
/// How many standard deviations of a window's count, from the network's
/// jitter, the aim leaves below the limit.
const SPREAD_Z: f64 = 3.0;
/// Gain of the moving average of the round trips' differences (about 32
/// answers; the first 32 are averaged plainly).
const SPREAD_GAIN: f64 = 1.0 / 32.0;
/// The rate never falls below this share of the ceiling.
const FLOOR: f64 = 0.05;
/// A round trip is never taken as shorter than this for AIMD steps.
const MIN_STEP: Duration = Duration::from_millis(50);
/// The round trip assumed before one was measured.
const FIRST_RTT: Duration = Duration::from_millis(500);
/// Bounds of the in-flight limit of bulk operations.
const MAX_IN_FLIGHT: usize = 256;

/// What one group's pacer knows.
#[derive(Debug)]
struct State {
    rate: f64,
    /// The slot of the last request let through.
    last: Option<Instant>,
    last_cut: Option<Instant>,
    last_raise: Option<Instant>,
    /// The rate at which the service last throttled.
    peak: Option<f64>,
    /// After a jitter 429: the rate not to climb above, and until when.
    hold: Option<(f64, Instant)>,
    /// Responses in the current one-second bucket (when it began, admitted,
    /// all), and in the last whole one: what the service grants this sender
    /// when it is busy, the level to cut to when it throttles.
    bucket: (Option<Instant>, u64, u64),
    last_second: Option<(f64, f64)>,
    rtt: Option<Duration>,
    /// Mean difference between consecutive round trips, seconds.
    spread: f64,
    /// How many differences `spread` has averaged (up to 1 / SPREAD_GAIN).
    spread_samples: u32,
    /// The last round trip measured.
    last_rtt: Option<Duration>,
    throttled: u64,
    sent: u64,
    /// 429s come back since the last shared reservation: the next one
    /// reports them to the fleet's budget.
    unreported: u32,
    /// The last slot came from the shared store.
    was_shared: bool,
}

/// Adaptive pacing of one endpoint group (see the module docs).
#[derive(Debug)]
pub(crate) struct Pacer {
    /// The limit times the share aimed at.
    ceiling: f64,
    /// The service's limit.
    limit: f64,
    state: Mutex<State>,
    /// Callers wait their turn here, first come first served; the one at the
    /// head waits for its slot.
    queue: tokio::sync::Mutex<()>,
    shared: Option<SharedPace>,
}

impl Pacer {
    #[cfg(test)]
    pub(crate) fn new(ceiling: f64) -> Self {
        Self::with_shared(ceiling, ceiling, None)
    }

    pub(crate) fn with_shared(limit: f64, ceiling: f64, shared: Option<SharedPace>) -> Self {
        Pacer {
            shared,
            ceiling,
            limit,
            state: Mutex::new(State {
                rate: ceiling,
                last: None,
                last_cut: None,
                last_raise: None,
                peak: None,
                hold: None,
                bucket: (None, 0, 0),
                last_second: None,
                rtt: None,
                spread: 0.0,
                spread_samples: 0,
                last_rtt: None,
                throttled: 0,
                sent: 0,
                unreported: 0,
                was_shared: false,
            }),
            queue: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The rate aimed at: the ceiling, or lower by the network's jitter
    /// (the largest r with r + z sqrt(r G) <= limit).
    fn aim(&self, s: &State) -> f64 {
        let zg = SPREAD_Z * s.spread.sqrt();
        let root = (-zg + (zg * zg + 4.0 * self.limit).sqrt()) / 2.0;
        self.ceiling.min(root * root).max(self.ceiling * FLOOR)
    }

    /// Waits until this request may be sent.
    pub(crate) async fn acquire(&self, clock: &dyn Clock) {
        if !(self.ceiling.is_finite() && self.ceiling > 0.0) {
            return;
        }
        let _turn = self.queue.lock().await;
        if let Some(shared) = &self.shared {
            let (throttled, aim) = {
                let mut s = self.lock();
                (std::mem::take(&mut s.unreported), self.aim(&s))
            };
            if let Some(wait) = shared.reserve(aim, throttled).await {
                if !wait.is_zero() {
                    clock.sleep(wait).await;
                }
                if wait >= STALE_AFTER {
                    shared.look_at_token().await;
                }
                let mut s = self.lock();
                s.was_shared = true;
                s.sent += 1;
                return;
            }
            self.go_local(clock.now());
        }
        loop {
            let wait = self.try_take(clock.now());
            if wait.is_zero() {
                return;
            }
            clock.sleep(wait).await;
        }
    }

    /// The store failed: pace locally from the rate this process was
    /// getting from the fleet's budget (what the service admitted of its
    /// requests in the last second), not from the whole ceiling, so the
    /// fleet does not jump to N times the limit; a little below it
    /// ([`OUTAGE_SHARE`]: the processes' streams are no longer interleaved
    /// by one schedule, so they bunch up more), and held there ([`HOLD`]):
    /// N processes each climbing by a share of the whole limit would
    /// overshoot it together within a second.
    fn go_local(&self, now: Instant) {
        let mut s = self.lock();
        if std::mem::take(&mut s.was_shared) {
            let share = match (s.last_second, s.bucket) {
                (Some((ok, _)), _) => ok,
                (None, (Some(start), ok, _)) => {
                    ok as f64
                        / now
                            .saturating_duration_since(start)
                            .max(WINDOW)
                            .as_secs_f64()
                }
                (None, (None, ..)) => self.ceiling,
            };
            let rate = (share * OUTAGE_SHARE).clamp(self.ceiling * FLOOR, self.ceiling);
            tracing::info!(
                rate,
                share,
                "the shared store failed: pacing this process alone at a little under its share"
            );
            s.rate = rate;
            s.peak = Some(rate);
            s.hold = Some((rate, now + HOLD));
            // 429s seen from here on are this process's own: not the fleet's
            // to cut by when the store is back.
            s.unreported = 0;
            // The first local slot one interval from now: the slots other
            // processes booked in the store before it failed go out first.
            s.last = Some(now);
        }
    }

    /// Takes the slot if it is due (returns zero), or says how long to wait.
    /// A slot is the previous one plus one interval at the current rate, so a
    /// rate cut stretches the wait of whoever is next; a late wake-up keeps
    /// the ideal slot (no drift), and an idle group starts afresh.
    fn try_take(&self, now: Instant) -> Duration {
        let mut s = self.lock();
        let interval = Duration::from_secs_f64(1.0 / s.rate.max(f64::MIN_POSITIVE));
        let slot = match s.last {
            Some(last) => last + interval,
            None => now,
        };
        if slot > now {
            return slot - now;
        }
        s.last = Some(if now - slot < interval { slot } else { now });
        s.sent += 1;
        Duration::ZERO
    }

    /// A response came back after `rtt`; `throttled` when it was a throttling 429.
    pub(crate) fn observe(&self, now: Instant, rtt: Duration, throttled: bool) {
        let mut s = self.lock();
        if let Some(last) = s.last_rtt {
            let difference = (rtt.as_secs_f64() - last.as_secs_f64()).abs();
            // The plain mean of the first differences, then a moving
            // average: starting the average at 0 would aim at the ceiling,
            // no room for jitter, for the first ~32 answers (a 429 in the
            // first second, cut by a third, cost a 300 ms import points).
            s.spread_samples = s.spread_samples.saturating_add(1);
            let gain = (1.0 / f64::from(s.spread_samples)).max(SPREAD_GAIN);
            s.spread += (difference - s.spread) * gain;
        }
        s.last_rtt = Some(rtt);
        s.rtt = Some(match s.rtt {
            None => rtt,
            Some(old) => old.mul_f64(0.8) + rtt.mul_f64(0.2),
        });
        let step = s.rtt.unwrap_or(FIRST_RTT).max(MIN_STEP);
        match s.bucket {
            (None, ..) => s.bucket = (Some(now), 0, 0),
            (Some(start), ok, all) => {
                let age = now.saturating_duration_since(start);
                if age >= WINDOW {
                    // Per second of the bucket's span (a little over a second:
                    // it ends with the first answer after it).
                    let secs = age.as_secs_f64();
                    s.last_second =
                        (age < WINDOW * 2).then_some((ok as f64 / secs, all as f64 / secs));
                    s.bucket = (Some(now), 0, 0);
                }
            }
        }
        s.bucket.2 += 1;
        if !throttled {
            s.bucket.1 += 1;
        }
        if throttled {
            s.throttled += 1;
            if s.was_shared {
                s.unreported += 1;
            }
            if s.last_cut
                .is_none_or(|t| now.saturating_duration_since(t) >= step.max(WINDOW))
            {
                let before = s.rate;
                // What the service admitted of this sender's requests in the
                // last second (only when it was busy: a sender that had
                // little to send says nothing of its share).
                let admitted = s
                    .last_second
                    .filter(|(ok, all)| *ok > 0.0 && *all >= before * 0.5)
                    .map(|(ok, _)| ok);
                let (rate, peak) = match admitted {
                    // Back to just under it: several senders that all start
                    // at the limit get to their shares in one step, and a
                    // sender alone loses a few percent, not a third.
                    Some(ok) => (before.min(ok) * ADMITTED_SHARE, before.min(ok)),
                    None => (before * CUT, before),
                };
                // Jitter, not contention: nearly all of what was sent was
                // admitted, and it was (nearly) the whole budget, so no other
                // sender is sharing it (a sender holding at its share of a
                // shared budget could not take over what others leave).
                let aim = self.aim(&s);
                s.hold = match admitted {
                    Some(ok) if ok >= before * JITTER_ADMITTED && peak >= aim * JITTER_ADMITTED => {
                        Some((peak * HOLD_SHARE, now + HOLD))
                    }
                    _ => None,
                };
                s.peak = Some(peak);
                s.rate = rate.max(self.ceiling * FLOOR);
                s.last_cut = Some(now);
                s.last_raise = Some(now);
                tracing::info!(
                    rate = s.rate,
                    ceiling = self.ceiling,
                    "throttled by the service (429): pacing slower"
                );
            }
        } else {
            let aim = self.aim(&s);
            let top = match s.hold {
                Some((level, until)) if now < until => level.min(aim),
                _ => aim,
            };
            // More jitter than before: down to the new aim at once.
            s.rate = s.rate.min(aim);
            let since = s.last_raise.map(|t| now.saturating_duration_since(t));
            if s.rate < top && since.is_none_or(|d| d >= step) {
                let near_peak = s
                    .peak
                    .is_some_and(|p| s.rate >= p * 0.9 && s.rate < p * 1.1);
                let per_second = if near_peak { RAISE_NEAR_PEAK } else { RAISE };
                let secs = since.map_or(step, |d| d.min(WINDOW)).as_secs_f64();
                s.rate = (s.rate + self.ceiling * per_second * secs).min(top);
                s.last_raise = Some(now);
            }
        }
    }

    /// The current rate, requests per second.
    #[cfg(test)]
    pub(crate) fn rate(&self) -> f64 {
        self.lock().rate
    }

    /// The rate aimed at now.
    #[cfg(test)]
    pub(crate) fn aim_now(&self) -> f64 {
        self.aim(&self.lock())
    }

    /// The measured round trip (smoothed), if any.
    #[cfg(test)]
    pub(crate) fn rtt(&self) -> Option<Duration> {
        self.lock().rtt
    }

    /// How many requests a bulk operation should keep in flight to send at
    /// the current rate over the measured round trip (Little's law), with
    /// half again as many for variation.
    pub(crate) fn in_flight(&self) -> usize {
        let s = self.lock();
        let rtt = s.rtt.unwrap_or(FIRST_RTT).as_secs_f64();
        let n = (s.rate * rtt * 1.5).ceil() as usize + 1;
        n.clamp(2, MAX_IN_FLIGHT)
    }
}

/// The pacers of every group, or none when pacing is off.
#[derive(Debug)]
pub(crate) struct Budget {
    pacers: Vec<Pacer>,
}

impl Budget {
    /// `token`: the fleet's token key and where to say what the
    /// reservations see of it (fleet mode with a shared token).
    pub(crate) fn new(
        limits: &RateLimits,
        store: Option<&Arc<Store>>,
        token: Option<(String, Arc<TokenSeen>)>,
    ) -> Self {
        Budget {
            pacers: EndpointGroup::ALL
                .iter()
                .map(|g| {
                    let shared = store.map(|s| SharedPace::new(s.clone(), g.name(), token.clone()));
                    Pacer::with_shared(limits.limit(*g), limits.ceiling(*g), shared)
                })
                .collect(),
        }
    }

    pub(crate) fn pacer(&self, g: EndpointGroup) -> &Pacer {
        &self.pacers[g.index()]
    }
}

/// How many batch requests a bulk operation of `group` keeps in flight: the
/// configured number, or the pacer's Little's-law figure, or 4 unpaced.
pub(crate) fn in_flight(budget: Option<&Budget>, fixed: Option<usize>, g: EndpointGroup) -> usize {
    match (fixed, budget) {
        (Some(n), _) => n.max(1),
        (None, Some(b)) => b.pacer(g).in_flight(),
        (None, None) => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use std::sync::Arc;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn paces_evenly_at_the_ceiling_without_drift() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        assert_eq!(p.try_take(t0), Duration::ZERO);
        // The next slot is 10 ms later; asking early says how long to wait.
        assert_eq!(p.try_take(t0 + ms(4)), ms(6));
        // Waking 3 ms late still books the ideal slot: 100 slots take 1 s.
        let mut now = t0;
        for i in 1..=100u64 {
            now = t0 + ms(10 * i) + ms(3);
            assert_eq!(p.try_take(now), Duration::ZERO, "slot {i}");
        }
        assert_eq!(p.try_take(now), ms(7));
        // After a long idle spell the group starts afresh (no burst of catch-up).
        let later = now + Duration::from_secs(5);
        assert_eq!(p.try_take(later), Duration::ZERO);
        assert_eq!(p.try_take(later), ms(10));
    }

    #[test]
    fn throttling_cuts_once_per_window_and_the_rate_climbs_back_gently_near_the_peak() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        p.observe(t0, ms(100), false);
        assert_eq!(p.rate(), 100.0);
        // A burst of 429s from one overload: one cut.
        for i in 0..10 {
            p.observe(t0 + ms(i), ms(100), true);
        }
        assert!((p.rate() - 70.0).abs() < 1e-9, "{}", p.rate());
        // Still throttled within the service's one-second window: the same
        // overload, no second cut.
        p.observe(t0 + ms(600), ms(100), true);
        assert!((p.rate() - 70.0).abs() < 1e-9, "{}", p.rate());
        // Throttled a window later: cut again (the last overload was at 70).
        let t1 = t0 + ms(1000);
        p.observe(t1, ms(100), true);
        assert!((p.rate() - 49.0).abs() < 1e-9, "{}", p.rate());
        // Then additive increase, once per round trip: 10 a second (of the
        // ceiling), 2.5 a second from 63 to 77 (90-110% of the last peak).
        let mut now = t1;
        let mut rates = Vec::new();
        while p.rate() < 100.0 {
            now += ms(100);
            p.observe(now, ms(100), false);
            rates.push(p.rate());
            assert!(rates.len() < 1000, "never climbed back");
        }
        let secs = rates.len() as f64 / 10.0;
        let expected = 1.4 + 14.0 / 2.5 + 2.3;
        assert!((secs - expected).abs() < 0.3, "{secs} s, not {expected} s");
        assert!(p.rtt().unwrap() >= ms(99));
    }

    #[test]
    fn a_cut_goes_down_to_what_the_service_admitted() {
        // Four senders started at the limit: this one sees 25 of its
        // requests a second admitted, the rest throttled.
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        p.observe(t0, ms(100), true);
        assert!((p.rate() - 70.0).abs() < 1e-9, "no second measured yet");
        for i in 0..70u64 {
            p.observe(t0 + ms(14 * i), ms(100), i % 70 >= 25);
        }
        p.observe(t0 + ms(1000), ms(100), false);
        p.observe(t0 + ms(1050), ms(100), true);
        assert!((p.rate() - 25.0 * 0.95).abs() < 1e-9, "{}", p.rate());
        // A share of a shared budget, not the whole: no hold, so when the
        // other senders finish it climbs to take over what they leave.
        let mut now = t0 + ms(1050);
        for _ in 0..100 {
            now += ms(100);
            p.observe(now, ms(100), false);
        }
        assert!(p.rate() > 40.0, "held at its share: {}", p.rate());
    }

    #[test]
    fn the_rate_has_a_floor() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        for i in 0..100 {
            p.observe(t0 + Duration::from_secs(i), ms(10), true);
        }
        assert!((p.rate() - 5.0).abs() < 1e-9, "{}", p.rate());
    }

    #[test]
    fn in_flight_follows_littles_law() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        // Before a measurement: 100/s x 0.5 s x 1.5 + 1.
        assert_eq!(p.in_flight(), 76);
        for _ in 0..50 {
            p.observe(t0, ms(300), false);
        }
        assert_eq!(p.in_flight(), 46, "100/s x 0.3 s x 1.5 + 1");
        let fast = Pacer::new(100.0);
        for _ in 0..50 {
            fast.observe(t0, ms(20), false);
        }
        assert_eq!(fast.in_flight(), 4);
        let slow = Pacer::new(600.0);
        for _ in 0..50 {
            slow.observe(t0, Duration::from_secs(2), false);
        }
        assert_eq!(slow.in_flight(), MAX_IN_FLIGHT);
        assert_eq!(in_flight(None, None, EndpointGroup::UserAccount), 4);
        assert_eq!(in_flight(None, Some(9), EndpointGroup::UserAccount), 9);
    }

    #[test]
    fn a_jitter_429_goes_back_to_what_was_admitted_and_holds_just_below_it() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        // A busy second at 100/s, all admitted; then one 429 (arrivals
        // bunched at a window's edge).
        for i in 0..=100u64 {
            p.observe(t0 + ms(10 * i), ms(100), false);
        }
        p.observe(t0 + ms(1005), ms(100), true);
        assert!((p.rate() - 95.0).abs() < 1e-9, "{}", p.rate());
        // It climbs back to 98% of what was admitted, and holds there.
        let mut now = t0 + ms(1005);
        for _ in 0..50 {
            now += ms(100);
            p.observe(now, ms(100), false);
        }
        assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
        while now < t0 + ms(1005) + HOLD - ms(200) {
            now += ms(100);
            p.observe(now, ms(100), false);
            assert!(
                p.rate() <= 98.0 + 1e-9,
                "probed above the hold: {}",
                p.rate()
            );
        }
        // Once the hold is over (no 429 for HOLD), it probes up again.
        for _ in 0..30 {
            now += ms(100);
            p.observe(now, ms(100), false);
        }
        assert_eq!(p.rate(), 100.0);
    }

    #[test]
    fn the_aim_leaves_room_for_the_networks_jitter() {
        // A 100/s limit aimed at 97%.
        let p = Pacer::with_shared(100.0, 97.0, None);
        let t0 = Instant::now();
        assert_eq!(p.aim_now(), 97.0, "no jitter measured yet");
        // Round trips of 300 ms + 0-60 ms: consecutive ones differ by 20 ms
        // on average, so a window's count varies by sqrt(r x 0.02) ~ 1.4.
        let mut rng = fastrand::Rng::with_seed(7);
        // The first few answers already leave room (their plain mean, not
        // a moving average started at 0, which would still aim at 97).
        for i in 0..8u64 {
            p.observe(
                t0 + ms(i),
                ms(300 + [0, 40, 10, 60, 20, 50, 0, 30][i as usize]),
                false,
            );
        }
        let early = p.aim_now();
        assert!((93.0..96.0).contains(&early), "aim after 8 answers {early}");
        for i in 0..2000u64 {
            p.observe(t0 + ms(i), ms(300 + rng.u64(0..=60)), false);
        }
        let aim = p.aim_now();
        assert!((95.0..96.6).contains(&aim), "aim {aim}");
        assert!(
            p.rate() <= aim + 1e-9,
            "rate {} above the aim {aim}",
            p.rate()
        );
        // A steady network again: back to the ceiling.
        for i in 0..2000u64 {
            p.observe(t0 + ms(2000 + i), ms(300), false);
        }
        assert!((p.aim_now() - 97.0).abs() < 1e-6, "{}", p.aim_now());
        // The margin shrinks as the limit grows (counts average out).
        let big = Pacer::with_shared(1000.0, 970.0, None);
        for i in 0..2000u64 {
            big.observe(t0 + ms(i), ms(300 + rng.u64(0..=60)), false);
        }
        assert!(big.aim_now() / 1000.0 > aim / 100.0, "{}", big.aim_now());
    }

    #[tokio::test(flavor = "current_thread")]
    async fn many_callers_queue_in_order_and_are_paced() {
        let clock = ManualClock::new();
        let t0 = clock.now();
        let p = Arc::new(Pacer::new(50.0));
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..200usize {
            let (p, clock, order) = (p.clone(), clock.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                p.acquire(&clock).await;
                order.lock().unwrap().push((i, clock.now()));
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let order = order.lock().unwrap();
        let ids: Vec<usize> = order.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            ids,
            (0..200).collect::<Vec<_>>(),
            "first come, first served"
        );
        // 200 requests at 50/s: the last goes out 199 intervals (3.98 s) after the first.
        let span = order.last().unwrap().1 - order.first().unwrap().1;
        assert_eq!(span, ms(20) * 199);
        assert!(order.first().unwrap().1 >= t0);
    }

    #[test]
    fn scaled_limits_and_ceilings() {
        let l = RateLimits::scaled(2.0);
        assert_eq!(l.limit(EndpointGroup::UserAccount), 200.0);
        assert_eq!(l.limit(EndpointGroup::Token), 600.0);
        let b = Budget::new(&l, None, None);
        assert!((b.pacer(EndpointGroup::BatchDelete).rate() - 60.0 * 0.97).abs() < 1e-9);
    }
}
