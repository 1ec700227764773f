//! `chat-emulator`: serve the emulator from the command line.

use chat_platform_emulator::{Emulator, EmulatorConfig};

/// The help text, with every option's default.
fn usage() -> String {
    let d = EmulatorConfig::default();
    format!(
        "chat-emulator {version}: a local Chat Platform API for offline tests

usage: chat-emulator [options]

options (default in brackets):
  --port N               port to listen on, 0 for a free one [8080]
  --host H               address to bind [{host}]
  --org O                the org of the one app served [{org}]
  --app A                the app [{app}]
  --client-id I          the client id the token route accepts [{id}]
  --client-secret S      the client secret it accepts [{secret}]
  --app-id ID            the Agora app ID the agora grant accepts [{app_id}]
  --app-certificate C    the certificate its AccessToken2 tokens are signed with [{cert}]
  --token-ttl SECS       app token lifetime, 0 = never expires [{ttl}]
  --closed-registration  POST /users needs a token (open registration otherwise)
  --rate-limits          enforce the documented per-second limits (429 beyond) [off]
  --rate-limit-scale F   enforce the documented limits times F (implies --rate-limits) [1]
  --strict-limits        refused requests count in the window too, as some services
                         do (implies --rate-limits) [off: only admitted ones count]
  --latency-ms N         every request reaches the emulator N ms after it was sent [0]
  --jitter-ms N          plus a random 0-N ms on every request [0]
  --burst-rate P         share (0-1) of requests held back on the way, so the next
                         ones pass them and arrive bunched [0]
  --burst-ms N           how long a held-back request is held, ms [0]
  --threads N            worker threads [1]
  --tls                  serve HTTPS with a certificate made at start [off]
  --ca-file PATH         write the CA certificate clients must trust to PATH (implies --tls)
  -h, --help             this text
  -V, --version          the version

routes: every route of the user-management reference and the calls beyond it
(tokens by client credentials, password, inherit and agora grants; devices; user
attributes; global mutes; paged contacts and remarks; push nicknames, settings
and language) under /{org}/{app}/, as the service answers them; admin routes
under /_emulator/: POST reset, GET stats, POST presence, POST devices, POST
offline_messages, POST revoke_tokens, GET|POST config, GET|POST|DELETE faults,
POST rate_limits, POST latency, POST preload (see the README).",
        version = env!("CARGO_PKG_VERSION"),
        host = d.host,
        org = d.org,
        app = d.app,
        id = d.client_id,
        secret = d.client_secret,
        app_id = d.app_id,
        cert = d.app_certificate,
        ttl = d.token_ttl_secs,
    )
}

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
                eprintln!("chat-emulator: {name} needs a value (see --help)");
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
            "--strict-limits" => {
                c.strict_limits = true;
                c.rate_limits = true;
            }
            "--burst-rate" => {
                let v = val("--burst-rate");
                c.burst_rate = v
                    .parse()
                    .ok()
                    .filter(|f: &f64| (0.0..=1.0).contains(f))
                    .unwrap_or_else(|| {
                        eprintln!(
                            "chat-emulator: --burst-rate must be a share from 0 to 1, got {v:?}"
                        );
                        std::process::exit(2)
                    });
            }
            "--burst-ms" => c.burst_ms = num(val("--burst-ms"), "--burst-ms"),
            "--threads" => threads = num(val("--threads"), "--threads").max(1) as usize,
            "--tls" => c.tls = true,
            "--ca-file" => {
                ca_file = Some(val("--ca-file"));
                c.tls = true;
            }
            "-h" | "--help" => {
                println!("{}", usage());
                return;
            }
            "-V" | "--version" => {
                println!("chat-emulator {}", env!("CARGO_PKG_VERSION"));
                return;
            }
            other => {
                eprintln!("chat-emulator: unknown argument {other:?} (see --help)");
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
