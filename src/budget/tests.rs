//! The pacer against a clock the tests move.

use std::time::{Duration, Instant};

use std::sync::Mutex;

use super::pacer::{Pacer, MAX_IN_FLIGHT};
use super::*;
use crate::clock::Clock;
use crate::clock::ManualClock;
use crate::shared::budget::HOLD;
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
fn throttling_cuts_once_per_window_and_the_rate_climbs_back_gently_near_the_peak() {
    let p = Pacer::new(100.0);
    let t0 = Instant::now();
    p.observe(t0, ms(100), false);
    assert_eq!(p.rate(), 100.0);
    // A burst of 429s from one overload: one cut.
    for i in 0..10 {
        p.observe(t0 + ms(i), ms(100), true);
    }
    assert!((p.rate() - 70.0).abs() < 1e-9, "{}", p.rate());
    // Still throttled within the service's one-second window: the same
    // overload, no second cut.
    p.observe(t0 + ms(600), ms(100), true);
    assert!((p.rate() - 70.0).abs() < 1e-9, "{}", p.rate());
    // Throttled a window later: cut again (the last overload was at 70).
    let t1 = t0 + ms(1000);
    p.observe(t1, ms(100), true);
    assert!((p.rate() - 49.0).abs() < 1e-9, "{}", p.rate());
    // Then additive increase, once per round trip: 10 a second (of the
    // ceiling), 2.5 a second from 63 to 77 (90-110% of the last peak).
    let mut now = t1;
    let mut rates = Vec::new();
    while p.rate() < 100.0 {
        now += ms(100);
        p.observe(now, ms(100), false);
        rates.push(p.rate());
        assert!(rates.len() < 1000, "never climbed back");
    }
    let secs = rates.len() as f64 / 10.0;
    let expected = 1.4 + 14.0 / 2.5 + 2.3;
    assert!((secs - expected).abs() < 0.3, "{secs} s, not {expected} s");
    assert!(p.rtt().unwrap() >= ms(99));
}

