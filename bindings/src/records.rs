//! Records, enums and objects of the operations beyond the reference:
//! user and chat tokens, devices, attributes, mutes, contacts, push, webhook
//! checks; and the functions that need no request.

use std::collections::HashMap;
use std::sync::Arc;

use chat_platform as core;

use crate::error::ChatPlatformError;

/// A user's login token. An object so that printing it never shows the token.
#[derive(uniffi::Object)]
pub struct UserToken {
    pub(crate) inner: core::UserToken,
}

#[uniffi::export]
impl UserToken {
    /// The token to hand to the user's app (keep it secret).
    pub fn access_token(&self) -> String {
        self.inner.access_token.expose().to_owned()
    }
    /// Seconds until expiry as the service said; null when it does not expire.
    pub fn expires_in(&self) -> Option<i64> {
        self.inner.expires_in.map(|v| v as i64)
    }
    /// The user the token is for.
    pub fn user(&self) -> crate::types::User {
        self.inner.user.clone().into()
    }
}

/// A chat token minted locally. An object so that printing it never shows the token.
#[derive(uniffi::Object)]
pub struct MintedToken {
    pub(crate) inner: core::chat_token::MintedToken,
}

#[uniffi::export]
impl MintedToken {
    /// The token (`007...`; keep it secret).
    pub fn token(&self) -> String {
        self.inner.token.expose().to_owned()
    }
    /// Issue time, seconds since the Unix epoch.
    pub fn issued_at(&self) -> i64 {
        self.inner.issued_at as i64
    }
    /// Lifetime in seconds from `issuedAt`.
    pub fn expire_seconds(&self) -> u32 {
        self.inner.expire_seconds
    }
    /// Expiry, seconds since the Unix epoch.
    pub fn expires_at(&self) -> i64 {
        self.inner.expires_at as i64
    }
}

/// What a chat token says about itself (`parseChatToken`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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

fn mint_options(issued_at: Option<u32>, salt: Option<u32>) -> core::chat_token::MintOptions {
    core::chat_token::MintOptions { issued_at, salt }
}

/// Mints an Agora AccessToken2 chat **user** token locally, valid for
/// `expireSeconds` (1-86,400); byte-for-byte what Agora's reference builders
/// produce. `userId`: the user's UUID or username, as your console's chat
/// service expects. `issuedAt` and `salt` fix the token (tests only).
#[uniffi::export(default(issued_at = None, salt = None))]
pub fn chat_user_token(
    app_id: String,
    app_certificate: String,
    user_id: String,
    expire_seconds: u32,
    issued_at: Option<u32>,
    salt: Option<u32>,
) -> Result<Arc<MintedToken>, ChatPlatformError> {
    let inner = core::chat_token::user_token(
        &app_id,
        &app_certificate,
        &user_id,
        expire_seconds,
        mint_options(issued_at, salt),
    )?;
    Ok(Arc::new(MintedToken { inner }))
}

/// Mints an Agora AccessToken2 chat **app** token locally, valid for
/// `expireSeconds` (1-86,400). A client given `Credentials.appCertificate`
/// mints and exchanges these itself.
#[uniffi::export(default(issued_at = None, salt = None))]
pub fn chat_app_token(
    app_id: String,
    app_certificate: String,
    expire_seconds: u32,
    issued_at: Option<u32>,
    salt: Option<u32>,
) -> Result<Arc<MintedToken>, ChatPlatformError> {
    let inner = core::chat_token::app_token(
        &app_id,
        &app_certificate,
        expire_seconds,
        mint_options(issued_at, salt),
    )?;
    Ok(Arc::new(MintedToken { inner }))
}

/// Reads an AccessToken2 (`007...`) token: app ID, issue time, expiry and
/// chat privileges. Needs no secret and proves nothing: see `verifyChatToken`.
#[uniffi::export]
pub fn parse_chat_token(token: String) -> Result<ChatTokenInfo, ChatPlatformError> {
    Ok(core::chat_token::parse(&token)?.into())
}

/// Whether an AccessToken2 token was signed with this app certificate.
#[uniffi::export]
pub fn verify_chat_token(
    token: String,
    app_certificate: String,
) -> Result<bool, ChatPlatformError> {
    core::chat_token::parse(&token)
        .and_then(|t| t.verify(&app_certificate))
        .map_err(|e| e.with_operation("verify_chat_token").into())
}

/// The verdict on a webhook request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WebhookStatus {
    /// Signed with this secret.
    Valid,
    /// The signature does not match.
    Invalid,
    /// A signed field is missing.
    MissingFields,
    /// The body is not a JSON object, or a signed field has the wrong type.
    Malformed,
}

/// What `verifyWebhook` found.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WebhookVerification {
    /// The verdict.
    pub status: WebhookStatus,
    /// True only for `Valid`.
    pub valid: bool,
    /// The signed fields the body lacks (`callId`, `timestamp`, `security`).
    pub missing_fields: Vec<String>,
    /// Why, in a sentence (never the secret).
    pub detail: String,
}

