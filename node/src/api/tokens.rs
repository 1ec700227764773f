//! App tokens and users' login tokens. The core's `src/api/tokens.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Fetches a new app token now and caches it (normally automatic)."]
    fn fetch_token("options?: CallOptions | null") () -> TokenInfo { c => c.fetch_token().await.map(TokenInfo::new) }

    #[doc = " A login token for a user, by their password (no app token needed)."]
    #[doc = " `ttlSeconds`: its lifetime (default: the console's; 0: it never"]
    #[doc = " expires). A wrong password is `UNAUTHORIZED`, an unknown user `NOT_FOUND`."]
    fn user_token("username: string, password: string, ttlSeconds?: number | null, options?: CallOptions | null")
        (username: String, password: String, ttl_seconds: Option<i64>) -> UserToken {
        c => {
            let t = core::validate::ttl_arg("user_token", ttl_seconds)?;
            c.user_token(&username, &password, t).await.map(UserToken::from)
        }
    }

    #[doc = " A login token for a user without their password (the app token"]
    #[doc = " vouches for them); `createUser` registers the user if missing."]
    fn user_token_without_password("username: string, ttlSeconds?: number | null, createUser?: boolean | null, options?: CallOptions | null")
        (username: String, ttl_seconds: Option<i64>, create_user: Option<bool>) -> UserToken {
        c => {
            let t = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
            c.user_token_without_password(&username, t, create_user.unwrap_or(false)).await.map(UserToken::from)
        }
    }
}
