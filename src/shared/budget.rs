//! The shared rate budget: a GCRA reservation per endpoint group in one Lua
//! script, on the store's clock, with the adaptive rate (a 429 anywhere
//! cuts it for all, at most once a second; it climbs back with time) kept
//! beside it. Shapes learnt from redis-cell and go-redis/redis_rate; the
//! reservation form (book the next slot, sleep until it) costs one round
//! trip per request and never polls.

use std::sync::Arc;
use std::time::Duration;

use super::Store;

/// KEYS[1]: the group's hash. ARGV: ceiling (requests/s), 1 to cut the
/// rate (a 429 was seen), TTL in ms. Returns the wait in µs before the
/// booked slot, and the fleet's rate in milli-requests/s.
const RESERVE: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local ceiling = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'tat', 'rate', 'raised', 'peak', 'cut')
local tat = tonumber(h[1]) or now
local rate = math.min(tonumber(h[2]) or ceiling, ceiling)
local raised = tonumber(h[3]) or now
local peak = tonumber(h[4])
local cut = tonumber(h[5])
if ARGV[2] == '1' and (cut == nil or now - cut >= 1000000) then
  peak = rate
  rate = math.max(rate * 0.7, ceiling * 0.05)
  cut = now
  raised = now
elseif rate < ceiling then
  local per = 0.10
  if peak and rate >= peak * 0.9 and rate < peak * 1.1 then per = 0.025 end
  rate = math.min(ceiling, rate + ceiling * per * math.min(now - raised, 1000000) / 1000000)
  raised = now
end
local interval = 1000000 / rate
local slot = tat
if slot < now - interval then slot = now end
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', slot + interval),
  'rate', string.format('%.6f', rate), 'raised', string.format('%.0f', raised))
if peak then redis.call('HSET', KEYS[1], 'peak', string.format('%.6f', peak)) end
if cut then redis.call('HSET', KEYS[1], 'cut', string.format('%.0f', cut)) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {math.max(0, math.floor(slot - now)), math.floor(rate * 1000)}
"#;

/// One group's share of the fleet's budget.
pub(crate) struct SharedPace {
    store: Arc<Store>,
    key: String,
    script: redis::Script,
}

impl std::fmt::Debug for SharedPace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedPace")
            .field("key", &self.key)
            .finish()
    }
}

impl SharedPace {
    pub(crate) fn new(store: Arc<Store>, group: &str) -> Self {
        let key = format!("{}budget:{group}", store.prefix);
        SharedPace {
            store,
            key,
            script: redis::Script::new(RESERVE),
        }
    }

    /// Books the next slot of the fleet's budget at `ceiling` per second
    /// (cutting the shared rate first when `cut`): how long to wait for
    /// it, or `None` when the store is down.
    pub(crate) async fn reserve(&self, ceiling: f64, cut: bool) -> Option<Duration> {
        let script = &self.script;
        let key = &self.key;
        let (wait_us, _rate): (u64, u64) = self
            .store
            .run("pacing", |mut conn| async move {
                script
                    .key(key)
                    .arg(ceiling)
                    .arg(if cut { "1" } else { "0" })
                    .arg(60_000)
                    .invoke_async(&mut conn)
                    .await
            })
            .await?;
        Some(Duration::from_micros(wait_us))
    }
}
