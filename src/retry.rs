//! Which failures are retried, and how long to wait.
//!
//! - 429 (except `resource_limited`) and 503 mean "not processed": any method.
//! - A connection that could not be opened: nothing was sent, any method.
//! - 500, 502, 504, timeouts and connections broken after sending: the
//!   outcome is unknown, so only operations whose repeat is safe, by what a
//!   repeat does ([`crate::effects`]), whatever the method.
//! - Everything else (4xx, quotas, oversized bodies): never.
//!
//! Waits use exponential backoff with full jitter; a `Retry-After` header
//! (seconds or HTTP date) replaces the backoff.

use std::time::{Duration, SystemTime};

use crate::config::RetryPolicy;

/// When a failed attempt may be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// Never (the request was understood and refused, or retrying cannot help).
    Never,
    /// The request was not processed: any method.
    Always,
    /// The outcome is unknown: only calls safe to repeat.
    IfSafe,
}

/// Classifies an HTTP error status.
pub(crate) fn for_status(status: u16, server_code: Option<&str>) -> RetryClass {
    match status {
        429 if server_code == Some("resource_limited") => RetryClass::Never,
        429 | 503 => RetryClass::Always,
        500 | 502 | 504 => RetryClass::IfSafe,
        _ => RetryClass::Never,
    }
}

/// Parses `Retry-After`: delta seconds (fractions tolerated) or an HTTP date.
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        if (0.0..1e9).contains(&secs) {
            return Some(Duration::from_secs_f64(secs));
        }
        return None;
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The full-jitter backoff before retry number `retry` (1 = first retry).
pub(crate) fn backoff(policy: &RetryPolicy, retry: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << retry.saturating_sub(1).min(20));
    let cap = exp.min(policy.max_delay);
    let nanos = cap.as_nanos().min(u64::MAX as u128) as u64;
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(fastrand::u64(0..nanos))
}

/// The wait when the server sent `Retry-After`: its value plus a little jitter
/// (up to one base delay) so that many clients do not return at once.
pub(crate) fn after_hint(policy: &RetryPolicy, hint: Duration) -> Duration {
    let j = policy.base_delay.as_nanos().min(u64::MAX as u128) as u64;
    hint + if j == 0 {
        Duration::ZERO
    } else {
        Duration::from_nanos(fastrand::u64(0..j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes() {
        assert_eq!(for_status(429, None), RetryClass::Always);
        assert_eq!(
            for_status(429, Some("too_many_requests")),
            RetryClass::Always
        );
        assert_eq!(for_status(429, Some("resource_limited")), RetryClass::Never);
        assert_eq!(for_status(503, None), RetryClass::Always);
        for s in [500, 502, 504] {
            assert_eq!(for_status(s, None), RetryClass::IfSafe);
        }
        for s in [400, 401, 403, 404, 413, 501] {
            assert_eq!(for_status(s, None), RetryClass::Never);
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("soon"), None);
        let future = SystemTime::now() + Duration::from_secs(120);
        let d = parse_retry_after(&httpdate::fmt_http_date(future)).unwrap();
        assert!(
            d > Duration::from_secs(115) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        let past = SystemTime::now() - Duration::from_secs(120);
        assert_eq!(
            parse_retry_after(&httpdate::fmt_http_date(past)),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn backoff_is_full_jitter_and_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for retry in 1..=10u32 {
            let cap =
                Duration::from_millis(100 * (1u64 << (retry - 1))).min(Duration::from_millis(1000));
            let samples: Vec<_> = (0..200).map(|_| backoff(&p, retry)).collect();
            assert!(samples.iter().all(|d| *d < cap), "retry {retry}");
            // Full jitter: spread over the whole range, not clustered at the cap.
            assert!(samples.iter().any(|d| *d < cap / 4), "retry {retry}");
            assert!(samples.iter().any(|d| *d > cap * 3 / 4), "retry {retry}");
        }
        assert!(backoff(&p, 1000) < Duration::from_millis(1000));
    }
}
