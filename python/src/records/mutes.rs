//! Global mutes.

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;

record! {
    /// Seconds left of a user's mute per chat type: 0 not muted, -1 for good.
    PyMuteStatus(core::MuteStatus) as "MuteStatus" {
        /// The username.
        username: String = |m| m.username.clone(),
        /// One-to-one chats.
        chat: i64 = |m| m.chat,
        /// Groups.
        groupchat: i64 = |m| m.groupchat,
        /// Chat rooms.
        chatroom: i64 = |m| m.chatroom,
        /// The service's clock, seconds since the Unix epoch.
        server_time: Option<i64> = |m| m.server_time,
    }
}

record! {
    /// One muted user in one chat type.
    PyMuteEntry(core::MuteEntry) as "MuteEntry" {
        /// The username.
        username: String = |m| m.username.clone(),
        /// `"chat"`, `"groupchat"` or `"chatroom"`.
        chat_type: &'static str = |m| m.chat_type.as_str(),
        /// Seconds left (-1: for good).
        remaining: i64 = |m| m.remaining,
    }
}

record! {
    /// One page of muted users.
    PyMutePage(core::MutePage) as "MutePage" {
        /// One entry per user and chat type.
        entries: Vec<PyMuteEntry> = |p| p.entries.iter().cloned().map(PyMuteEntry).collect(),
        /// The next page's number; None on the last page.
        next_page: Option<u32> = |p| p.next_page,
        /// The service's clock, seconds since the Unix epoch.
        server_time: Option<i64> = |p| p.server_time,
    }
}
