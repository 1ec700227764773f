//! What a bulk operation did not do.

use chat_platform as core;
use napi_derive::napi;

/// An input item a bulk operation did not do (a user not registered, a
/// push nickname not set, a name whose request failed), and why.
#[napi(object)]
pub struct ItemFailure {
    /// The username as given.
    pub username: String,
    /// Its position in the input.
    pub index: u32,
    /// The error code (`CONFLICT` for an existing user, `NOT_FOUND`, ...).
    pub kind: String,
    /// The service's reason, or the error that stopped the request.
    pub reason: String,
    /// True when the outcome is unknown: the item's request got no answer at
    /// least once, so it may have taken effect (a user found existing that
    /// this import may have created).
    pub uncertain: bool,
}

impl From<core::ItemFailure> for ItemFailure {
    fn from(f: core::ItemFailure) -> Self {
        ItemFailure {
            username: f.username,
            index: f.index as u32,
            kind: f.kind.code().to_owned(),
            reason: f.reason,
            uncertain: f.uncertain,
        }
    }
}
