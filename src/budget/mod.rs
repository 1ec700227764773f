//! Spending the service's rate budget well, on any network.
//!
//! Each endpoint group has a documented per-app limit (token 300/s, user
//! calls 100/s, batch status 50/s, blocklists 50/s, batch delete 30/s). Per
//! group, a [`Pacer`]:
//! - sends at most at its current rate, one request at a time in arrival
//!   order (a FIFO queue), so 10,000 calls started at once are queued and
//!   paced, not fired;
//! - starts at the limit and treats a throttling 429 as a signal: it goes
//!   back to just under what the service admitted in the last second (in
//!   the first second of answers, so far; it cuts multiplicatively before
//!   half a second of answers), at most once per
//!   second (the service counts per second, so one overload answers many
//!   requests), and climbs back additively, by a share of the limit per
//!   second applied each round trip, gently near the rate of the last
//!   overload: the AIMD rule that lets independent senders (several
//!   processes sharing an app) converge on a fair share;
//! - tells jitter from contention: a 429 while the service admitted nearly
//!   all this sender sent, at nearly the whole limit, means arrivals bunched
//!   at a window's edge, so the rate that met the 429 is what the service
//!   takes and the pacer holds just below it (for `HOLD`, 30 s, renewed by
//!   the next such 429) instead
//!   of probing into the next 429;
//! - measures the round trip, so a bulk operation keeps rate × round trip
//!   requests in flight (Little's law) instead of a fixed few;
//! - measures how much the round trip varies and aims that much below the
//!   limit: requests sent evenly reach the service bunched by the network's
//!   jitter, so the count in a one-second window varies by about
//!   sqrt(rate x G), G being the mean difference between two requests'
//!   delays (the Gini mean difference, estimated from consecutive round
//!   trips); the aim is the highest rate whose count stays under the limit
//!   and a half (the window refuses its limit+1-th request) by 3.8 of
//!   those (`pacer::SPREAD_Z`): 96.7% of 100/s at a 100 ms round trip with
//!   20% jitter and 2% of requests held back a round trip, 93.9% at 300 ms.
//!   Three (95.3% at 300 ms) let about one window in 700 over the limit:
//!   a 429 or two in steady state in every 30-s import; 3.8, one in 14,000.
//!   Where the count's spread is small (50 requests/s at 100 ms) the tail
//!   is heavier than the normal one (two requests held back landing in one
//!   window), so the margin is never under 2.8 of them and 1.2 requests
//!   (`pacer::TAIL_Z`, `pacer::TAIL_EXTRA`).
//!
//! With a shared store (fleet mode), the slot comes from the fleet's budget
//! in the store instead ([`crate::shared::budget`]); the local rate is what
//! the process falls back to when the store fails, starting from the share
//! of the budget it was getting.
//!
//! Every decision reads the client's [`Clock`], so tests drive time by hand.

use std::sync::Arc;

use crate::shared::budget::SharedPace;
use crate::shared::{Store, TokenSeen};

mod pacer;
#[cfg(test)]
mod tests;

pub(crate) use pacer::Pacer;

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