#[test]
fn a_cut_goes_down_to_what_the_service_admitted() {
    // Four senders started at the limit: this one sees 25 of its
    // requests a second admitted, the rest throttled.
    let p = Pacer::new(100.0);
    let t0 = Instant::now();
    p.observe(t0, ms(100), true);
    assert!((p.rate() - 70.0).abs() < 1e-9, "no second measured yet");
    for i in 0..70u64 {
        p.observe(t0 + ms(14 * i), ms(100), i % 70 >= 25);
    }
    p.observe(t0 + ms(1000), ms(100), false);
    p.observe(t0 + ms(1050), ms(100), true);
    assert!((p.rate() - 25.0 * 0.95).abs() < 1e-9, "{}", p.rate());
    // A share of a shared budget, not the whole: no hold, so when the
    // other senders finish it climbs to take over what they leave.
    let mut now = t0 + ms(1050);
    for _ in 0..100 {
        now += ms(100);
        p.observe(now, ms(100), false);
    }
    assert!(p.rate() > 40.0, "held at its share: {}", p.rate());
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

#[test]
fn a_jitter_429_goes_back_to_what_was_admitted_and_holds_just_below_it() {
    let p = Pacer::new(100.0);
    let t0 = Instant::now();
    // A busy second at 100/s, all admitted; then one 429 (arrivals
    // bunched at a window's edge).
    for i in 0..=100u64 {
        p.observe(t0 + ms(10 * i), ms(100), false);
    }
    p.observe(t0 + ms(1005), ms(100), true);
    // A step to 98% of the rate that met it, and a hold there.
    assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
    let mut now = t0 + ms(1005);
    for _ in 0..50 {
        now += ms(100);
        p.observe(now, ms(100), false);
    }
    assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
    while now < t0 + ms(1005) + HOLD - ms(200) {
        now += ms(100);
        p.observe(now, ms(100), false);
        assert!(
            p.rate() <= 98.0 + 1e-9,
            "probed above the hold: {}",
            p.rate()
        );
    }
    // Once the hold is over (no 429 for HOLD), it probes up again.
    for _ in 0..30 {
        now += ms(100);
        p.observe(now, ms(100), false);
    }
    assert_eq!(p.rate(), 100.0);
}

#[test]
fn a_jitter_429_holds_below_the_rate_that_met_it_not_a_low_admitted_count() {
    let p = Pacer::new(100.0);
    let t0 = Instant::now();
    // A second at 100/s of which the bucket counted 92 answers (a bucket of
    // a little over a second, answers still on their way): then one 429.
    for i in 0..92u64 {
        p.observe(t0 + ms(11 * i), ms(100), false);
    }
    p.observe(t0 + ms(1012), ms(100), false);
    p.observe(t0 + ms(1015), ms(100), true);
    // Jitter (92% admitted, at the whole budget): a step below 100/s, not
    // below 92, to 98/s, held there.
    assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
    let mut now = t0 + ms(1015);
    for _ in 0..50 {
        now += ms(100);
        p.observe(now, ms(100), false);
    }
    assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
}

#[test]
fn a_429_in_the_first_second_of_answers_reads_what_was_admitted_so_far() {
    let p = Pacer::new(100.0);
    let t0 = Instant::now();
    // 0.7 s of answers at the whole budget, all admitted, then a 429: that
    // is enough to tell jitter from contention (a cut by a third is for a
    // 429 before half a second of answers).
    for i in 0..70u64 {
        p.observe(t0 + ms(10 * i), ms(100), false);
    }
    p.observe(t0 + ms(700), ms(100), true);
    assert!((p.rate() - 98.0).abs() < 1e-9, "{}", p.rate());
}

/// The aim of a 50/s limit aimed at 97% once 400 answers came back after
/// `rtt` and `rtt + step` ms in turn (consecutive round trips differ by
/// `step`: G = step).
fn aim_at_50(rtt: u64, step: u64) -> f64 {
    let p = Pacer::with_shared(50.0, 48.5, None);
    let t0 = Instant::now();
    for i in 0..400u64 {
        p.observe(t0 + ms(i), ms(rtt + step * (i % 2)), false);
    }
    p.aim_now()
}

#[test]
fn the_aim_counts_whole_requests() {
    // With jitter measured, the aim keeps z standard deviations of a
    // window's count below the limit plus one half: the window refuses its
    // (limit + 1)-th request, not a fraction of one.
    // G = 31 ms: r + 3.8 sqrt(r x 0.031) = 50.5 gives r = 45.96.
    let aim = aim_at_50(300, 31);
    assert!((aim - 45.96).abs() < 0.05, "{aim}");
}

#[test]
fn a_small_counts_aim_keeps_room_for_the_heavy_tail() {
    // 50/s at a 100 ms round trip: a window's count varies by only
    // sqrt(47 x 0.011) ~ 0.7, and 3.8 of those (r = 47.75) let a request
    // or two held back together send it over; the floor of 2.8 sd and 1.2
    // requests more aims lower: r + 2.8 sqrt(r x 0.011) = 50.5 - 1.2 gives
    // r = 47.28.
    let aim = aim_at_50(100, 11);
    assert!((aim - 47.28).abs() < 0.05, "{aim}");
    // Without jitter there is no tail: the ceiling.
    assert_eq!(aim_at_50(100, 0), 48.5);
}

#[test]
fn the_aim_leaves_room_for_the_networks_jitter() {
    // A 100/s limit aimed at 97%.
    let p = Pacer::with_shared(100.0, 97.0, None);
    let t0 = Instant::now();
    assert_eq!(p.aim_now(), 97.0, "no jitter measured yet");
    // Round trips of 300 ms + 0-60 ms: consecutive ones differ by 20 ms
    // on average, so a window's count varies by sqrt(r x 0.02) ~ 1.4.
    let mut rng = fastrand::Rng::with_seed(7);
    // The first few answers already leave room (their plain mean, not
    // a moving average started at 0, which would still aim at 97).
    for i in 0..8u64 {
        p.observe(
            t0 + ms(i),
            ms(300 + [0, 40, 10, 60, 20, 50, 0, 30][i as usize]),
            false,
        );
    }
    let early = p.aim_now();
    assert!((92.0..95.0).contains(&early), "aim after 8 answers {early}");
    for i in 0..2000u64 {
        p.observe(t0 + ms(i), ms(300 + rng.u64(0..=60)), false);
    }
    let aim = p.aim_now();
    assert!((94.5..96.0).contains(&aim), "aim {aim}");
    assert!(
        p.rate() <= aim + 1e-9,
        "rate {} above the aim {aim}",
        p.rate()
    );
    // A steady network again: back to the ceiling.
    for i in 0..2000u64 {
        p.observe(t0 + ms(2000 + i), ms(300), false);
    }
    assert!((p.aim_now() - 97.0).abs() < 1e-6, "{}", p.aim_now());
    // The margin shrinks as the limit grows (counts average out).
    let big = Pacer::with_shared(1000.0, 970.0, None);
    for i in 0..2000u64 {
        big.observe(t0 + ms(i), ms(300 + rng.u64(0..=60)), false);
    }
    assert!(big.aim_now() / 1000.0 > aim / 100.0, "{}", big.aim_now());
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
    let b = Budget::new(&l, None, None);
    assert!((b.pacer(EndpointGroup::BatchDelete).rate() - 60.0 * 0.97).abs() < 1e-9);
}
