//! Push nicknames, push settings.

use chat_platform as core;

use crate::error::ChatPlatformError;

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
    pub failed: Vec<crate::bulk::ItemFailure>,
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
