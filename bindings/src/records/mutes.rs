//! Global mutes.

use chat_platform as core;

use crate::error::ChatPlatformError;

/// The chat types a mute applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ChatType {
    /// One-to-one chats (`chat`).
    Chat,
    /// Groups (`groupchat`).
    GroupChat,
    /// Chat rooms (`chatroom`).
    ChatRoom,
}

impl From<ChatType> for core::ChatType {
    fn from(t: ChatType) -> Self {
        match t {
            ChatType::Chat => core::ChatType::Chat,
            ChatType::GroupChat => core::ChatType::GroupChat,
            ChatType::ChatRoom => core::ChatType::ChatRoom,
        }
    }
}

impl From<core::ChatType> for ChatType {
    fn from(t: core::ChatType) -> Self {
        match t {
            core::ChatType::Chat => ChatType::Chat,
            core::ChatType::GroupChat => ChatType::GroupChat,
            core::ChatType::ChatRoom => ChatType::ChatRoom,
        }
    }
}

/// Seconds left of a user's mute per chat type: 0 not muted, -1 for good.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MuteEntry {
    /// The username.
    pub username: String,
    /// The chat type muted.
    pub chat_type: ChatType,
    /// Seconds left (-1: for good).
    pub remaining: i64,
}

impl From<core::MuteEntry> for MuteEntry {
    fn from(m: core::MuteEntry) -> Self {
        MuteEntry {
            username: m.username,
            chat_type: m.chat_type.into(),
            remaining: m.remaining,
        }
    }
}

/// One page of muted users.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MutePage {
    /// One entry per user and chat type.
    pub entries: Vec<MuteEntry>,
    /// The next page's number; null on the last page.
    pub next_page: Option<i32>,
    /// The service's clock, seconds since the Unix epoch.
    pub server_time: Option<i64>,
}

impl From<core::MutePage> for MutePage {
    fn from(p: core::MutePage) -> Self {
        MutePage {
            entries: p.entries.into_iter().map(MuteEntry::from).collect(),
            next_page: p.next_page.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            server_time: p.server_time,
        }
    }
}

/// Chat types from their wire names (`chat`, `groupchat`, `chatroom`, any
/// case), as a configuration file holds them; an unknown one is
/// `InvalidInput` naming `chatTypes[i]`.
#[uniffi::export]
pub fn chat_types_from_names(names: Vec<String>) -> Result<Vec<ChatType>, ChatPlatformError> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| core::ChatType::parse(&format!("chat_types[{i}]"), n).map(Into::into))
        .collect::<core::Result<_>>()
        .map_err(Into::into)
}
