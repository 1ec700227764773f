//! The shared rate budget: a GCRA reservation per endpoint group in one Lua
//! script, on the store's clock, with the adaptive rate (a 429 anywhere
//! cuts it for all, at most once a second; it climbs back with time) kept
//! beside it. Shapes learnt from redis-cell and go-redis/redis_rate; the
//! reservation form (book the next slot, sleep until it) costs one round
//! trip per request and never polls.

use std::sync::Arc;
use std::time::Duration;

use super::{Store, TokenSeen, FINGERPRINT_LEN};

/// After a jitter 429 (see [`RESERVE`]), the rate holds just below what the
/// service admitted this long after the last such 429: the local pacer's
/// hold and the fleet's.
pub(crate) const HOLD: Duration = Duration::from_secs(30);

/// KEYS[1]: the group's hash; KEYS[2] (optional): the fleet's token. ARGV:
/// ceiling (requests/s), 429s the caller saw since its last reservation,
/// TTL in ms, (tests only) the time in µs to use instead of the store's
/// clock, the hold in ms. Returns the wait in µs before the booked slot,
/// the fleet's rate in milli-requests/s, and the stored token's fingerprint
/// (its last characters; empty when none is stored).
///
/// The same rules as the local pacer ([`crate::budget`]), for the fleet:
/// one-second buckets of slots booked and 429s reported tell what the
/// service admitted; a 429 (at most one cut a second) goes back to just
/// under that, and when the service admitted nearly all that was sent, at
/// nearly the whole ceiling (a jitter 429 at a window's edge, no other
/// sender on the app) the rate then holds just below it for
/// `hold_ms`, renewed by the next such 429, instead of probing into the
/// next 429; otherwise it climbs back by 10% of the ceiling a second
/// (2.5% near the last overload).
const RESERVE: &str = r#"
local now
if ARGV[4] and ARGV[4] ~= '' then now = tonumber(ARGV[4]) else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local ceiling = tonumber(ARGV[1])
local thr = tonumber(ARGV[2])
local hold_ms = tonumber(ARGV[5] or '30000')
local h = redis.call('HMGET', KEYS[1], 'tat', 'rate', 'raised', 'peak', 'cut',
  'hold', 'hold_until', 'b0', 'bs', 'bt', 'ls', 'lt')
local tat = tonumber(h[1]) or now
local rate = math.min(tonumber(h[2]) or ceiling, ceiling)
local raised = tonumber(h[3]) or now
local peak = tonumber(h[4])
local cut = tonumber(h[5])
local hold = tonumber(h[6])
local hold_until = tonumber(h[7])
local b0 = tonumber(h[8]) or now
local bs = tonumber(h[9]) or 0
local bt = tonumber(h[10]) or 0
local ls = tonumber(h[11])
local lt = tonumber(h[12])
if now - b0 >= 1000000 then
  if now - b0 < 2000000 then ls = bs; lt = bt else ls = nil; lt = nil end
  b0 = now; bs = 0; bt = 0
end
bt = bt + thr
if thr > 0 and (cut == nil or now - cut >= 1000000) then
  local before = rate
  local ok = nil
  if ls and ls >= before * 0.5 then ok = ls - (lt or 0) end
  if ok and ok > 0 then
    local level = math.min(before, ok)
    peak = level
    if ok >= before * 0.9 and level >= ceiling * 0.9 then
      rate = level * 0.98
      hold = rate
      hold_until = now + hold_ms * 1000
    else
      rate = level * 0.95
      hold = nil
    end
  else
    peak = rate
    rate = rate * 0.7
    hold = nil
  end
  rate = math.max(rate, ceiling * 0.05)
  cut = now
  raised = now
else
  local top = ceiling
  if hold and hold_until and now < hold_until then top = math.min(hold, ceiling) end
  if rate < top then
    local per = 0.10
    if peak and rate >= peak * 0.9 and rate < peak * 1.1 then per = 0.025 end
    rate = math.min(top, rate + ceiling * per * math.min(now - raised, 1000000) / 1000000)
  end
  raised = now
