//! The client: the request pipeline (token, rate limit, retry, 401 replay,
//! error mapping); [`crate::builder`] builds it.

use std::fmt;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use crate::attempts::{Auth, CallTime};
use crate::auth::TokenManager;
use crate::budget::{Budget, EndpointGroup};
use crate::builder::ClientBuilder;
use crate::call::{enc, route, Call, Reply};
use crate::clock::Clock;
use crate::config::{Config, Credentials};
use crate::decode;
use crate::error::{Error, Result};
use crate::models::TokenInfo;
use crate::secret::{redact, Secret};
use crate::transport::{Method, Transport};

/// A Chat Platform API client. Cheap to clone (clones share the connection
/// pool and the token); safe to use from many tasks at once.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// The boxed future of a token grant.
type TokenFetch<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<TokenInfo>> + Send + 'a>>;

pub(crate) struct Inner {
    pub(crate) config: Config,
    pub(crate) prefix: String,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) tokens: TokenManager,
    pub(crate) budget: Option<Budget>,
    /// Proxy credentials (explicit or from the environment), scrubbed from errors.
    pub(crate) proxy_secrets: Vec<Secret>,
    /// `scheme://host:port` of the service, for messages.
    pub(crate) origin: String,
    /// The most (server timestamp - local time the answer arrived) seen, in
    /// µs: the service's clock is at least this far ahead of ours (it
    /// stamped the answer before we had it; `i64::MIN` until known). It
    /// tells whether a user found existing was created after this call first
    /// sent its request.
    pub(crate) server_ahead_us: AtomicI64,
    /// The hook every [`crate::Event`] goes to, if any.
    pub(crate) events: Option<crate::EventHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.config;
        f.debug_struct("Client")
            .field("base_url", &c.base_url)
            .field("org", &c.org)
            .field("app", &c.app)
            .field("credentials", &c.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Builds a client from a complete configuration.
    pub fn from_config(config: Config) -> Result<Client> {
        ClientBuilder::from_config(config).build()
    }

    /// The configuration in use (secrets hidden in its `Debug`).
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Fetches a new app token now and caches it (normally automatic).
    pub async fn fetch_token(&self) -> Result<TokenInfo> {
        match &self.inner.config.credentials {
            Credentials::ClientSecret { .. } | Credentials::AppCertificate { .. } => {
                self.inner.tokens.refresh(|| self.request_token()).await
            }
            Credentials::Token(t) => Ok(TokenInfo {
                access_token: t.clone(),
                expires_in: None,
                application: None,
            }),
            Credentials::None => Err(no_credentials("fetch_token")),
        }
        .map_err(|e| e.with_operation("fetch_token"))
    }

    /// The token grant. Boxed (and so declared `Send`): its request goes
    /// through `send_retrying`, which asks for the token of its attempts.
    fn request_token(&self) -> TokenFetch<'_> {
        Box::pin(async move {
            let config = &self.inner.config;
            let ttl = config.app_token_ttl.map(|t| t.as_secs());
            let (body, bearer) = match &config.credentials {
                Credentials::ClientSecret {
                    client_id,
                    client_secret,
                } => {
                    let mut body = serde_json::json!({
                        "grant_type": "client_credentials",
                        "client_id": client_id,
                        "client_secret": client_secret.expose(),
                    });
                    if let Some(t) = ttl {
                        body["ttl"] = t.into();
                    }
                    (body, None)
                }
                Credentials::AppCertificate {
                    app_id,
                    app_certificate,
                } => {
                    // An AccessToken2 app token minted here, exchanged for a chat token.
                    let expire = ttl.map_or(crate::chat_token::MAX_EXPIRE_SECONDS, |t| t as u32);
                    let minted = crate::chat_token::app_token(
                        app_id,
                        app_certificate.expose(),
                        expire,
                        crate::chat_token::MintOptions::default(),
                    )?;
                    (
                        serde_json::json!({ "grant_type": "agora" }),
                        Some(minted.token),
                    )
                }
                _ => return Err(no_credentials("fetch_token")),
            };
            let call = Call::new("fetch_token", Method::Post, route!("/token"))
                .no_auth()
                .group(EndpointGroup::Token)
                .json(&body);
            // Shared by every caller waiting for it: its own time bound.
            let mut time = self.call_time();
            let auth = bearer.map_or(Auth::None, Auth::Given);
            let reply = self.send_retrying(&call, auth, &mut time).await?;
            decode::token(&reply.body)
        })
    }

    async fn bearer(&self, op: &'static str) -> Result<Secret> {
        match &self.inner.config.credentials {
            Credentials::Token(t) => Ok(t.clone()),
            Credentials::ClientSecret { .. } | Credentials::AppCertificate { .. } => {
                self.inner.tokens.get(|| self.request_token()).await
            }
            Credentials::None => Err(no_credentials(op)),
        }
    }

    /// The app token for the attempt about to be sent (taken after its
    /// budget slot, so a token replaced while the call queued is not used).
    /// The wait is not the call's time: the token fetch has its own bound,
    /// and this guard ends a wait for someone else's fetch after as long.
    pub(crate) async fn attempt_bearer(&self, call: &Call, time: &mut CallTime) -> Result<Secret> {
        let started = self.inner.clock.now();
        let bound = self.inner.config.request_timeout + Duration::from_millis(250);
        let got = tokio::time::timeout(bound, self.bearer(call.op)).await;
        time.wait_done(started, self.inner.clock.now());
        match got {
            Ok(Ok(b)) => Ok(b),
            Ok(Err(e)) => Err(e.in_step(call.op, "fetching the app token")),
            Err(_) => {
                let step = "waiting for the app token: ";
                Err(CallTime::new(started, self.inner.config.request_timeout)
                    .timed_out(self.inner.clock.now(), &self.inner.origin, step)
                    .with_operation(call.op))
            }
        }
    }

    /// Whether a 401 may be answered by fetching a new token and replaying.
    pub(crate) fn refreshable(&self) -> bool {
        matches!(
            self.inner.config.credentials,
            Credentials::ClientSecret { .. } | Credentials::AppCertificate { .. }
        )
    }

    /// Sends a call: token, retries, one refresh-and-replay on 401, all
    /// within `request_timeout`.
    pub(crate) async fn execute(&self, call: &Call) -> Result<Reply> {
        let mut time = self.call_time();
        self.execute_in(call, &mut time).await
    }

    /// Sends a call and reads its answer with `decode` (a decoding error
    /// names the call's operation).
    pub(crate) async fn answer<T>(
        &self,
        call: &Call,
        decode: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<T> {
        let reply = self.execute(call).await?;
        decode(&reply.body).map_err(|e| e.with_operation(call.op))
    }

    /// A new call's clock, against `request_timeout`.
    pub(crate) fn call_time(&self) -> CallTime {
        CallTime::new(self.inner.clock.now(), self.inner.config.request_timeout)
    }

    /// [`Client::execute`] on the caller's clock, which then tells what
    /// happened (attempts, a lost answer, when the first attempt was sent).
    pub(crate) async fn execute_in(&self, call: &Call, time: &mut CallTime) -> Result<Reply> {
        let auth = if call.auth { Auth::App } else { Auth::None };
        self.send_retrying(call, auth, time)
            .await
            .map_err(|e| e.with_operation(call.op))
    }

    pub(crate) fn url(&self, call: &Call) -> String {
        let mut url = String::with_capacity(self.inner.prefix.len() + call.path.len() + 32);
        url.push_str(&self.inner.prefix);
        url.push_str(&call.path);
        for (i, (k, v)) in call.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(k);
            url.push('=');
            url.push_str(&enc(v));
        }
        url
    }

    pub(crate) fn scrub(&self, text: String, call: &Call, bearer: Option<&Secret>) -> String {
        let mut secrets: Vec<&str> = call.secrets.iter().map(Secret::expose).collect();
        match &self.inner.config.credentials {
            Credentials::ClientSecret { client_secret, .. } => secrets.push(client_secret.expose()),
            Credentials::AppCertificate {
                app_certificate, ..
            } => secrets.push(app_certificate.expose()),
            _ => {}
        }
        if let Credentials::Token(t) = &self.inner.config.credentials {
            secrets.push(t.expose());
        }
        if let Some(b) = bearer {
            secrets.push(b.expose());
        }
        secrets.extend(self.inner.proxy_secrets.iter().map(Secret::expose));
        redact(&text, &secrets)
    }
}

fn no_credentials(op: &'static str) -> Error {
    Error::config(
        "this client has no credentials: set `client_id` and `client_secret`, \
         `app_id` and `app_certificate`, or `token`",
    )
    .with_operation(op)
}
