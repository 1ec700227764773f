//! Users: a user, a page of them, a user to register, a registration's report, a deletion.

use std::collections::HashMap;

use chat_platform as core;

use crate::bulk::ItemFailure;
use crate::records::*;

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
    pub user: Option<crate::records::User>,
    /// How the delete ended.
    pub outcome: DeleteOutcome,
}

impl From<core::Deletion> for Deletion {
    fn from(d: core::Deletion) -> Self {
        Deletion {
            username: d.username,
            user: d.user.map(crate::records::User::from),
            outcome: match d.outcome {
                core::DeleteOutcome::Deleted => DeleteOutcome::Deleted,
                core::DeleteOutcome::AlreadyGone => DeleteOutcome::AlreadyGone,
            },
        }
    }
}

/// A chat user. Optional fields are null when the service did not return them.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct User {
    /// The service's UUID for the user.
    pub uuid: String,
    /// The username (chat user ID), as first registered.
    pub username: String,
    /// False while the account is deactivated (banned).
    pub activated: bool,
    /// The push nickname.
    pub nickname: Option<String>,
    /// Creation time, milliseconds since the Unix epoch.
    pub created: Option<i64>,
    /// Last modification time, milliseconds since the Unix epoch.
    pub modified: Option<i64>,
    /// How push notifications are displayed.
    pub notification_display_style: Option<DisplayStyle>,
    /// Whether do-not-disturb is on.
    pub notification_no_disturbing: Option<bool>,
    /// Do-not-disturb start hour (0-23).
    pub notification_no_disturbing_start: Option<i32>,
    /// Do-not-disturb end hour (0-23).
    pub notification_no_disturbing_end: Option<i32>,
    /// Push certificate name of the user's client.
    pub notifier_name: Option<String>,
    /// Push device token of the user's client.
    pub device_token: Option<String>,
    /// Group ids whose offline pushes the user blocked.
    pub notification_ignore: HashMap<String, bool>,
}

impl From<core::User> for User {
    fn from(u: core::User) -> Self {
        User {
            uuid: u.uuid,
            username: u.username,
            activated: u.activated,
            nickname: u.nickname,
            created: u.created,
            modified: u.modified,
            notification_display_style: u.notification_display_style.map(Into::into),
            notification_no_disturbing: u.notification_no_disturbing,
            notification_no_disturbing_start: u.notification_no_disturbing_start.map(i32::from),
            notification_no_disturbing_end: u.notification_no_disturbing_end.map(i32::from),
            notifier_name: u.notifier_name,
            device_token: u.device_token,
            notification_ignore: u.notification_ignore.into_iter().collect(),
        }
    }
}

/// One page of users and the cursor of the next page (null on the last page).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<User>,
    /// Pass it to `listUsers` for the next page; null on the last page.
    pub cursor: Option<String>,
}

impl From<core::UserPage> for UserPage {
    fn from(p: core::UserPage) -> Self {
        UserPage {
            users: p.users.into_iter().map(User::from).collect(),
            cursor: p.cursor,
        }
    }
}

/// The outcome of `registerUsers`: every input user once, created or failed, in input order.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RegisterReport {
    /// Users created.
    pub created: Vec<User>,
    /// Users not created, with reasons.
    pub failed: Vec<ItemFailure>,
}

impl From<core::RegisterReport> for RegisterReport {
    fn from(r: core::RegisterReport) -> Self {
        RegisterReport {
            created: r.created.into_iter().map(User::from).collect(),
            failed: r.failed.into_iter().map(ItemFailure::from).collect(),
        }
    }
}

/// A user to register with `registerUsers`. An object rather than a record so
/// that its `toString`/`description` can never show the password.
#[derive(uniffi::Object)]
pub struct NewUser {
    pub(crate) inner: core::NewUser,
}

#[uniffi::export]
impl NewUser {
    /// A new user; `nickname` is optional.
    #[uniffi::constructor(default(nickname = None))]
    pub fn new(username: String, password: String, nickname: Option<String>) -> Self {
        NewUser {
            inner: core::NewUser {
                username,
                password: password.into(),
                nickname,
            },
        }
    }

    /// The username.
    pub fn username(&self) -> String {
        self.inner.username.clone()
    }
}
