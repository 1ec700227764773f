//! `chat-emulator`: serve the emulator from the command line.

use chat_platform_emulator::{Emulator, EmulatorConfig};

const USAGE: &str = "usage: chat-emulator [--port N] [--host H] [--org O] [--app A] \
[--client-id I] [--client-secret S] [--app-id ID] [--app-certificate C] [--token-ttl SECS] [--closed-registration] \
[--rate-limits] [--rate-limit-scale F] [--latency-ms N] [--jitter-ms N] [--threads N] [--tls] [--ca-file PATH]
  --rate-limit-scale F  enforce the documented limits times F (implies --rate-limits)
  --latency-ms N  every request reaches the emulator N ms after it was sent (a round trip)
  --jitter-ms N   plus a random 0-N ms on every request
  --tls           serve HTTPS with a certificate made at start for localhost and 127.0.0.1
  --ca-file PATH  write the CA certificate (PEM) that clients must trust to PATH (implies --tls)";

fn main() {
    let mut c = EmulatorConfig {
        port: 8080,
        ..EmulatorConfig::default()
    };
    let mut threads = 1usize;
    let mut ca_file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("chat-emulator: {name} needs a value\n{USAGE}");
                std::process::exit(2)
            })
        };
        let num = |s: String, name: &str| -> u64 {
            s.parse().unwrap_or_else(|_| {
                eprintln!("chat-emulator: {name} must be a number, got {s:?}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--port" => c.port = num(val("--port"), "--port") as u16,
            "--host" => c.host = val("--host"),
            "--org" => c.org = val("--org"),
            "--app" => c.app = val("--app"),
            "--client-id" => c.client_id = val("--client-id"),
            "--client-secret" => c.client_secret = val("--client-secret"),
            "--app-id" => c.app_id = val("--app-id"),
            "--app-certificate" => c.app_certificate = val("--app-certificate"),
            "--token-ttl" => c.token_ttl_secs = num(val("--token-ttl"), "--token-ttl"),
            "--closed-registration" => c.open_registration = false,
            "--rate-limits" => c.rate_limits = true,
            "--rate-limit-scale" => {
                let v = val("--rate-limit-scale");
                c.rate_limit_scale = v.parse().ok().filter(|f: &f64| f.is_finite() && *f > 0.0).unwrap_or_else(|| {
                    eprintln!("chat-emulator: --rate-limit-scale must be a positive number, got {v:?}");
                    std::process::exit(2)
                });
                c.rate_limits = true;
            }
            "--latency-ms" => c.latency_ms = num(val("--latency-ms"), "--latency-ms"),
            "--jitter-ms" => c.jitter_ms = num(val("--jitter-ms"), "--jitter-ms"),
            "--threads" => threads = num(val("--threads"), "--threads").max(1) as usize,
            "--tls" => c.tls = true,
            "--ca-file" => {
                ca_file = Some(val("--ca-file"));
                c.tls = true;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("chat-emulator: unknown argument {other:?}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let rt = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    };
    let rt = rt.unwrap_or_else(|e| {
        eprintln!("chat-emulator: {e}");
        std::process::exit(1)
    });
    let key = format!("{}#{}", c.org, c.app);
    // The emulator's own credentials: everything a client needs, none a real secret.
    let creds = format!(
        "client id {}, client secret {}, app id {}, app certificate {}",
        c.client_id, c.client_secret, c.app_id, c.app_certificate
    );
    let result = rt.block_on(Emulator::serve_until(
        c,
        |url, ca| {
            if let (Some(path), Some(pem)) = (&ca_file, ca) {
                if let Err(e) = std::fs::write(path, pem) {
                    eprintln!("chat-emulator: could not write the CA certificate to {path}: {e}");
                    std::process::exit(1);
                }
                println!("chat-emulator: CA certificate written to {path}");
            }
            println!("chat-emulator listening on {url} (app key {key}; {creds})");
        },
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    ));
    if let Err(e) = result {
        eprintln!("chat-emulator: {e}");
        std::process::exit(1);
    }
}
