//! # chat-platform
//!
//! A client for the Chat Platform user-management REST API: register users
//! (one at a time or tens of thousands in an import), change passwords and
//! push settings, manage contacts and blocklists, check presence and offline
//! messages, ban, unban and force users offline.
//!
//! ```no_run
//! # async fn demo() -> chat_platform::Result<()> {
//! use chat_platform::{Client, Region};
//! let client = Client::builder()
//!     .region(Region::Singapore1)
//!     .app_key("my-org#my-app")
//!     .client_credentials("CLIENT_ID", "CLIENT_SECRET")
//!     .build()?;
//! let user = client.register_user("alice", "s3cret", Some("Alice")).await?;
//! println!("{} created at {:?}", user.username, user.created);
//! # Ok(()) }
//! ```
//!
//! What the client does for you:
//!
//! - **Tokens**: fetched on first use, cached, refreshed ahead of expiry, one
//!   fetch shared by every concurrent call, at most one fetch per
//!   [`Config::min_token_interval`]; on a 401 the token is fetched again and
//!   the request replayed once. `expires_in` is in seconds; 0 means never.
//! - **Retries**: see [`retry`](crate#retries) below.
//! - **Validation**: every argument is checked against the documented rules
//!   before anything is sent; the error names the field and the rule.
//! - **Batches**: `register_users` sends requests of 60 and reports every
//!   input user exactly once; `users_status` sends requests of 100 and keeps
//!   the order; `iter_users` pages lazily.
//! - **Secrets**: the client secret, tokens, passwords and proxy credentials
//!   never appear in `Debug`, `Display`, logs (`tracing`) or errors.
//! - **Networks**: proxies from the environment as curl reads them
//!   (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) or given with
//!   credentials ([`ProxyConfig`]); extra CA certificates
//!   ([`ClientBuilder::ca_certificate_pem`]) for TLS-inspecting networks.
//!
//! ## Retries
//!
//! 429 (except the `resource_limited` quota) and 503 are retried for every
//! method; so is a connection that could not be opened. 500, 502, 504,
//! timeouts and connections that broke after sending are retried only for
//! calls that are safe to repeat (GET, PUT, DELETE, token grants and batch
//! registration; never the batch delete). Waits use exponential backoff with
//! full jitter, or the `Retry-After` the service sent; attempts and total
//! time are bounded by [`RetryPolicy`].

#![warn(missing_docs)]

mod api;
mod attempts;
mod auth;
mod budget;
mod builder;
mod bulk;
mod call;
pub mod chat_token;
mod client;
pub mod clock;
mod config;
mod decode;
pub mod effects;
mod error;
pub mod events;
pub mod http;
mod models;
mod paging;
mod proxy;
mod retry;
mod secret;
mod settings;
pub mod shared;
mod tls;
pub mod transport;
pub mod validate;
pub mod webhook;

pub use api::Attributes;
pub use budget::{EndpointGroup, RateLimits};
pub use builder::ClientBuilder;
pub use bulk::Stop;
pub use client::Client;
pub use config::{default_user_agent, parse_app_key, Config, Credentials, Region, RetryPolicy};
pub use effects::RepeatEffect;
pub use error::{camel_case, Error, ErrorKind, Partial, Result};
pub use events::{Event, EventHook};
pub use models::{
    AttributesBatch, Batch, ChatType, Collected, Contact, ContactPage, DeleteOutcome, Deletion,
    DeliveryStatus, Device, DisplayStyle, ItemFailure, MuteEntry, MutePage, MuteStatus, NewUser,
    Presence, Progress, PushMode, PushNickname, PushNicknameReport, PushScope, PushSetting,
    PushSettingUpdate, RegisterBatch, RegisterReport, StatusBatch, TokenInfo, User, UserAttributes,
    UserPage, UserPresence, UserToken,
};
pub use paging::{ItemStream, Pager, UserPager, UserStream};
pub use proxy::ProxyConfig;
pub use secret::Secret;
pub use settings::{Settings, TimeUnit};
pub use shared::StoreUrl;
pub use tls::CaCertificate;

#[doc(hidden)]
pub mod __fuzz {
    //! Entry points for the fuzz targets (`fuzz/`) and the fuzz smoke test;
    //! not a stable API.

    /// Runs every response decoder on `body`; must never panic.
    pub fn decode_everything(body: &[u8]) -> usize {
        use crate::decode;
        let mut ok = 0;
        ok += decode::first_user(body).is_ok() as usize;
        ok += decode::page(body).is_ok() as usize;
        ok += decode::name_list(body).is_ok() as usize;
        ok += decode::presence(body, "user1").is_ok() as usize;
        ok += decode::batch_presence(body).is_ok() as usize;
        ok += decode::count(body, "user1").is_ok() as usize;
        ok += decode::delivery(body, "123").is_ok() as usize;
        ok += decode::result_flag(body).is_ok() as usize;
        ok += decode::ack(body).is_ok() as usize;
        ok += decode::register_batch(body).is_ok() as usize;
        ok += decode::token(body).is_ok() as usize;
        let _ = decode::error_fields(body);
        ok += crate::api::decode_beyond(body);
        ok
    }
}
