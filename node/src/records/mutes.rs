//! Global mutes.

use chat_platform as core;
use napi_derive::napi;

/// Seconds left of a user's mute per chat type: `0` not muted, `-1` for good.
#[napi(object)]
pub struct MuteStatus {
    /// The username.
    pub username: String,
    /// One-to-one chats.
    pub chat: i64,
    /// Groups.
    pub groupchat: i64,
    /// Chat rooms.
    pub chatroom: i64,
    /// The service's clock, seconds since the Unix epoch.
    pub server_time: Option<i64>,
}

impl From<core::MuteStatus> for MuteStatus {
    fn from(m: core::MuteStatus) -> Self {
        MuteStatus {
            username: m.username,
            chat: m.chat,
            groupchat: m.groupchat,
            chatroom: m.chatroom,
            server_time: m.server_time,
        }
    }
}

/// One muted user in one chat type.
#[napi(object)]
pub struct MuteEntry {
    /// The username.
    pub username: String,
    /// The chat type muted.
    #[napi(ts_type = "'chat' | 'groupchat' | 'chatroom'")]
    pub chat_type: String,
    /// Seconds left (`-1`: for good).
    pub remaining: i64,
}

impl From<core::MuteEntry> for MuteEntry {
    fn from(m: core::MuteEntry) -> Self {
        MuteEntry {
            username: m.username,
            chat_type: m.chat_type.as_str().to_owned(),
            remaining: m.remaining,
        }
    }
}

/// One page of muted users.
#[napi(object)]
pub struct MutePage {
    /// One entry per user and chat type.
    pub entries: Vec<MuteEntry>,
    /// The next page's number; absent on the last page.
    pub next_page: Option<u32>,
    /// The service's clock, seconds since the Unix epoch.
    pub server_time: Option<i64>,
}

impl From<core::MutePage> for MutePage {
    fn from(p: core::MutePage) -> Self {
        MutePage {
            entries: p.entries.into_iter().map(MuteEntry::from).collect(),
            next_page: p.next_page,
            server_time: p.server_time,
        }
    }
}
