//! The documented per-second rate limits, per app and endpoint group, times a
//! configurable scale, enforced over a sliding one-second window: no window
//! of one second, wherever it starts, admits more than the limit (fixed
//! windows would let a double burst through at their edges). The lenient
//! limiter counts the requests it admitted; the strict one
//! (`strict_limits`) counts the refused ones too, as some services do.
//!
//! Also the network in front of it: how long a request travels.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The documented limit of a route pattern, requests per second.
pub(crate) fn limit_for(route: &str) -> u32 {
    match route {
        "POST /token" => 300,
        "DELETE /users" => 30,
        "POST /users/batch/status" => 50,
        r if r.contains("/blocks/") => 50,
        _ => 100,
    }
}

fn group(route: &'static str) -> &'static str {
    match route {
        // Attributes, mutes and push settings: 100/s per endpoint.
        r if r.contains("/metadata/") || r.contains("/mutes") => r,
        r if r.contains("/push/") || r.contains("/notification/") => r,
        "POST /token" => "token",
        "DELETE /users" => "batch_delete",
        "POST /users/batch/status" => "batch_status",
        r if r.contains("/blocks/") => "blocks",
        _ => "users",
    }
}

const WINDOW: Duration = Duration::from_secs(1);

/// The instants of the requests admitted in the last second, per group.
#[derive(Debug, Default)]
pub(crate) struct Windows {
    admitted: HashMap<&'static str, VecDeque<Instant>>,
}

impl Windows {
    /// Counts one request at `now` against its group's limit times `scale`;
    /// `Err(limit)` when the last second already holds that many (`strict`:
    /// the refused one is counted as well).
    pub(crate) fn admit(
        &mut self,
        route: &'static str,
        scale: f64,
        strict: bool,
        now: Instant,
    ) -> Result<(), u32> {
        let limit = ((limit_for(route) as f64) * scale).floor().max(1.0) as u32;
        let q = self.admitted.entry(group(route)).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() as u32 >= limit {
            if strict {
                q.push_back(now);
            }
            return Err(limit);
        }
        q.push_back(now);
        Ok(())
    }
}

/// How long one request travels before the service sees it, in ms: the
/// latency, a random 0 to `jitter_ms` more, and for a share `burst_rate` of
/// requests `burst_ms` more (held back while the next ones pass).
pub(crate) fn travel_ms(c: &crate::config::EmulatorConfig) -> u64 {
    let jitter = if c.jitter_ms > 0 {
        fastrand::u64(0..=c.jitter_ms)
    } else {
        0
    };
    let held = if c.burst_rate > 0.0 && fastrand::f64() < c.burst_rate {
        c.burst_ms
    } else {
        0
    };
    c.latency_ms + jitter + held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_one_second_window_admits_more_than_the_limit() {
        let mut w = Windows::default();
        let t0 = Instant::now();
        // A burst at the end of one second and another at the start of the
        // next: a fixed window would admit both; the sliding one refuses.
        let late = t0 + Duration::from_millis(900);
        let admitted = (0..100)
            .filter(|_| w.admit("GET /users/{username}", 1.0, false, late).is_ok())
            .count();
        assert_eq!(admitted, 100);
        let early_next = t0 + Duration::from_millis(1100);
        assert_eq!(
            w.admit("GET /users/{username}", 1.0, false, early_next),
            Err(100)
        );
        // Once the burst is a second old, room again.
        assert!(w
            .admit("GET /users/{username}", 1.0, false, late + WINDOW)
            .is_ok());
        // Groups are separate; the scale multiplies the limit.
        let mut w = Windows::default();
        let ok = (0..100)
            .filter(|_| w.admit("DELETE /users", 2.0, false, t0).is_ok())
            .count();
        assert_eq!(ok, 60);
        assert!(w.admit("POST /token", 2.0, false, t0).is_ok());
    }

    #[test]
    fn an_even_stream_at_the_limit_passes() {
        let mut w = Windows::default();
        let t0 = Instant::now();
        // 100/s spread evenly over 5 s: all admitted.
        for i in 0..500u64 {
            let t = t0 + Duration::from_micros(i * 10_000);
            assert!(w.admit("POST /users", 1.0, false, t).is_ok(), "request {i}");
        }
    }

    #[test]
    fn the_strict_limiter_counts_what_it_refused() {
        let t0 = Instant::now();
        for strict in [false, true] {
            let mut w = Windows::default();
            // 100 admitted in the first 0.2 s, then 150 more refused.
            for i in 0..250u64 {
                let t = t0 + Duration::from_millis(i * 2);
                let ok = w.admit("POST /users", 1.0, strict, t).is_ok();
                assert_eq!(ok, i < 100, "request {i}");
            }
            // At 1.2 s the first 100 are out of the window: the lenient
            // limiter admits again, the strict one still counts the refused.
            let later = t0 + Duration::from_millis(1200);
            assert_eq!(w.admit("POST /users", 1.0, strict, later).is_ok(), !strict);
        }
    }

    #[test]
    fn held_back_requests_travel_longer() {
        let c = crate::config::EmulatorConfig {
            latency_ms: 100,
            jitter_ms: 20,
            burst_rate: 0.1,
            burst_ms: 300,
            ..Default::default()
        };
        let times: Vec<u64> = (0..5000).map(|_| travel_ms(&c)).collect();
        assert!(times.iter().all(|t| (100..=420).contains(t)));
        let held = times.iter().filter(|t| **t >= 400).count();
        assert!((300..700).contains(&held), "{held} of 5000 held back");
        assert!(times.iter().any(|t| *t <= 105) && times.iter().any(|t| (115..=120).contains(t)));
    }
}
