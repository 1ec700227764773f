//! Optional client-side pacing per endpoint group, at the documented limits.

use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    fn index(self) -> usize {
        self as usize
    }
}

/// Requests per second allowed per endpoint group.
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
    /// Requests allowed back to back before pacing starts (per group).
    pub burst: u32,
    /// Share of each limit actually used (0-1], leaving room for network
    /// jitter that bunches requests up on their way to the service.
    pub headroom: f64,
}

impl RateLimits {
    /// The service's documented default limits, paced without bursts at 90%
    /// of each (so a one-second window at the service never sees more than the limit).
    pub fn documented() -> Self {
        RateLimits {
            token: 300.0,
            user_account: 100.0,
            batch_delete: 30.0,
            batch_status: 50.0,
            blocklist: 50.0,
            burst: 1,
            headroom: 0.9,
        }
    }

    fn rate(&self, g: EndpointGroup) -> f64 {
        match g {
            EndpointGroup::Token => self.token,
            EndpointGroup::UserAccount => self.user_account,
            EndpointGroup::BatchDelete => self.batch_delete,
            EndpointGroup::BatchStatus => self.batch_status,
            EndpointGroup::Blocklist => self.blocklist,
        }
    }
}

/// A GCRA limiter per group: `reserve` says how long the caller must wait.
#[derive(Debug)]
pub(crate) struct Limiter {
    limits: RateLimits,
    tat: Mutex<[Option<Instant>; 5]>,
}

impl Limiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Limiter {
            limits,
            tat: Mutex::new([None; 5]),
        }
    }

    /// Reserves a slot for one request at `now`; returns the wait before sending.
    pub(crate) fn reserve(&self, group: EndpointGroup, now: Instant) -> Duration {
        let headroom = if self.limits.headroom > 0.0 && self.limits.headroom <= 1.0 {
            self.limits.headroom
        } else {
            1.0
        };
        let rate = self.limits.rate(group) * headroom;
        if !(rate.is_finite() && rate > 0.0) {
            return Duration::ZERO;
        }
        let interval = Duration::from_secs_f64(1.0 / rate);
        let tolerance = interval * self.limits.burst.saturating_sub(1);
        let mut tats = self.tat.lock().unwrap_or_else(|p| p.into_inner());
        let tat = tats[group.index()].map_or(now, |t| t.max(now));
        let allowed_at = tat.checked_sub(tolerance).unwrap_or(now).max(now);
        tats[group.index()] = Some(tat + interval);
        allowed_at - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paces_after_burst() {
        let mut l = RateLimits::documented();
        l.burst = 2;
        l.headroom = 1.0;
        let lim = Limiter::new(l);
        let t0 = Instant::now();
        assert_eq!(lim.reserve(EndpointGroup::BatchDelete, t0), Duration::ZERO);
        assert_eq!(lim.reserve(EndpointGroup::BatchDelete, t0), Duration::ZERO);
        let w = lim.reserve(EndpointGroup::BatchDelete, t0);
        // 30/s: the third request waits about one interval (33 ms).
        assert!(
            w > Duration::from_millis(30) && w < Duration::from_millis(40),
            "{w:?}"
        );
        // 100 back-to-back calls at 30/s spread over about 3.3 s.
        let mut last = w;
        for _ in 0..97 {
            last = lim.reserve(EndpointGroup::BatchDelete, t0);
        }
        assert!(
            last > Duration::from_millis(3200) && last < Duration::from_millis(3300),
            "{last:?}"
        );
        // Other groups are independent.
        assert_eq!(lim.reserve(EndpointGroup::Token, t0), Duration::ZERO);
    }
}
