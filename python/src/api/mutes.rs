//! Global mutes: mute, unmute, a user's mute, and every muted user. The core's `src/api/mutes.rs`, from Python.

use super::prelude::*;

operations! {
    /// Mutes a user for `seconds` (1 to 2,147,483,647; None: for good) in the
    /// given chat types (`"chat"`, `"groupchat"`, `"chatroom"`; None: all three).
    fn mute_user [username, seconds=None, chat_types=None] (c, username: String, seconds: Option<i64>, chat_types: Option<ChatTypes>) -> Nothing
    where { let secs = seconds.map(|s| core::validate::range_arg("mute_user", "seconds", s, 0, u32::MAX)).transpose().map_err(crate::errors::to_py)?; }
    {
        let types = chat_types.map(|t| t.0).unwrap_or_default();
        c.mute_user(&username, secs, &types).await.map(|()| Nothing)
    }

    /// Lifts a user's mute in the given chat types (None: all three).
    fn unmute_user [username, chat_types=None] (c, username: String, chat_types: Option<ChatTypes>) -> Nothing {
        let types = chat_types.map(|t| t.0).unwrap_or_default();
        c.unmute_user(&username, &types).await.map(|()| Nothing)
    }

    /// Seconds left of a user's mute per chat type (0: none; -1: for good).
    fn get_mute [username] (c, username: String) -> PyMuteStatus {
        c.get_mute(&username).await.map(PyMuteStatus)
    }

    /// One page of muted users: `page` from 1, `page_size` 1-50.
    fn list_mutes [page=None, page_size=None] (c, page: Option<i64>, page_size: Option<i64>) -> PyMutePage
    where {
        let page = page.map(|p| core::validate::range_arg("list_mutes", "page", p, 1, u32::MAX)).transpose().map_err(crate::errors::to_py)?;
        let size = page_size.map(|p| core::validate::mute_page_arg("list_mutes", "page_size", Some(p))).transpose().map_err(crate::errors::to_py)?;
    }
    { c.list_mutes(page, size).await.map(PyMutePage) }
}

iterators! {
    /// Every muted user (one entry per chat type), `page_size` (1-50)
    /// entries per request.
    fn iter_mutes [page_size=None] "(self, page_size=50)" (page_size)
        -> MuteIterator / AsyncMuteIterator = mute_stream;
}

fn mute_stream<'py>(
    shared: &Shared,
    py: Python<'py>,
    page_size: Option<Raw<'py>>,
) -> PyResult<core::ItemStream<core::MuteEntry>> {
    const OP: &str = "iter_mutes";
    let size: Option<i64> = args::take(py, OP, "page_size", page_size)?;
    let size =
        core::validate::mute_page_arg(OP, "page_size", size).map_err(crate::errors::to_py)?;
    shared
        .core()?
        .iter_mutes(size)
        .map_err(crate::errors::to_py)
}
