//! User attributes.

use std::collections::HashMap;

use chat_platform as core;

/// One user's attributes, as asked of `usersAttributes`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has.
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
