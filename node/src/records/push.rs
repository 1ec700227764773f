//! Push nicknames, push settings.

use chat_platform as core;
use napi_derive::napi;

/// The outcome of `setPushNicknames`: every input once, in input order.
#[napi(object)]
pub struct PushNicknameReport {
    /// Users whose push nickname the service confirmed.
    pub updated: Vec<String>,
    /// Users whose nickname was not set.
    pub failed: Vec<crate::records::ItemFailure>,
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
