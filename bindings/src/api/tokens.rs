//! App tokens and users' login tokens. The core's `src/api/tokens.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Fetches a new app token now and caches it (normally automatic).
    fn fetch_token() -> Arc<TokenInfo> {
        c => c.fetch_token().await.map(|inner| Arc::new(TokenInfo { inner }))
    }

    /// A login token for a user, by their password (no app token needed).
    /// `ttlSeconds`: its lifetime (null: the console's; 0: it never expires).
    /// A wrong password is `Unauthorized`, an unknown user `NotFound`.
    #[default(ttl_seconds = None)]
    fn user_token(username: String, password: String, ttl_seconds: Option<i64>) -> Arc<UserToken> {
        c => {
            let t = core::validate::ttl_arg("user_token", ttl_seconds)?;
            c.user_token(&username, &password, t).await.map(|inner| Arc::new(UserToken { inner }))
        }
    }

    /// A login token for a user without their password (the app token
    /// vouches for them); `createUser` registers the user if missing.
    #[default(ttl_seconds = None, create_user = false)]
    fn user_token_without_password(username: String, ttl_seconds: Option<i64>, create_user: bool) -> Arc<UserToken> {
        c => {
            let t = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
            c.user_token_without_password(&username, t, create_user).await.map(|inner| Arc::new(UserToken { inner }))
        }
    }
}