end
bs = bs + 1
local interval = 1000000 / rate
local slot = tat
if slot < now - interval then slot = now end
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', slot + interval),
  'rate', string.format('%.6f', rate), 'raised', string.format('%.0f', raised),
  'b0', string.format('%.0f', b0), 'bs', bs, 'bt', bt)
if peak then redis.call('HSET', KEYS[1], 'peak', string.format('%.6f', peak)) end
if cut then redis.call('HSET', KEYS[1], 'cut', string.format('%.0f', cut)) end
if ls then redis.call('HSET', KEYS[1], 'ls', ls, 'lt', lt or 0) else redis.call('HDEL', KEYS[1], 'ls', 'lt') end
if hold then
  redis.call('HSET', KEYS[1], 'hold', string.format('%.6f', hold), 'hold_until', string.format('%.0f', hold_until))
else
  redis.call('HDEL', KEYS[1], 'hold', 'hold_until')
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local fp = ''
if KEYS[2] then
  local v = redis.call('GET', KEYS[2])
  if v then fp = string.sub(v, -FINGERPRINT_LEN) end
end
return {math.max(0, math.floor(slot - now)), math.floor(rate * 1000), fp}
"#;

/// One group's share of the fleet's budget.
pub(crate) struct SharedPace {
    store: Arc<Store>,
    key: String,
    script: redis::Script,
    /// The fleet's token key, and where to say what it holds.
    token: Option<(String, Arc<TokenSeen>)>,
}

impl std::fmt::Debug for SharedPace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedPace")
            .field("key", &self.key)
            .finish()
    }
}

impl SharedPace {
    pub(crate) fn new(
        store: Arc<Store>,
        group: &str,
        token: Option<(String, Arc<TokenSeen>)>,
    ) -> Self {
        let key = format!("{}budget:{group}", store.prefix);
        let source = RESERVE.replace("FINGERPRINT_LEN", &FINGERPRINT_LEN.to_string());
        SharedPace {
            store,
            key,
            script: redis::Script::new(&source),
            token,
        }
    }

    /// Books the next slot of the fleet's budget at `ceiling` per second,
    /// reporting the 429s seen since the last booking: how long to wait
    /// for it, or `None` when the store is down.
    pub(crate) async fn reserve(&self, ceiling: f64, throttled: u32) -> Option<Duration> {
        self.reserve_at(ceiling, throttled, None)
            .await
            .map(|(wait, _)| wait)
    }

    /// [`SharedPace::reserve`] at a given time (µs on a clock of the
    /// caller's, for tests; `None`: the store's clock); also returns the
    /// fleet's rate after the booking.
    pub(crate) async fn reserve_at(
        &self,
        ceiling: f64,
        throttled: u32,
        now_us: Option<u64>,
    ) -> Option<(Duration, f64)> {
        let script = &self.script;
        let key = &self.key;
        let token_key = self.token.as_ref().map(|(k, _)| k.as_str());
        let now = now_us.map_or(String::new(), |n| n.to_string());
        let (wait_us, rate, fingerprint): (u64, u64, String) = self
            .store
            .run("pacing", |mut conn| async move {
                let mut call = script.key(key);
                if let Some(k) = token_key {
                    call.key(k);
                }
                call.arg(ceiling)
                    .arg(throttled)
                    .arg(60_000)
                    .arg(now)
                    .arg(HOLD.as_millis() as u64)
                    .invoke_async(&mut conn)
                    .await
            })
            .await?;
        if let Some((_, seen)) = &self.token {
            seen.set(fingerprint);
        }
        Some((Duration::from_micros(wait_us), rate as f64 / 1000.0))
    }

