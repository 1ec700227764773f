//! Presence.

use chat_platform as core;
use napi_derive::napi;

/// The presence of one user of a batch query.
#[napi(object)]
pub struct UserPresence {
    /// The username as asked.
    pub username: String,
    /// `'online'` or `'offline'`.
    #[napi(ts_type = "'online' | 'offline'")]
    pub presence: String,
}

impl From<core::UserPresence> for UserPresence {
    fn from(p: core::UserPresence) -> Self {
        UserPresence {
            username: p.username,
            presence: p.presence.as_str().to_owned(),
        }
    }
}