/// Checks a webhook (callback) request's signature against the rule's
/// secret, from the **raw** body bytes (before any JSON parsing:
/// re-encoding can change the signed timestamp), in constant time.
#[uniffi::export]
pub fn verify_webhook(
    body: Vec<u8>,
    secret: String,
) -> Result<WebhookVerification, ChatPlatformError> {
    let v = core::webhook::verify(&body, &secret)?;
    Ok(WebhookVerification {
        status: match v.status {
            core::webhook::WebhookStatus::Valid => WebhookStatus::Valid,
            core::webhook::WebhookStatus::Invalid => WebhookStatus::Invalid,
            core::webhook::WebhookStatus::MissingFields => WebhookStatus::MissingFields,
            core::webhook::WebhookStatus::Malformed => WebhookStatus::Malformed,
        },
        valid: v.is_valid(),
        missing_fields: v.missing_fields,
        detail: v.detail,
    })
}

/// One device a user is logged in on.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserAttributes {
    /// The username as asked.
    pub username: String,
    /// The attributes asked for that the user has.
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ContactPage {
    /// The contacts of this page.
    pub contacts: Vec<Contact>,
    /// Pass it to `listContactsPage` for the next page; null on the last page.
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

/// A push nickname to set for a user (`setPushNicknames`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PushNickname {
    /// The user.
    pub username: String,
    /// The push nickname (at most 100 characters).
    pub nickname: String,
}

impl From<PushNickname> for core::PushNickname {
    fn from(n: PushNickname) -> Self {
        core::PushNickname {
            username: n.username,
            nickname: n.nickname,
        }
    }
}

/// The outcome of `setPushNicknames`: every input once, in input order.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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

/// Which push notifications a user gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PushMode {
    /// The app-level setting applies (conversations only).
    Default,
    /// Every message.
    All,
    /// Only messages that mention the user.
    At,
    /// None.
    None,
}

impl From<PushMode> for core::PushMode {
    fn from(m: PushMode) -> Self {
        match m {
            PushMode::Default => core::PushMode::Default,
            PushMode::All => core::PushMode::All,
            PushMode::At => core::PushMode::At,
            PushMode::None => core::PushMode::None,
        }
    }
}

impl From<core::PushMode> for PushMode {
    fn from(m: core::PushMode) -> Self {
        match m {
            core::PushMode::Default => PushMode::Default,
            core::PushMode::All => PushMode::All,
            core::PushMode::At => PushMode::At,
            core::PushMode::None => PushMode::None,
        }
    }
}

/// What a push setting applies to.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PushScope {
    /// The user's app-level setting.
    App,
    /// The one-to-one conversation with `peer`.
    User {
        /// The peer's username.
        peer: String,
    },
    /// The group `id`.
    Group {
        /// The group id.
        id: String,
    },
}

impl From<PushScope> for core::PushScope {
    fn from(s: PushScope) -> Self {
        match s {
            PushScope::App => core::PushScope::App,
            PushScope::User { peer } => core::PushScope::User(peer),
            PushScope::Group { id } => core::PushScope::Group(id),
        }
    }
}

/// A push setting (app level, or one conversation).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PushSetting {
    /// Which notifications are pushed.
    pub mode: Option<PushMode>,
    /// The daily do-not-disturb interval, `HH:MM-HH:MM`.
    pub dnd_interval: Option<String>,
    /// The end of a running one-off do-not-disturb period, ms since the Unix epoch.
    pub dnd_until: Option<i64>,
}

impl From<core::PushSetting> for PushSetting {
    fn from(s: core::PushSetting) -> Self {
        PushSetting {
            mode: s.mode.map(Into::into),
            dnd_interval: s.dnd_interval,
            dnd_until: s.dnd_until,
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

/// A push mode from its wire name (`DEFAULT`, `ALL`, `AT`, `NONE`, any
/// case); anything else is `InvalidInput` naming `mode`.
#[uniffi::export]
pub fn push_mode_from_name(name: String) -> Result<PushMode, ChatPlatformError> {
    Ok(core::PushMode::parse("mode", &name)?.into())
}

/// A push scope from its name (`app`, `user`, `group`) and the peer's or
/// group's id (none for `app`); anything else is `InvalidInput` naming
/// `scope` or `target`.
#[uniffi::export(default(target = None))]
pub fn push_scope_from_name(
    scope: String,
    target: Option<String>,
) -> Result<PushScope, ChatPlatformError> {
    Ok(match core::PushScope::parse(&scope, target.as_deref())? {
        core::PushScope::App => PushScope::App,
        core::PushScope::User(peer) => PushScope::User { peer },
        core::PushScope::Group(id) => PushScope::Group { id },
    })
}

/// How a delete ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DeleteOutcome {
    /// The service answered: this call deleted it.
    Deleted,
    /// An earlier attempt of this call got no answer and the repeat found
    /// nothing: the lost attempt deleted it.
    AlreadyGone,
}

/// What `deleteUser`, `removeContact` and `unblockUser` did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Deletion {
    /// The username the call was about, as given.
    pub username: String,
    /// The user as the service described it; null when the answer was lost.
    pub user: Option<crate::types::User>,
    /// How the delete ended.
    pub outcome: DeleteOutcome,
}

impl From<core::Deletion> for Deletion {
    fn from(d: core::Deletion) -> Self {
        Deletion {
            username: d.username,
            user: d.user.map(crate::types::User::from),
            outcome: match d.outcome {
                core::DeleteOutcome::Deleted => DeleteOutcome::Deleted,
                core::DeleteOutcome::AlreadyGone => DeleteOutcome::AlreadyGone,
            },
        }
    }
}
