//! User attributes.

use std::collections::BTreeMap;

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;

record! {
    /// One user's attributes, as asked of `users_attributes`.
    PyUserAttributes(core::UserAttributes) as "UserAttributes" {
        /// The username as asked.
        username: String = |u| u.username.clone(),
        /// The attributes asked for that the user has (empty when none, or no such user).
        attributes: BTreeMap<String, String> = |u| u.attributes.clone(),
    }
}
