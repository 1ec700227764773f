//! User tokens: the password grant and the inherit grant.

use std::time::Duration;

use serde_json::{json, Value};

use crate::budget::EndpointGroup;
use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::UserToken;
use crate::secret::Secret;
use crate::transport::Method;
use crate::validate;

impl Client {
    /// A login token for a user, by their password (the `password` grant;
    /// no app token needed). `ttl`: the token's lifetime in whole seconds
    /// (`None`: the console's setting; zero: it never expires).
    ///
    /// A wrong password or a deactivated user is [`crate::ErrorKind::Unauthorized`];
    /// an unknown user [`crate::ErrorKind::NotFound`]. The token is a secret:
    /// it never appears in `Debug`, logs or errors.
    pub async fn user_token(
        &self,
        username: &str,
        password: &str,
        ttl: Option<Duration>,
    ) -> Result<UserToken> {
        const OP: &str = "user_token";
        let check = || -> Result<Option<u64>> {
            validate::username("username", username)?;
            validate::password("password", password)?;
            ttl.map(|t| validate::ttl("ttl", t)).transpose()
        };
        let ttl = check().in_op(OP)?;
        let password = Secret::new(password);
        let mut body = json!({
            "grant_type": "password",
            "username": username,
            "password": password.expose(),
        });
        if let Some(t) = ttl {
            body["ttl"] = t.into();
        }
        let call = Call::new(OP, Method::Post, route!("/token"))
            .about_user(username)
            .no_auth()
            .group(EndpointGroup::Token)
            .json(&body)
            .secret(password);
        self.answer(&call, user_token).await
    }

    /// A login token for a user without their password (the `inherit`
    /// grant, authorized by the app token). `create_user`: register the user
    /// if missing (the service's `autoCreateUser`). `ttl` as for
    /// [`Client::user_token`] (the service's default is 60 days).
    pub async fn user_token_without_password(
        &self,
        username: &str,
        ttl: Option<Duration>,
        create_user: bool,
    ) -> Result<UserToken> {
        const OP: &str = "user_token_without_password";
        let check = || -> Result<Option<u64>> {
            validate::username("username", username)?;
            ttl.map(|t| validate::ttl("ttl", t)).transpose()
        };
        let ttl = check().in_op(OP)?;
        let mut body = json!({
            "grant_type": "inherit",
            "username": username,
            "autoCreateUser": create_user,
        });
        if let Some(t) = ttl {
            body["ttl"] = t.into();
        }
        let call = Call::new(OP, Method::Post, route!("/token"))
            .about_user(username)
            .group(EndpointGroup::Token)
            .json(&body);
        self.answer(&call, user_token).await
    }
}

/// A user token grant: `access_token`, `expires_in` and `user`.
pub(crate) fn user_token(body: &[u8]) -> Result<UserToken> {
    let info = decode::token(body)?;
    let m = decode::object(body)?;
    let user = match m.get("user") {
        Some(v @ Value::Object(_)) => decode::user(v)?,
        _ => return Err(Error::decode("the token response has no `user`")),
    };
    Ok(UserToken {
        access_token: info.access_token,
        expires_in: info.expires_in,
        user,
    })
}
