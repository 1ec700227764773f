//! What a bulk operation did not do.

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;

record! {
    /// An input item a bulk operation did not do (a user not registered, a
    /// push nickname not set, a name whose request failed), and why.
    /// `RegisterFailure` and `PushNicknameFailure` name this class too.
    PyItemFailure(core::ItemFailure) as "ItemFailure" {
        /// The username as given.
        username: String = |f| f.username.clone(),
        /// Its position in the input.
        index: usize = |f| f.index,
        /// The error kind code (`"CONFLICT"` for an existing user, `"NOT_FOUND"`, ...).
        kind: &'static str = |f| f.kind.code(),
        /// The service's reason, or the error that stopped the request.
        reason: String = |f| f.reason.clone(),
        /// True when the outcome is unknown: the item's request got no answer
        /// at least once, so it may have taken effect (a user found existing
        /// that this import may have created).
        uncertain: bool = |f| f.uncertain,
    }
}
