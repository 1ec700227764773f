//! Users: a user, a page of them, a user to register, a registration's report, a deletion.

use chat_platform as core;
use napi_derive::napi;

use crate::records::*;

/// A chat user. Optional fields are absent when the service did not return them.
#[napi(object)]
#[derive(Clone)]
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
    /// How push notifications are displayed: 0 notification only, 1 with details.
    #[napi(ts_type = "0 | 1")]
    pub notification_display_style: Option<u32>,
    /// Whether do-not-disturb is on.
    pub notification_no_disturbing: Option<bool>,
    /// Do-not-disturb start hour (0-23).
    pub notification_no_disturbing_start: Option<u32>,
    /// Do-not-disturb end hour (0-23).
    pub notification_no_disturbing_end: Option<u32>,
    /// Push certificate name of the user's client.
    pub notifier_name: Option<String>,
    /// Push device token of the user's client.
    pub device_token: Option<String>,
    /// Group ids whose offline pushes the user blocked.
    pub notification_ignore: std::collections::HashMap<String, bool>,
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
            notification_display_style: u.notification_display_style.map(|s| u32::from(s.code())),
            notification_no_disturbing: u.notification_no_disturbing,
            notification_no_disturbing_start: u.notification_no_disturbing_start.map(u32::from),
            notification_no_disturbing_end: u.notification_no_disturbing_end.map(u32::from),
            notifier_name: u.notifier_name,
            device_token: u.device_token,
            notification_ignore: u.notification_ignore.into_iter().collect(),
        }
    }
}

/// One page of users and the cursor of the next page (absent on the last page).
#[napi(object)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<User>,
    /// Pass it to `listUsers` for the next page; absent on the last page.
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
#[napi(object)]
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

/// A user to register with `registerUsers`.
#[napi(object)]
pub struct NewUser {
    /// 1-64 bytes of letters, digits, `_`, `.`, `-`.
    pub username: String,
    /// 1-64 characters.
    pub password: String,
    /// Optional push nickname (at most 100 characters).
    pub nickname: Option<String>,
}

impl From<NewUser> for core::NewUser {
    fn from(u: NewUser) -> Self {
        core::NewUser {
            username: u.username,
            password: u.password.into(),
            nickname: u.nickname,
        }
    }
}

/// What `deleteUser`, `removeContact` and `unblockUser` did.
#[napi(object)]
pub struct Deletion {
    /// The username the call was about, as given.
    pub username: String,
    /// The user as the service described it; `null` when the answer was lost.
    pub user: Option<crate::records::User>,
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
            user: d.user.map(crate::records::User::from),
            outcome: d.outcome.name().to_owned(),
        }
    }
}
