//! Results of the operations beyond the reference, as plain objects
//! (TypeScript interfaces): devices, attributes, mutes, contacts, push,
//! webhook checks.

use std::collections::HashMap;

use chat_platform as core;
use napi_derive::napi;

/// One device a user is logged in on.
#[napi(object)]
pub struct Device {
    /// The resource as the service names it (`android_1a2b`): what `logoutDevice` takes.
    pub resource: String,
    /// `android`, `ios`, `web`, ...
    pub platform: String,
    /// The device's UUID, when reported.
    pub device_uuid: Option<String>,
    /// The device's name, when reported.
    pub device_name: Option<String>,
}

impl From<core::Device> for Device {
    fn from(d: core::Device) -> Self {
        Device {
            resource: d.resource,
            platform: d.platform,
            device_uuid: d.device_uuid,
            device_name: d.device_name,
        }
    }
}

/// One user's attributes, as asked of `usersAttributes`.
#[napi(object)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has (empty when none, or no such user).
    pub attributes: HashMap<String, String>,
}

impl From<core::UserAttributes> for UserAttributes {
    fn from(u: core::UserAttributes) -> Self {
        UserAttributes {
            username: u.username,
            attributes: u.attributes.into_iter().collect(),
        }
    }
}

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

/// A contact, with the remark its owner gave it.
#[napi(object)]
pub struct Contact {
    /// The contact's username.
    pub username: String,
    /// The remark, when one was set and asked for.
    pub remark: Option<String>,
}

impl From<core::Contact> for Contact {
    fn from(c: core::Contact) -> Self {
        Contact {
            username: c.username,
            remark: c.remark,
        }
    }
}

/// One page of contacts, newest first.
#[napi(object)]
pub struct ContactPage {
    /// The contacts of this page.
    pub contacts: Vec<Contact>,
    /// Pass it to `listContactsPage` for the next page; absent on the last page.
    pub cursor: Option<String>,
}

impl From<core::ContactPage> for ContactPage {
    fn from(p: core::ContactPage) -> Self {
        ContactPage {
            contacts: p.contacts.into_iter().map(Contact::from).collect(),
            cursor: p.cursor,
        }
    }
}

/// The outcome of `setPushNicknames`: every input once, in input order.
#[napi(object)]
pub struct PushNicknameReport {
    /// Users whose push nickname the service confirmed.
    pub updated: Vec<String>,
    /// Users whose nickname was not set.
    pub failed: Vec<crate::types::ItemFailure>,
}

impl From<core::PushNicknameReport> for PushNicknameReport {
    fn from(r: core::PushNicknameReport) -> Self {
        PushNicknameReport {
            updated: r.updated,
            failed: r.failed.into_iter().map(Into::into).collect(),
        }
    }
}

/// A push setting (app level, or one conversation).
#[napi(object)]
pub struct PushSetting {
    /// Which notifications are pushed.
    #[napi(ts_type = "'DEFAULT' | 'ALL' | 'AT' | 'NONE'")]
    pub mode: Option<String>,
    /// The daily do-not-disturb interval, `HH:MM-HH:MM`.
    pub dnd_interval: Option<String>,
    /// The end of a running one-off do-not-disturb period, ms since the Unix epoch.
    pub dnd_until: Option<i64>,
}

impl From<core::PushSetting> for PushSetting {
    fn from(s: core::PushSetting) -> Self {
        PushSetting {
            mode: s.mode.map(|m| m.as_str().to_owned()),
            dnd_interval: s.dnd_interval,
            dnd_until: s.dnd_until,
        }
    }
}

/// What `verifyWebhook` found.
#[napi(object)]
pub struct WebhookVerification {
    /// The verdict.
    #[napi(ts_type = "'valid' | 'invalid' | 'missing_fields' | 'malformed'")]
    pub status: String,
    /// True only when `status` is `'valid'`.
    pub valid: bool,
    /// The signed fields the body lacks.
    pub missing_fields: Vec<String>,
    /// Why, in a sentence (never the secret).
    pub detail: String,
}

impl From<core::webhook::WebhookVerification> for WebhookVerification {
    fn from(v: core::webhook::WebhookVerification) -> Self {
        WebhookVerification {
            status: v.status.as_str().to_owned(),
            valid: v.is_valid(),
            missing_fields: v.missing_fields,
            detail: v.detail,
        }
    }
}

/// What a chat token says about itself (`parseChatToken`).
#[napi(object)]
pub struct ChatTokenInfo {
    /// The app ID it was issued for.
    pub app_id: String,
    /// Issue time, seconds since the Unix epoch.
    pub issued_at: i64,
    /// Lifetime in seconds from `issuedAt`.
    pub expire_seconds: u32,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: i64,
    /// The salt.
    pub salt: u32,
    /// The chat user id of a user token.
    pub user_id: Option<String>,
    /// The chat privileges (`user`, `app`) with their expiry, seconds since the Unix epoch.
    pub privileges: HashMap<String, i64>,
}

impl From<core::chat_token::TokenInfo> for ChatTokenInfo {
    fn from(t: core::chat_token::TokenInfo) -> Self {
        ChatTokenInfo {
            user_id: t.chat_user_id().map(str::to_owned),
            privileges: t
                .chat_privileges()
                .into_iter()
                .map(|(k, v)| (k, v as i64))
                .collect(),
            app_id: t.app_id,
            issued_at: t.issued_at as i64,
            expire_seconds: t.expire_seconds,
            expires_at: t.expires_at as i64,
            salt: t.salt,
        }
    }
}

/// What `deleteUser`, `removeContact` and `unblockUser` did.
#[napi(object)]
pub struct Deletion {
    /// The username the call was about, as given.
    pub username: String,
    /// The user as the service described it; `null` when the answer was lost.
    pub user: Option<crate::types::User>,
    /// `'deleted'` (the service answered), or `'already_gone'` (an earlier
    /// attempt got no answer and the repeat found nothing: the lost attempt
    /// deleted it).
    #[napi(ts_type = "'deleted' | 'already_gone'")]
    pub outcome: String,
}

impl From<core::Deletion> for Deletion {
    fn from(d: core::Deletion) -> Self {
        Deletion {
            username: d.username,
            user: d.user.map(crate::types::User::from),
            outcome: d.outcome.name().to_owned(),
        }
    }
}
