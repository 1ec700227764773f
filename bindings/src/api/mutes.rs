//! Global mutes: mute, unmute, a user's mute, and every muted user. The core's `src/api/mutes.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Mutes a user for `seconds` (1 to 2,147,483,647; null: for good) in the
    /// given chat types (empty: all three).
    #[default(seconds = None, chat_types = [])]
    fn mute_user(username: String, seconds: Option<i64>, chat_types: Vec<ChatType>) -> () {
        c => {
            let secs = seconds.map(|s| core::validate::range_arg("mute_user", "seconds", s, 0, u32::MAX)).transpose()?;
            let types: Vec<core::ChatType> = chat_types.into_iter().map(Into::into).collect();
            c.mute_user(&username, secs, &types).await
        }
    }

    /// Lifts a user's mute in the given chat types (empty: all three).
    #[default(chat_types = [])]
    fn unmute_user(username: String, chat_types: Vec<ChatType>) -> () {
        c => {
            let types: Vec<core::ChatType> = chat_types.into_iter().map(Into::into).collect();
            c.unmute_user(&username, &types).await
        }
    }

    /// Seconds left of a user's mute per chat type (0: none; -1: for good).
    fn get_mute(username: String) -> MuteStatus {
        c => c.get_mute(&username).await.map(MuteStatus::from)
    }

    /// One page of muted users: `page` from 1, `pageSize` 1-50.
    #[default(page = None, page_size = None)]
    fn list_mutes(page: Option<i32>, page_size: Option<i32>) -> MutePage {
        c => {
            let page = range("list_mutes", "page", page, 1, u32::MAX)?;
            let size = page_size.map(|p| core::validate::mute_page_arg("list_mutes", "page_size", Some(p.into()))).transpose()?;
            c.list_mutes(page, size).await.map(MutePage::from)
        }
    }
}

#[uniffi::export]
impl Client {
    /// A pager over every muted user, `pageSize` (1-50) entries per request;
    /// Kotlin's `iterMutes()` Flow and Swift's `iterMutes()` sequence use it.
    pub fn mute_pages(&self, page_size: i32) -> Result<Arc<MutePager>, ChatPlatformError> {
        let size =
            core::validate::mute_page_arg("iter_mutes", "page_size", Some(page_size.into()))?;
        let pager = self.core.mute_pages(size)?;
        Ok(MutePager::new(pager))
    }
}
