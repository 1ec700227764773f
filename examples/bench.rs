//! The Rust side of `make bench` (see bench/run.sh): one measurement per run,
//! printed as JSON on the last line.
//!
//!   bench latency URL N                 sequential get_user: per-call µs, median
//!   bench latency-events URL N          the same with an event hook (counting the events)
//!   bench throughput URL CONC SECONDS   get_user with CONC in flight: calls/s
//!   bench import URL USERS              register_users: users/s
//!   bench iterate URL                   iter_users over every user: RSS growth

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chat_platform::{Client, NewUser};
use futures_util::TryStreamExt;

fn client(url: &str, events: bool) -> Client {
    let counted = Arc::new(AtomicU64::new(0));
    let hook: Option<chat_platform::EventHook> = events.then(|| {
        Arc::new(move |_: &chat_platform::Event| {
            counted.fetch_add(1, Ordering::Relaxed);
        }) as chat_platform::EventHook
    });
    Client::builder()
        .event_hook(hook)
        .base_url(url)
        .app_key("demo-org#demo-app")
        .client_credentials("YXA6emulator-client-id", "YXA6emulator-client-secret")
        .batch_concurrency(4)
        // Loopback CPU benchmarks: no pacing at the service's budget.
        .rate_limits(None)
        .build()
        .expect("client")
}

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    let url = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:18555".into());
    let c = client(&url, mode == "latency-events");
    c.fetch_token().await.expect("token");
    match mode {
        "latency" | "latency-events" => {
            let n: usize = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(2000);
            // Every latency client warms up for the same 5 s first.
            let warm = Instant::now() + Duration::from_secs(5);
            while Instant::now() < warm {
                c.get_user("bench500").await.unwrap();
            }
            let mut samples = Vec::with_capacity(n);
            for _ in 0..n {
                let t = Instant::now();
                c.get_user("bench500").await.unwrap();
                samples.push(t.elapsed().as_secs_f64() * 1e6);
            }
            println!("{{\"median_us\": {:.2}}}", median(samples));
        }
        "throughput" => {
            let conc: usize = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(64);
            let secs: f64 = args.get(4).and_then(|v| v.parse().ok()).unwrap_or(5.0);
            let done = Arc::new(AtomicU64::new(0));
            let stop = Arc::new(AtomicBool::new(false));
            let workers: Vec<_> = (0..conc)
                .map(|_| {
                    let (c, done, stop) = (c.clone(), done.clone(), stop.clone());
                    tokio::spawn(async move {
                        while !stop.load(Ordering::Relaxed) {
                            c.get_user("bench500").await.unwrap();
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            tokio::time::sleep(Duration::from_millis(500)).await;
            let start_count = done.load(Ordering::Relaxed);
            let t = Instant::now();
            tokio::time::sleep(Duration::from_secs_f64(secs)).await;
            let calls = done.load(Ordering::Relaxed) - start_count;
            let elapsed = t.elapsed().as_secs_f64();
            stop.store(true, Ordering::Relaxed);
            for w in workers {
                let _ = w.await;
            }
            println!("{{\"calls_per_s\": {:.1}}}", calls as f64 / elapsed);
        }
        "import" => {
            let n: usize = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(100_000);
            let prefix = args.get(4).cloned().unwrap_or_else(|| "imp".into());
            let users: Vec<NewUser> = (0..n)
                .map(|i| NewUser::new(format!("{prefix}{i}"), "pw-import"))
                .collect();
            let t = Instant::now();
            let r = c.register_users(&users).await.unwrap();
            let el = t.elapsed().as_secs_f64();
            assert_eq!(r.created.len(), n, "{:?}", r.failed.first());
            println!("{{\"users_per_s\": {:.1}}}", n as f64 / el);
        }
        "iterate" => {
            let before = rss_kib("VmRSS");
            let mut n = 0u64;
            let mut peak = before;
            let mut s = c.iter_users(100).unwrap();
            while let Some(_u) = s.try_next().await.unwrap() {
                n += 1;
                if n.is_multiple_of(10_000) {
                    peak = peak.max(rss_kib("VmRSS"));
                }
            }
            let after = rss_kib("VmRSS");
            println!(
                "{{\"users\": {n}, \"rss_before_kib\": {before}, \"rss_peak_kib\": {}, \"rss_growth_mib\": {:.1}}}",
                peak.max(after),
                (peak.max(after) as f64 - before as f64) / 1024.0
            );
        }
        _ => {
            eprintln!("usage: bench latency|throughput|import|iterate URL ...");
            std::process::exit(2);
        }
    }
}
