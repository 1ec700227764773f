//! User attributes (the service's user metadata).

use std::collections::BTreeMap;

use serde::Serialize;

/// One user's attributes, as asked of [`crate::Client::users_attributes`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has (empty when none, or when
    /// the user does not exist).
    pub attributes: BTreeMap<String, String>,
}
