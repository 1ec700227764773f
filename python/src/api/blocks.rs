//! Blocklists. The core's `src/api/blocks.rs`, from Python.

use super::prelude::*;

operations! {
    /// The usernames `owner` has blocked.
    fn list_blocked [owner] (c, owner: String) -> Vec<String> { c.list_blocked(&owner).await }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    fn block_users [owner, usernames] (c, owner: String, usernames: Bound<'py, PyAny>) -> Vec<String>
    where { let usernames = names("block_users", "usernames", &usernames)?; }
    { c.block_users(&owner, &usernames).await }

    /// Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that
    /// user (`outcome` `"already_gone"` after a lost answer, as `delete_user`).
    fn unblock_user [owner, blocked] (c, owner: String, blocked: String) -> PyDeletion {
        c.unblock_user(&owner, &blocked).await.map(PyDeletion)
    }
}
