//! User attributes.

use std::collections::HashMap;

use chat_platform as core;
use napi_derive::napi;

/// One user's attributes, as asked of `usersAttributes`.
#[napi(object)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has (empty when none, or no such user).
    pub attributes: HashMap<String, String>,
}

impl From<core::UserAttributes> for UserAttributes {
    fn from(u: core::UserAttributes) -> Self {
        UserAttributes {
            username: u.username,
            attributes: u.attributes.into_iter().collect(),
        }
    }
}
