//! The documented per-second rate limits, enforced in one-second windows.

use std::collections::HashMap;
use std::time::Instant;

/// The documented limit of a route pattern.
pub(crate) fn limit_for(route: &str) -> u32 {
    match route {
        "POST /token" => 300,
        "DELETE /users" => 30,
        "POST /users/batch/status" => 50,
        r if r.contains("/blocks/") => 50,
        _ => 100,
    }
}

fn group(route: &str) -> &'static str {
    match route {
        "POST /token" => "token",
        "DELETE /users" => "batch_delete",
        "POST /users/batch/status" => "batch_status",
        r if r.contains("/blocks/") => "blocks",
        _ => "users",
    }
}

/// Request counts per group in the current second.
#[derive(Debug)]
pub(crate) struct Windows {
    start: Instant,
    counts: HashMap<&'static str, (u64, u32)>,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            start: Instant::now(),
            counts: HashMap::new(),
        }
    }
}

impl Windows {
    /// Counts one request; `Err(limit)` when it is over the limit.
    pub(crate) fn admit(&mut self, route: &str) -> Result<(), u32> {
        let second = self.start.elapsed().as_secs();
        let limit = limit_for(route);
        let e = self.counts.entry(group(route)).or_insert((second, 0));
        if e.0 != second {
            *e = (second, 0);
        }
        if e.1 >= limit {
            return Err(limit);
        }
        e.1 += 1;
        Ok(())
    }
}
