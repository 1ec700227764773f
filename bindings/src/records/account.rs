//! How push notifications are displayed.

use chat_platform as core;

/// How push notifications are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DisplayStyle {
    /// 0: a notification only.
    NotificationOnly,
    /// 1: a notification with the message details.
    WithDetails,
}

impl From<core::DisplayStyle> for DisplayStyle {
    fn from(d: core::DisplayStyle) -> Self {
        match d {
            core::DisplayStyle::NotificationOnly => DisplayStyle::NotificationOnly,
            core::DisplayStyle::WithDetails => DisplayStyle::WithDetails,
        }
    }
}

impl From<DisplayStyle> for core::DisplayStyle {
    fn from(d: DisplayStyle) -> Self {
        match d {
            DisplayStyle::NotificationOnly => core::DisplayStyle::NotificationOnly,
            DisplayStyle::WithDetails => core::DisplayStyle::WithDetails,
        }
    }
}

/// The display style of a wire code (0 or 1); anything else is `InvalidInput` naming `style`.
#[uniffi::export]
pub fn display_style_from_code(code: i32) -> Result<DisplayStyle, crate::ChatPlatformError> {
    core::DisplayStyle::from_code(i64::from(code))
        .map(Into::into)
        .map_err(Into::into)
}
