//! App tokens and users' login tokens. The core's `src/api/tokens.rs`, from Python.

use super::prelude::*;

operations! {
    /// Fetches a new app token now and caches it (normally automatic).
    fn fetch_token [] (c) -> PyTokenInfo { c.fetch_token().await.map(PyTokenInfo) }

    /// A login token for a user, by their password (no app token needed).
    /// `ttl_seconds`: its lifetime (None: the console's setting; 0: it never
    /// expires). A wrong password raises `UnauthorizedError`, an unknown user
    /// `NotFoundError`.
    fn user_token [username, password, ttl_seconds=None] (c, username: String, password: String, ttl_seconds: Option<i64>) -> PyUserToken {
        let ttl = core::validate::ttl_arg("user_token", ttl_seconds)?;
        c.user_token(&username, &password, ttl).await.map(PyUserToken)
    }

    /// A login token for a user without their password (the app token vouches
    /// for them); `create_user=True` registers the user if missing.
    fn user_token_without_password [username, ttl_seconds=None, create_user=None] (c, username: String, ttl_seconds: Option<i64>, create_user: Option<bool>) -> PyUserToken {
        let ttl = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
        c.user_token_without_password(&username, ttl, create_user.unwrap_or(false)).await.map(PyUserToken)
    }
}
