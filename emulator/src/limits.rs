//! The documented per-second rate limits, per app and endpoint group, times a
//! configurable scale, enforced over a sliding one-second window: no window
//! of one second, wherever it starts, admits more than the limit (fixed
//! windows would let a double burst through at their edges).

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
    /// `Err(limit)` when the last second already holds that many.
    pub(crate) fn admit(
        &mut self,
        route: &'static str,
        scale: f64,
        now: Instant,
    ) -> Result<(), u32> {
        let limit = ((limit_for(route) as f64) * scale).floor().max(1.0) as u32;
        let q = self.admitted.entry(group(route)).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() as u32 >= limit {
            return Err(limit);
        }
        q.push_back(now);
        Ok(())
    }
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
            .filter(|_| w.admit("GET /users/{username}", 1.0, late).is_ok())
            .count();
        assert_eq!(admitted, 100);
        let early_next = t0 + Duration::from_millis(1100);
        assert_eq!(w.admit("GET /users/{username}", 1.0, early_next), Err(100));
        // Once the burst is a second old, room again.
        assert!(w.admit("GET /users/{username}", 1.0, late + WINDOW).is_ok());
        // Groups are separate; the scale multiplies the limit.
        let mut w = Windows::default();
        let ok = (0..100)
            .filter(|_| w.admit("DELETE /users", 2.0, t0).is_ok())
            .count();
        assert_eq!(ok, 60);
        assert!(w.admit("POST /token", 2.0, t0).is_ok());
    }

    #[test]
    fn an_even_stream_at_the_limit_passes() {
        let mut w = Windows::default();
        let t0 = Instant::now();
        // 100/s spread evenly over 5 s: all admitted.
        for i in 0..500u64 {
            let t = t0 + Duration::from_micros(i * 10_000);
            assert!(w.admit("POST /users", 1.0, t).is_ok(), "request {i}");
        }
    }
}
