//! One endpoint group's adaptive pacing (see the module docs of
//! [`crate::budget`]): the rate, the FIFO queue of callers, the cut and
//! climb on throttling, the jitter margin, the in-flight figure.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::shared::budget::{SharedPace, HOLD};

/// Multiplicative decrease on a throttling 429 before a second of answers
/// says what the service admits.
const CUT: f64 = 0.7;
/// A 429 while the service admitted at least this share of what was sent,
/// at least this share of the aim, is jitter at a window's edge, not
/// contention.
const JITTER_ADMITTED: f64 = 0.9;
/// After a jitter 429, the rate steps to this share of the rate that met it
/// and holds there ...
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
/// jitter, the aim leaves below the limit. A window's count goes over
/// `limit + 1/2` with a chance of 1 in 14,000 at 3.8 (1 in 700 at 3): the
/// sliding window is checked at every arrival, and its count changes as
/// often as the jitter lets requests pass each other, so at 3 a 30-s import
/// met a 429 or two in steady state; at 3.8, none in `make bench-budget`.
const SPREAD_Z: f64 = 3.8;
/// The margin is also never under [`TAIL_Z`] standard deviations and
/// [`TAIL_EXTRA`] requests more (once the spread is 0.3 of a request: at
/// less, [`SPREAD_Z`] covers what little there is). At a small count's
/// spread, what sends a window over is not the jitter's normal spread but a
/// request or two held back and arriving together in a later window (a
/// Poisson tail, heavier than the normal one): 50 requests/s at 100 ms met
/// a 429 about every 160 s at 3.8 alone, in a simulation of the harsh
/// network, and about every 960 s with this floor, for 1% of the rate; at
/// larger spreads (300 ms, or 100 requests/s) the floor is under 3.8's
/// margin and changes nothing.
const TAIL_Z: f64 = 2.8;
const TAIL_EXTRA: f64 = 1.2;
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
pub(super) const MAX_IN_FLIGHT: usize = 256;

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

    /// The rate aimed at: the ceiling, or lower by the network's jitter:
    /// the largest r whose margin m(r) keeps r + m(r) <= limit + 1/2, with
    /// m = max(z sd, min(TAIL_Z sd + TAIL_EXTRA, (TAIL_Z + 4) sd)) and sd =
    /// sqrt(r G), a window's count's spread.
    fn aim(&self, s: &State) -> f64 {
        // A window refuses its (limit + 1)-th request: counts are whole, so
        // the normal approximation of the count is held to limit + 1/2.
        let room = self.limit + 0.5;
        // The largest r with r + z sqrt(r G) <= room.
        let highest = |z: f64, room: f64| {
            let zg = z * s.spread.sqrt();
            let root = (-zg + (zg * zg + 4.0 * room.max(0.0)).sqrt()) / 2.0;
            root * root
        };
        // The tail's floor: TAIL_EXTRA once it is under 4 sd, 4 sd before.
        let tail = highest(TAIL_Z, room - TAIL_EXTRA).max(highest(TAIL_Z + 4.0, room));
        let aim = highest(SPREAD_Z, room).min(tail);
        self.ceiling.min(aim).max(self.ceiling * FLOOR)
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
    pub(super) fn try_take(&self, now: Instant) -> Duration {
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
                // little to send says nothing of its share); in the first
                // second of answers, what it admitted so far, once half a
                // second of them says something (a cut by a third on a 429
                // at the very start cost a short run its throughput).
                let so_far = match s.bucket {
                    (Some(start), ok, all) => {
                        let age = now.saturating_duration_since(start);
                        (age >= WINDOW / 2).then(|| {
                            let secs = age.as_secs_f64();
                            (ok as f64 / secs, all as f64 / secs)
                        })
                    }
                    _ => None,
                };
                let admitted = s
                    .last_second
                    .or(so_far)
                    .filter(|(ok, all)| *ok > 0.0 && *all >= before * 0.5)
                    .map(|(ok, _)| ok);
                // Jitter, not contention: nearly all of what was sent was
                // admitted, and it was (nearly) the whole budget, so no other
                // sender is sharing it (a sender holding at its share of a
                // shared budget could not take over what others leave). The
                // rate that met the 429 is then the service's measure, not
                // the admitted count (a bucket of a little over a second
                // reads a little low): a small step below it, and hold there
                // (straight to the hold: a deeper cut and a climb back cost
                // a 300 ms measure a tenth of a point for nothing).
                let aim = self.aim(&s);
                let jitter = admitted.is_some_and(|ok| {
                    ok >= before * JITTER_ADMITTED && before.min(ok) >= aim * JITTER_ADMITTED
                });
                let (rate, peak) = match admitted {
                    _ if jitter => (before * HOLD_SHARE, before),
                    // Back to just under it: several senders that all start
                    // at the limit get to their shares in one step, and a
                    // sender alone loses a few percent, not a third.
                    Some(ok) => (before.min(ok) * ADMITTED_SHARE, before.min(ok)),
                    None => (before * CUT, before),
                };
                s.hold = jitter.then_some((peak * HOLD_SHARE, now + HOLD));
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
