//! Global mutes: a user kept from sending, per chat type.

use serde::Serialize;

use crate::error::{Error, Result};

/// The chat types a mute applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatType {
    /// One-to-one chats (`chat`).
    Chat,
    /// Groups (`groupchat`).
    GroupChat,
    /// Chat rooms (`chatroom`).
    ChatRoom,
}

impl ChatType {
    /// Every chat type.
    pub const ALL: [ChatType; 3] = [ChatType::Chat, ChatType::GroupChat, ChatType::ChatRoom];

    /// The wire name: `chat`, `groupchat` or `chatroom`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatType::Chat => "chat",
            ChatType::GroupChat => "groupchat",
            ChatType::ChatRoom => "chatroom",
        }
    }

    /// From the wire name (any case); anything else is invalid input naming `field`.
    pub fn parse(field: &str, v: &str) -> Result<Self> {
        match v.to_ascii_lowercase().as_str() {
            "chat" => Ok(ChatType::Chat),
            "groupchat" => Ok(ChatType::GroupChat),
            "chatroom" => Ok(ChatType::ChatRoom),
            _ => Err(Error::invalid(
                field,
                format!("must be \"chat\", \"groupchat\" or \"chatroom\" (got {v:?})"),
            )),
        }
    }
}

/// How long a user stays muted in each chat type, in seconds: `0` not muted,
/// `-1` muted for good, otherwise the seconds left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MuteStatus {
    /// The username.
    pub username: String,
    /// One-to-one chats.
    pub chat: i64,
    /// Groups.
    pub groupchat: i64,
    /// Chat rooms.
    pub chatroom: i64,
    /// The service's clock when it answered, seconds since the Unix epoch.
    pub server_time: Option<i64>,
}

/// One muted user in one chat type, as [`crate::Client::list_mutes`] lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MuteEntry {
    /// The username.
    pub username: String,
    /// The chat type the mute applies to.
    pub chat_type: ChatType,
    /// Seconds left (`-1`: for good).
    pub remaining: i64,
}

/// One page of muted users (one entry per user and chat type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MutePage {
    /// The entries of this page.
    pub entries: Vec<MuteEntry>,
    /// The next page's number; `None` on the last page (a page shorter than asked).
    pub next_page: Option<u32>,
    /// The service's clock when it answered, seconds since the Unix epoch.
    pub server_time: Option<i64>,
}
