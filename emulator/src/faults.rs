//! Injected faults: scripted (the next N responses of a route) or seeded random.

use serde::{Deserialize, Serialize};

/// What a fault does to one request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fault {
    /// Answer with this status (429, 500, 502, 503, 504, ...).
    pub status: Option<u16>,
    /// The `error` code of the body (defaults by status; `resource_limited` for a quota).
    pub error: Option<String>,
    /// A `Retry-After` header value (seconds or HTTP date).
    pub retry_after: Option<String>,
    /// Close the connection without answering.
    pub drop: bool,
    /// Sleep this long before handling.
    pub latency_ms: u64,
    /// Process the request first, then fail the response (an ambiguous outcome).
    pub after_processing: bool,
}

/// Applies `fault` to the next `count` requests of `route` (or of any route).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultRule {
    /// A route pattern such as `GET /users/{username}`; `None` matches every route.
    pub route: Option<String>,
    /// How many requests it applies to.
    pub count: u32,
    /// The fault.
    #[serde(flatten)]
    pub fault: Fault,
}

/// Faults drawn at random, reproducibly from a seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RandomFaults {
    /// RNG seed.
    pub seed: u64,
    /// Share of requests answered with one of `statuses`.
    pub status_rate: f64,
    /// Statuses to pick from.
    pub statuses: Vec<u16>,
    /// Share of status faults carrying a `Retry-After` header.
    pub retry_after_share: f64,
    /// The `Retry-After` value used.
    pub retry_after: String,
    /// Share of requests whose connection is dropped.
    pub drop_rate: f64,
    /// Share of drops and 500/502/504 faults applied after processing.
    pub after_processing_share: f64,
    /// Share of requests delayed by `latency_ms`.
    pub latency_rate: f64,
    /// The delay.
    pub latency_ms: u64,
    /// Routes exempt from random faults (patterns, e.g. `POST /token`).
    pub exempt: Vec<String>,
}

impl Default for RandomFaults {
    fn default() -> Self {
        RandomFaults {
            seed: 1,
            status_rate: 0.0,
            statuses: vec![429, 503],
            retry_after_share: 0.5,
            retry_after: "0".into(),
            drop_rate: 0.0,
            after_processing_share: 0.5,
            latency_rate: 0.0,
            latency_ms: 0,
            exempt: Vec::new(),
        }
    }
}

/// The whole fault plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultPlan {
    /// Scripted rules, applied in order.
    pub rules: Vec<FaultRule>,
    /// Random faults, if any.
    pub random: Option<RandomFaults>,
}

/// The plan plus its RNG state.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    plan: FaultPlan,
    rng: Option<fastrand::Rng>,
    pub injected: u64,
}

impl Faults {
    pub(crate) fn set(&mut self, plan: FaultPlan) {
        self.rng = plan
            .random
            .as_ref()
            .map(|r| fastrand::Rng::with_seed(r.seed));
        self.plan = plan;
    }

    pub(crate) fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    pub(crate) fn clear(&mut self) {
        self.set(FaultPlan::default());
    }

    /// The fault for this request, if any (consumes scripted counts).
    pub(crate) fn next(&mut self, route: &str) -> Option<Fault> {
        for rule in &mut self.plan.rules {
            if rule.count > 0 && rule.route.as_deref().is_none_or(|r| r == route) {
                rule.count -= 1;
                self.injected += 1;
                return Some(rule.fault.clone());
            }
        }
        self.plan.rules.retain(|r| r.count > 0);
        let r = self.plan.random.as_ref()?;
        if r.exempt.iter().any(|e| e == route) {
            return None;
        }
        let rng = self.rng.as_mut()?;
        let mut fault = Fault::default();
        let mut hit = false;
        if r.latency_rate > 0.0 && rng.f64() < r.latency_rate {
            fault.latency_ms = r.latency_ms;
            hit = true;
        }
        let p = rng.f64();
        if p < r.drop_rate {
            fault.drop = true;
            fault.after_processing = rng.f64() < r.after_processing_share;
            hit = true;
        } else if p < r.drop_rate + r.status_rate && !r.statuses.is_empty() {
            let status = r.statuses[rng.usize(..r.statuses.len())];
            fault.status = Some(status);
            if rng.f64() < r.retry_after_share {
                fault.retry_after = Some(r.retry_after.clone());
            }
            if matches!(status, 500 | 502 | 504) {
                fault.after_processing = rng.f64() < r.after_processing_share;
            }
            hit = true;
        }
        if hit {
            self.injected += 1;
            Some(fault)
        } else {
            None
        }
    }
}

/// The `error` code and description a fault status answers with.
pub(crate) fn fault_body(status: u16, error: Option<&str>) -> (String, String) {
    let code = error.map(str::to_owned).unwrap_or_else(|| match status {
        429 => "too_many_requests".into(),
        503 => "service_unavailable".into(),
        502 => "bad_gateway".into(),
        504 => "gateway_timeout".into(),
        _ => "internal_server_error".into(),
    });
    let desc = match code.as_str() {
        "resource_limited" => {
            "You have exceeded the limit of the community edition, please upgrade to the enterprise edition".into()
        }
        _ => format!("injected fault: HTTP {status}"),
    };
    (code, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_rules_count_down_and_match_routes() {
        let mut f = Faults::default();
        f.set(FaultPlan {
            rules: vec![FaultRule {
                route: Some("GET /users/{username}".into()),
                count: 2,
                fault: Fault {
                    status: Some(503),
                    ..Fault::default()
                },
            }],
            random: None,
        });
        assert!(f.next("POST /users").is_none());
        assert_eq!(f.next("GET /users/{username}").unwrap().status, Some(503));
        assert_eq!(f.next("GET /users/{username}").unwrap().status, Some(503));
        assert!(f.next("GET /users/{username}").is_none());
        assert_eq!(f.injected, 2);
    }

    #[test]
    fn random_faults_are_reproducible() {
        let plan = FaultPlan {
            rules: vec![],
            random: Some(RandomFaults {
                seed: 7,
                status_rate: 0.2,
                drop_rate: 0.05,
                ..RandomFaults::default()
            }),
        };
        let run = || {
            let mut f = Faults::default();
            f.set(plan.clone());
            (0..1000).map(|_| f.next("POST /users")).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let n = a.iter().filter(|x| x.is_some()).count();
        assert!((180..320).contains(&n), "{n}");
    }
}
