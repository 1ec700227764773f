//! The crate's documentation is its README (crates.io shows the same
//! text); its Rust example runs as a doctest.
#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod admin;
mod app;
mod b64;
mod config;
mod faults;
mod h_account;
mod h_devices;
mod h_metadata;
mod h_mutes;
mod h_presence;
mod h_push;
mod h_social;
mod h_tokens;
mod h_users;
mod limits;
mod reply;
mod routes;
mod server;
mod store;
mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use admin::EmulatorStats;
pub use config::EmulatorConfig;
pub use faults::{Fault, FaultPlan, FaultRule, RandomFaults};

use app::App;

/// A running emulator. It serves on its own thread and stops when dropped.
pub struct Emulator {
    app: Arc<App>,
    addr: SocketAddr,
    url: String,
    ca_pem: Option<String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Binds the listener and returns it with its address.
fn bind(config: &EmulatorConfig) -> std::io::Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind((config.host.as_str(), config.port))?;
    l.set_nonblocking(true)?;
    Ok(l)
}

/// The certificates when the configuration asks for HTTPS, and the base URL.
fn endpoint(
    config: &EmulatorConfig,
    addr: SocketAddr,
) -> std::io::Result<(Option<tls::Tls>, String)> {
    if config.tls {
        Ok((
            Some(tls::Tls::generate(&config.host)?),
            format!("https://{addr}"),
        ))
    } else {
        Ok((None, format!("http://{addr}")))
    }
}

impl Emulator {
    /// Starts serving on `config.host:config.port` (port 0 = a free one) on a
    /// thread of its own, and returns once it accepts connections.
    pub fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = bind(&config)?;
        let addr = listener.local_addr()?;
        let (tls, url) = endpoint(&config, addr)?;
        let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
        let app = Arc::new(App::new(config));
        *app.base_url.lock().unwrap_or_else(|p| p.into_inner()) = url.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let served = app.clone();
        let thread = std::thread::Builder::new()
            .name("chat-emulator".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => {
                            server::serve(l, served, tls, async {
                                let _ = rx.await;
                            })
                            .await
                        }
                        Err(e) => eprintln!("chat-emulator: {e}"),
                    }
                });
            })?;
        Ok(Emulator {
            app,
            addr,
            url,
            ca_pem,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// Serves on the current tokio runtime until `shutdown` completes (used by
    /// the `chat-emulator` binary). `ready` gets the base URL and, for HTTPS,
    /// the CA certificate (PEM) clients must trust.
    pub async fn serve_until(
        config: EmulatorConfig,
        ready: impl FnOnce(&str, Option<&str>),
        shutdown: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(bind(&config)?)?;
        let (tls, url) = endpoint(&config, listener.local_addr()?)?;
        let app = Arc::new(App::new(config));
        *app.base_url.lock().unwrap_or_else(|p| p.into_inner()) = url.clone();
        ready(&url, tls.as_ref().map(|t| t.ca_pem.as_str()));
        server::serve(listener, app, tls, shutdown).await;
        Ok(())
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (`https://` when
    /// [`EmulatorConfig::tls`] is set).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// For HTTPS: the certificate (PEM) of the CA that signed this run's
    /// server certificate; a client trusts it to connect.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The organization name.
    pub fn org(&self) -> String {
        self.app.config().org
    }

    /// The app name.
    pub fn app(&self) -> String {
        self.app.config().app
    }

    /// The app key, `org#app`.
    pub fn app_key(&self) -> String {
        let c = self.app.config();
        format!("{}#{}", c.org, c.app)
    }

    /// The client id that the token route accepts.
    pub fn client_id(&self) -> String {
        self.app.config().client_id
    }

    /// The client secret that the token route accepts.
    pub fn client_secret(&self) -> String {
        self.app.config().client_secret
    }

    /// Forgets all users, tokens, faults and counters; restores the start configuration.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Counters since the last reset.
    pub fn stats(&self) -> EmulatorStats {
        self.app.stats()
    }

    /// Sets a user online or offline; false when the user does not exist.
    pub fn set_presence(&self, username: &str, online: bool) -> bool {
        self.app.set_presence(username, online)
    }

    /// Puts a user online on these devices, replacing the ones they had:
    /// each `(resource, device UUID, device name)`, the resource as the
    /// service names it (`android_1a2b`, `ios_...`, `web_...`). An empty list
    /// logs them out. False when the user does not exist.
    pub fn set_devices(&self, username: &str, devices: &[(String, String, String)]) -> bool {
        self.app.set_devices(username, devices)
    }

    /// The Agora app ID whose AccessToken2 app tokens the `agora` grant accepts.
    pub fn app_id(&self) -> String {
        self.app.lock().config.app_id.clone()
    }

    /// The Agora app certificate those tokens are signed with.
    pub fn app_certificate(&self) -> String {
        self.app.lock().config.app_certificate.clone()
    }

    /// Adds offline messages `(id, delivered)` for a user; false when the user does not exist.
    pub fn add_offline_messages(&self, username: &str, messages: &[(String, bool)]) -> bool {
        self.app.add_offline_messages(username, messages)
    }

    /// Creates `count` users `{prefix}0`.. directly, without HTTP (benchmarks,
    /// large fixtures); returns how many were new.
    pub fn preload(&self, prefix: &str, count: u64) -> u64 {
        self.app.preload(prefix, count, "pw")
    }

    /// Makes every token issued so far invalid (401 "expired"); returns how many.
    pub fn revoke_tokens(&self) -> usize {
        self.app.revoke_tokens()
    }

    /// The current configuration.
    pub fn config(&self) -> EmulatorConfig {
        self.app.config()
    }

    /// Replaces the configuration (port and host changes have no effect).
    pub fn set_config(&self, config: EmulatorConfig) {
        self.app.set_config(config);
    }

    /// Installs a fault plan (replacing the previous one).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.app.set_faults(plan);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.app.set_faults(FaultPlan::default());
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
