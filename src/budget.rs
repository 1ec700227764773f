//! Spending the service's rate budget well, on any network.
//!
//! Each endpoint group has a documented per-app limit (token 300/s, user
//! calls 100/s, batch status 50/s, blocklists 50/s, batch delete 30/s). Per
//! group, a [`Pacer`]:
//! - sends at most at its current rate, one request at a time in arrival
//!   order (a FIFO queue), so 10,000 calls started at once are queued and
//!   paced, not fired;
//! - starts at the limit and treats a throttling 429 as a signal: it cuts its
//!   rate multiplicatively (at most once per round trip, since one overload
//!   answers many requests) and climbs back additively, once per round trip
//!   without throttling: the AIMD rule that lets independent senders (several
//!   processes sharing an app) converge on a fair share;
//! - measures the round trip, so a bulk operation keeps rate × round trip
//!   requests in flight (Little's law) instead of a fixed few.
//!
//! Every decision reads the client's [`Clock`], so tests drive time by hand.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::clock::Clock;

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
}

impl EndpointGroup {
    /// Every group.
    pub const ALL: [EndpointGroup; 5] = [
        EndpointGroup::Token,
        EndpointGroup::UserAccount,
        EndpointGroup::BatchDelete,
        EndpointGroup::BatchStatus,
        EndpointGroup::Blocklist,
    ];

    fn index(self) -> usize {
        self as usize
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
    /// Share of each limit the client aims at (0-1], leaving room for
    /// network jitter that bunches requests up on their way to the service.
    pub share: f64,
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
            share: 0.97,
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
            share: d.share,
        }
    }

    /// The limit of one group, requests per second.
    pub fn limit(&self, g: EndpointGroup) -> f64 {
        match g {
            EndpointGroup::Token => self.token,
            EndpointGroup::UserAccount => self.user_account,
            EndpointGroup::BatchDelete => self.batch_delete,
            EndpointGroup::BatchStatus => self.batch_status,
            EndpointGroup::Blocklist => self.blocklist,
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

/// Multiplicative decrease on a throttling 429.
const CUT: f64 = 0.7;
/// Additive increase per round trip without throttling, as a share of the ceiling.
const RAISE: f64 = 0.04;
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
    rtt: Option<Duration>,
    throttled: u64,
    sent: u64,
}

/// Adaptive pacing of one endpoint group (see the module docs).
#[derive(Debug)]
pub(crate) struct Pacer {
    ceiling: f64,
    state: Mutex<State>,
    /// Callers wait their turn here, first come first served; the one at the
    /// head waits for its slot.
    queue: tokio::sync::Mutex<()>,
}

impl Pacer {
    pub(crate) fn new(ceiling: f64) -> Self {
        Pacer {
            ceiling,
            state: Mutex::new(State {
                rate: ceiling,
                last: None,
                last_cut: None,
                last_raise: None,
                rtt: None,
                throttled: 0,
                sent: 0,
            }),
            queue: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until this request may be sent.
    pub(crate) async fn acquire(&self, clock: &dyn Clock) {
        if !(self.ceiling.is_finite() && self.ceiling > 0.0) {
            return;
        }
        let _turn = self.queue.lock().await;
        loop {
            let wait = self.try_take(clock.now());
            if wait.is_zero() {
                return;
            }
            clock.sleep(wait).await;
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
        s.rtt = Some(match s.rtt {
            None => rtt,
            Some(old) => old.mul_f64(0.8) + rtt.mul_f64(0.2),
        });
        let step = s.rtt.unwrap_or(FIRST_RTT).max(MIN_STEP);
        if throttled {
            s.throttled += 1;
            if s.last_cut
                .is_none_or(|t| now.saturating_duration_since(t) >= step)
            {
                s.rate = (s.rate * CUT).max(self.ceiling * FLOOR);
                s.last_cut = Some(now);
                s.last_raise = Some(now);
                tracing::info!(
                    rate = s.rate,
                    ceiling = self.ceiling,
                    "throttled by the service (429): pacing slower"
                );
            }
        } else if s.rate < self.ceiling {
            let since = s.last_raise.map(|t| now.saturating_duration_since(t));
            if since.is_none_or(|d| d >= step) {
                s.rate = (s.rate + self.ceiling * RAISE).min(self.ceiling);
                s.last_raise = Some(now);
            }
        }
    }

    /// The current rate, requests per second.
    #[cfg(test)]
    pub(crate) fn rate(&self) -> f64 {
        self.lock().rate
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
    pub(crate) fn new(limits: &RateLimits) -> Self {
        Budget {
            pacers: EndpointGroup::ALL
                .iter()
                .map(|g| Pacer::new(limits.ceiling(*g)))
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
    fn throttling_cuts_once_per_round_trip_and_rate_climbs_back() {
        let p = Pacer::new(100.0);
        let t0 = Instant::now();
        p.observe(t0, ms(100), false);
        assert_eq!(p.rate(), 100.0);
        // A burst of 429s from one overload: one cut.
        for i in 0..10 {
            p.observe(t0 + ms(i), ms(100), true);
        }
        assert!((p.rate() - 70.0).abs() < 1e-9, "{}", p.rate());
        // Still throttled a round trip later: cut again.
        p.observe(t0 + ms(150), ms(100), true);
        assert!((p.rate() - 49.0).abs() < 1e-9, "{}", p.rate());
        // Then additive increase, one step (4 per second) per round trip.
        let mut now = t0 + ms(150);
        let mut steps = 0;
        while p.rate() < 100.0 {
            now += ms(101);
            p.observe(now, ms(100), false);
            steps += 1;
            assert!(steps < 100, "never climbed back");
        }
        assert_eq!(steps, 13, "(100 - 49) / 4 rounded up");
        // A slower cut interval follows the measured round trip.
        assert!(p.rtt().unwrap() >= ms(99));
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
        let b = Budget::new(&l);
        assert!((b.pacer(EndpointGroup::BatchDelete).rate() - 60.0 * 0.97).abs() < 1e-9);
    }
}