    /// Looks at the fleet's stored token again (its fingerprint only): a
    /// slot booked well ahead saw the store as it was then, and a token the
    /// fleet replaced since must not be sent.
    pub(crate) async fn look_at_token(&self) {
        let Some((key, seen)) = &self.token else {
            return;
        };
        let start = -(FINGERPRINT_LEN as isize);
        let got: Option<String> = self
            .store
            .run("reading the shared token", |mut c| async move {
                redis::cmd("GETRANGE")
                    .arg(key)
                    .arg(start)
                    .arg(-1)
                    .query_async::<String>(&mut c)
                    .await
            })
            .await;
        if let Some(fingerprint) = got {
            seen.set(fingerprint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::StoreUrl;

    /// One group's shared pace in the test Redis, under a key of its own.
    fn pace(name: &str) -> SharedPace {
        let url = std::env::var("CHAT_PLATFORM_TEST_REDIS").expect(
            "CHAT_PLATFORM_TEST_REDIS is not set: run the tests through scripts/test-redis.sh (make test does)",
        );
        let app = format!("{name}{}-{}", std::process::id(), fastrand::u32(..));
        let store = Store::new(&StoreUrl::new(url), "unit", &app).unwrap();
        SharedPace::new(Arc::new(store), "user_account", None)
    }

    /// Books slots at the fleet's pace from `*now` for `secs` on the
    /// test's clock, reporting no 429; the fleet's rate at the end.
    async fn book(p: &SharedPace, now: &mut u64, secs: f64) -> f64 {
        let end = *now + (secs * 1e6) as u64;
        let mut rate = 0.0;
        while *now < end {
            let (wait, r) = p.reserve_at(97.0, 0, Some(*now)).await.unwrap();
            rate = r;
            *now += wait.as_micros() as u64 + (1e6 / r) as u64;
        }
        rate
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_jitter_429_goes_back_to_what_the_fleet_got_admitted_and_holds_below_it() {
        let p = pace("jitter");
        let mut now = 1_000_000_000_000u64;
        assert!((book(&p, &mut now, 1.5).await - 97.0).abs() < 1e-3);
        // One 429 reported: the last second's 97 slots were nearly all
        // admitted, so a step to 98% of it (not a cut of 30%), held there.
        let (_, rate) = p.reserve_at(97.0, 1, Some(now)).await.unwrap();
        assert!((rate - 97.0 * 0.98).abs() < 0.01, "{rate}");
        // Another 429 within the same second: the same overload, no cut.
        let (_, again) = p.reserve_at(97.0, 1, Some(now + 300_000)).await.unwrap();
        assert!(again >= rate, "{again} < {rate}");
        now += 300_000;
        let held = book(&p, &mut now, 10.0).await;
        assert!((held - 97.0 * 0.98).abs() < 0.01, "{held}");
        let still = book(&p, &mut now, 15.0).await;
        assert!(
            (still - 97.0 * 0.98).abs() < 0.01,
            "probed above the hold: {still}"
        );
        // 30 s after the 429 it probes up to the ceiling again.
        assert!((book(&p, &mut now, 8.0).await - 97.0).abs() < 1e-3);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn contention_cuts_to_what_was_admitted_and_climbs_back() {
        let p = pace("contention");
        let mut now = 2_000_000_000_000u64;
        book(&p, &mut now, 1.2).await;
        // The fleet's requests answered 429 by the dozen (another sender on
        // the app): 40 reported over the last second.
        for _ in 0..40 {
            p.reserve_at(97.0, 0, Some(now)).await.unwrap();
            now += 10_000;
        }
        let mut cut = 0.0;
        for _ in 0..40 {
            cut = p.reserve_at(97.0, 1, Some(now)).await.unwrap().1;
            now += 10_000;
        }
        now += 1_000_000;
        let (_, rate) = p.reserve_at(97.0, 1, Some(now)).await.unwrap();
        assert!(
            rate < cut * 0.9,
            "cut again to what was admitted: {cut} -> {rate}"
        );
        // No hold: it climbs back to the ceiling within seconds.
        let back = book(&p, &mut now, 12.0).await;
        assert!((back - 97.0).abs() < 1e-3, "{back}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_429_before_a_second_was_measured_cuts_by_a_third() {
        let p = pace("early");
        let now = 3_000_000_000_000u64;
        p.reserve_at(97.0, 0, Some(now)).await.unwrap();
        let (_, rate) = p.reserve_at(97.0, 1, Some(now + 1000)).await.unwrap();
        assert!((rate - 97.0 * 0.7).abs() < 0.01, "{rate}");
    }
}
