//! Blocklists. The core's `src/api/blocks.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// The usernames `owner` has blocked.
    fn list_blocked(owner: String) -> Vec<String> {
        c => c.list_blocked(&owner).await
    }

    /// Adds 1-500 users to `owner`'s blocklist; returns the usernames added.
    fn block_users(owner: String, usernames: Vec<String>) -> Vec<String> {
        c => c.block_users(&owner, &usernames).await
    }

    /// Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that user (see `deleteUser`).
    fn unblock_user(owner: String, blocked: String) -> Deletion {
        c => c.unblock_user(&owner, &blocked).await.map(Deletion::from)
    }
}
