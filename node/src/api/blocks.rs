//! Blocklists. The core's `src/api/blocks.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " The usernames `owner` has blocked."]
    fn list_blocked("owner: string, options?: CallOptions | null") (owner: String) -> Vec<String> {
        c => c.list_blocked(&owner).await
    }

    #[doc = " Adds 1-500 users to `owner`'s blocklist; resolves to the usernames added."]
    fn block_users("owner: string, usernames: Array<string>, options?: CallOptions | null") (owner: String, usernames: Vec<String>) -> Vec<String> {
        c => c.block_users(&owner, &usernames).await
    }

    #[doc = " Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that user (see `deleteUser`)."]
    fn unblock_user("owner: string, blocked: string, options?: CallOptions | null") (owner: String, blocked: String) -> Deletion {
        c => c.unblock_user(&owner, &blocked).await.map(Deletion::from)
    }
}
