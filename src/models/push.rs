//! Push nicknames in bulk, per-conversation push settings, push language.

use serde::Serialize;

use crate::error::{Error, Result};

/// A push nickname to set for a user ([`crate::Client::set_push_nicknames`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushNickname {
    /// The user (1-64 bytes of `[A-Za-z0-9_.-]`).
    pub username: String,
    /// The push nickname (at most 100 characters).
    pub nickname: String,
}

impl PushNickname {
    /// A username and its push nickname.
    pub fn new(username: impl Into<String>, nickname: impl Into<String>) -> Self {
        PushNickname {
            username: username.into(),
            nickname: nickname.into(),
        }
    }
}

/// The outcome of [`crate::Client::set_push_nicknames`]: every input in
/// `updated` or `failed`, each in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PushNicknameReport {
    /// Users whose push nickname the service confirmed.
    pub updated: Vec<String>,
    /// Users whose nickname was not set, with the reason.
    pub failed: Vec<crate::models::ItemFailure>,
}

/// Which push notifications a user gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PushMode {
    /// `DEFAULT`: the app-level setting applies (conversations only).
    Default,
    /// `ALL`: every message.
    All,
    /// `AT`: only messages that mention the user.
    At,
    /// `NONE`: none.
    None,
}

impl PushMode {
    /// The wire value: `DEFAULT`, `ALL`, `AT` or `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            PushMode::Default => "DEFAULT",
            PushMode::All => "ALL",
            PushMode::At => "AT",
            PushMode::None => "NONE",
        }
    }

    /// From the wire value (any case); anything else is invalid input naming `field`.
    pub fn parse(field: &str, v: &str) -> Result<Self> {
        match v.to_ascii_uppercase().as_str() {
            "DEFAULT" => Ok(PushMode::Default),
            "ALL" => Ok(PushMode::All),
            "AT" => Ok(PushMode::At),
            "NONE" => Ok(PushMode::None),
            _ => Err(Error::invalid(
                field,
                format!("must be \"DEFAULT\", \"ALL\", \"AT\" or \"NONE\" (got {v:?})"),
            )),
        }
    }
}

/// What a push setting applies to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PushScope {
    /// The user's app-level setting (every conversation without its own).
    App,
    /// The one-to-one conversation with this user.
    User(String),
    /// This group.
    Group(String),
}

impl PushScope {
    /// From a scope name (`app`, `user`, `group`) and the peer's or group's id.
    pub fn parse(scope: &str, target: Option<&str>) -> Result<Self> {
        match (scope.to_ascii_lowercase().as_str(), target) {
            ("app", None) => Ok(PushScope::App),
            ("app", Some(_)) => Err(Error::invalid(
                "target",
                "must not be given for the app scope (it is the user's own setting)",
            )),
            ("user", Some(t)) => Ok(PushScope::User(t.to_owned())),
            ("group", Some(t)) => Ok(PushScope::Group(t.to_owned())),
            ("user" | "group", None) => Err(Error::invalid(
                "target",
                "is needed for the user and group scopes: the peer's username or the group id",
            )),
            _ => Err(Error::invalid(
                "scope",
                format!("must be \"app\", \"user\" or \"group\" (got {scope:?})"),
            )),
        }
    }
}

/// A push setting as the service reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PushSetting {
    /// Which notifications are pushed, when set.
    pub mode: Option<PushMode>,
    /// The daily do-not-disturb interval, `HH:MM-HH:MM` (app level), when set.
    pub dnd_interval: Option<String>,
    /// The one-off do-not-disturb period's end, milliseconds since the Unix
    /// epoch, when one is running.
    pub dnd_until: Option<i64>,
}

/// Changes to a push setting ([`crate::Client::set_push_setting`]); fields
/// left `None` are not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushSettingUpdate {
    /// Which notifications to push.
    pub mode: Option<PushMode>,
    /// A daily do-not-disturb interval, `HH:MM-HH:MM` in 24 hours (app level
    /// only; start = end: all day; end before start: past midnight); `""` clears it.
    pub dnd_interval: Option<String>,
    /// A one-off do-not-disturb period from now, at most 7 days; zero clears it.
    pub dnd_duration: Option<std::time::Duration>,
}
