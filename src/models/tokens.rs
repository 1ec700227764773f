//! User tokens (password and inherit grants).

use std::fmt;

use serde::Serialize;

use crate::models::User;
use crate::secret::Secret;

/// A user token, as returned by [`crate::Client::user_token`] and
/// [`crate::Client::user_token_without_password`]. Hand `access_token` to
/// the user's app; it is a secret: hidden in `Debug`, never serialized.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct UserToken {
    /// The token (a secret).
    #[serde(skip)]
    pub access_token: Secret,
    /// Seconds until expiry as the service said; `None` when it does not expire.
    pub expires_in: Option<u64>,
    /// The user the token is for.
    pub user: User,
}

impl fmt::Debug for UserToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserToken")
            .field("access_token", &self.access_token)
            .field("expires_in", &self.expires_in)
            .field("user", &self.user)
            .finish()
    }
}
