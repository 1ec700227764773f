//! Result classes of the operations beyond the reference (devices,
//! attributes, mutes, contacts, push, webhook checks, chat tokens), declared
//! once each by `record!`: a frozen class over the core's value with typed
//! getters, `to_dict()`, `==` and a `repr` built from the getters.

use std::collections::BTreeMap;

use chat_platform as core;
use pyo3::prelude::*;
use serde::Serialize;

use crate::json::to_py_value;
use crate::types::PyUser;

macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        $py:ident($core:ty) as $name:literal {
            $(
                $(#[doc = $fdoc:literal])*
                $field:ident: $ty:ty = |$v:ident| $get:expr
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[pyclass(name = $name, module = "chat_platform", frozen, eq)]
        #[derive(Clone, PartialEq)]
        pub struct $py(pub $core);

        #[pymethods]
        impl $py {
            $(
                $(#[doc = $fdoc])*
                #[getter]
                fn $field(&self) -> $ty {
                    let $v = &self.0;
                    $get
                }
            )*
            /// As a plain dict of JSON types.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
            }
            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                let mut parts: Vec<String> = Vec::new();
                $(parts.push(format!("{}={}", stringify!($field), slf.getattr(stringify!($field))?.repr()?));)*
                Ok(format!("{}({})", $name, parts.join(", ")))
            }
        }
    };
}

record! {
    /// One device a user is logged in on.
    PyDevice(core::Device) as "Device" {
        /// The resource as the service names it (`android_1a2b`): what `logout_device` takes.
        resource: String = |d| d.resource.clone(),
        /// `android`, `ios`, `web`, ...
        platform: String = |d| d.platform.clone(),
        /// The device's UUID, when reported.
        device_uuid: Option<String> = |d| d.device_uuid.clone(),
        /// The device's name, when reported.
        device_name: Option<String> = |d| d.device_name.clone(),
    }
}

record! {
    /// One user's attributes, as asked of `users_attributes`.
    PyUserAttributes(core::UserAttributes) as "UserAttributes" {
        /// The username as asked.
        username: String = |u| u.username.clone(),
        /// The attributes asked for that the user has (empty when none, or no such user).
        attributes: BTreeMap<String, String> = |u| u.attributes.clone(),
    }
}

record! {
    /// Seconds left of a user's mute per chat type: 0 not muted, -1 for good.
    PyMuteStatus(core::MuteStatus) as "MuteStatus" {
        /// The username.
        username: String = |m| m.username.clone(),
        /// One-to-one chats.
        chat: i64 = |m| m.chat,
        /// Groups.
        groupchat: i64 = |m| m.groupchat,
        /// Chat rooms.
        chatroom: i64 = |m| m.chatroom,
        /// The service's clock, seconds since the Unix epoch.
        server_time: Option<i64> = |m| m.server_time,
    }
}

record! {
    /// One muted user in one chat type.
    PyMuteEntry(core::MuteEntry) as "MuteEntry" {
        /// The username.
        username: String = |m| m.username.clone(),
        /// `"chat"`, `"groupchat"` or `"chatroom"`.
        chat_type: &'static str = |m| m.chat_type.as_str(),
        /// Seconds left (-1: for good).
        remaining: i64 = |m| m.remaining,
    }
}

record! {
    /// One page of muted users.
    PyMutePage(core::MutePage) as "MutePage" {
        /// One entry per user and chat type.
        entries: Vec<PyMuteEntry> = |p| p.entries.iter().cloned().map(PyMuteEntry).collect(),
        /// The next page's number; None on the last page.
        next_page: Option<u32> = |p| p.next_page,
        /// The service's clock, seconds since the Unix epoch.
        server_time: Option<i64> = |p| p.server_time,
    }
}

record! {
    /// A contact, with the remark its owner gave it.
    PyContact(core::Contact) as "Contact" {
        /// The contact's username.
        username: String = |c| c.username.clone(),
        /// The remark, when one was set and asked for.
        remark: Option<String> = |c| c.remark.clone(),
    }
}

record! {
    /// One page of contacts, newest first.
    PyContactPage(core::ContactPage) as "ContactPage" {
        /// The contacts of this page.
        contacts: Vec<PyContact> = |p| p.contacts.iter().cloned().map(PyContact).collect(),
        /// Pass it to `list_contacts_page` for the next page; None on the last page.
        cursor: Option<String> = |p| p.cursor.clone(),
    }
}

record! {
    /// An input item a bulk operation did not do (a user not registered, a
    /// push nickname not set, a name whose request failed), and why.
    /// `RegisterFailure` and `PushNicknameFailure` name this class too.
    PyItemFailure(core::ItemFailure) as "ItemFailure" {
        /// The username as given.
        username: String = |f| f.username.clone(),
        /// Its position in the input.
        index: usize = |f| f.index,
        /// The error kind code (`"CONFLICT"` for an existing user, `"NOT_FOUND"`, ...).
        kind: &'static str = |f| f.kind.code(),
        /// The service's reason, or the error that stopped the request.
        reason: String = |f| f.reason.clone(),
        /// True when the outcome is unknown: the item's request got no answer
        /// at least once, so it may have taken effect (a user found existing
        /// that this import may have created).
        uncertain: bool = |f| f.uncertain,
    }
}

record! {
    /// The outcome of `set_push_nicknames`: every input once, in input order.
    PyPushNicknameReport(core::PushNicknameReport) as "PushNicknameReport" {
        /// Users whose push nickname the service confirmed.
        updated: Vec<String> = |r| r.updated.clone(),
        /// Users whose nickname was not set.
        failed: Vec<PyItemFailure> = |r| r.failed.iter().cloned().map(PyItemFailure).collect(),
        /// True when every nickname was set.
        ok: bool = |r| r.failed.is_empty(),
    }
}

record! {
    /// A push setting (app level, or one conversation).
    PyPushSetting(core::PushSetting) as "PushSetting" {
        /// `"DEFAULT"`, `"ALL"`, `"AT"` or `"NONE"`, when set.
        mode: Option<&'static str> = |s| s.mode.map(core::PushMode::as_str),
        /// The daily do-not-disturb interval, `HH:MM-HH:MM`.
        dnd_interval: Option<String> = |s| s.dnd_interval.clone(),
        /// The end of a running one-off do-not-disturb period, ms since the Unix epoch.
        dnd_until: Option<i64> = |s| s.dnd_until,
    }
}

record! {
    /// What `verify_webhook` found.
    PyWebhookVerification(core::webhook::WebhookVerification) as "WebhookVerification" {
        /// `"valid"`, `"invalid"`, `"missing_fields"` or `"malformed"`.
        status: &'static str = |v| v.status.as_str(),
        /// True only when `status` is `"valid"`.
        valid: bool = |v| v.is_valid(),
        /// The signed fields the body lacks.
        missing_fields: Vec<String> = |v| v.missing_fields.clone(),
        /// Why, in a sentence (never the secret).
        detail: String = |v| v.detail.clone(),
    }
}

/// What a chat token says about itself, as `parse_chat_token` reads it.
#[derive(Clone, PartialEq, Serialize)]
pub struct ChatTokenFacts {
    app_id: String,
    issued_at: u64,
    expire_seconds: u32,
    expires_at: u64,
    salt: u32,
    user_id: Option<String>,
    privileges: BTreeMap<String, u64>,
}

impl From<core::chat_token::TokenInfo> for ChatTokenFacts {
    fn from(t: core::chat_token::TokenInfo) -> Self {
        ChatTokenFacts {
            user_id: t.chat_user_id().map(str::to_owned),
            privileges: t.chat_privileges(),
            app_id: t.app_id,
            issued_at: t.issued_at,
            expire_seconds: t.expire_seconds,
            expires_at: t.expires_at,
            salt: t.salt,
        }
    }
}

record! {
    /// What a chat token says about itself (`parse_chat_token`).
    PyChatTokenInfo(ChatTokenFacts) as "ChatTokenInfo" {
        /// The app ID it was issued for.
        app_id: String = |t| t.app_id.clone(),
        /// Issue time, seconds since the Unix epoch.
        issued_at: u64 = |t| t.issued_at,
        /// Lifetime in seconds from `issued_at`.
        expire_seconds: u32 = |t| t.expire_seconds,
        /// Expiry, seconds since the Unix epoch.
        expires_at: u64 = |t| t.expires_at,
        /// The salt.
        salt: u32 = |t| t.salt,
        /// The chat user id of a user token.
        user_id: Option<String> = |t| t.user_id.clone(),
        /// The chat privileges (`user`, `app`) with their expiry, seconds since the Unix epoch.
        privileges: BTreeMap<String, u64> = |t| t.privileges.clone(),
    }
}

/// A user's login token. `repr` and `to_dict` never show the token.
#[pyclass(name = "UserToken", module = "chat_platform", frozen)]
pub struct PyUserToken(pub core::UserToken);

#[pymethods]
impl PyUserToken {
    /// The token to hand to the user's app (keep it secret).
    #[getter]
    fn access_token(&self) -> &str {
        self.0.access_token.expose()
    }
    /// Seconds until expiry as the service said; None when it does not expire.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.0.expires_in
    }
    /// The user the token is for.
    #[getter]
    fn user(&self) -> PyUser {
        PyUser(self.0.user.clone())
    }
    /// `{"expires_in", "user"}` (never the token).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "UserToken(access_token='***', expires_in={}, user='{}')",
            self.0.expires_in.map_or("None".into(), |v| v.to_string()),
            self.0.user.username
        )
    }
}

/// A chat token minted locally. `repr` and `to_dict` never show the token.
#[pyclass(name = "MintedToken", module = "chat_platform", frozen)]
pub struct PyMintedToken(pub core::chat_token::MintedToken);

#[pymethods]
impl PyMintedToken {
    /// The token (`007...`; keep it secret).
    #[getter]
    fn token(&self) -> &str {
        self.0.token.expose()
    }
    /// Issue time, seconds since the Unix epoch.
    #[getter]
    fn issued_at(&self) -> u64 {
        self.0.issued_at
    }
    /// Lifetime in seconds from `issued_at`.
    #[getter]
    fn expire_seconds(&self) -> u32 {
        self.0.expire_seconds
    }
    /// Expiry, seconds since the Unix epoch.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.0.expires_at
    }
    /// `{"issued_at", "expire_seconds", "expires_at"}` (never the token).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_value(py, &serde_json::to_value(&self.0).unwrap_or_default())
    }
    fn __repr__(&self) -> String {
        format!(
            "MintedToken(token='***', issued_at={}, expire_seconds={}, expires_at={})",
            self.0.issued_at, self.0.expire_seconds, self.0.expires_at
        )
    }
}

record! {
    /// What `delete_user`, `remove_contact` and `unblock_user` did.
    PyDeletion(core::Deletion) as "Deletion" {
        /// The username the call was about, as given.
        username: String = |d| d.username.clone(),
        /// The user as the service described it; None when the answer was lost.
        user: Option<PyUser> = |d| d.user.clone().map(PyUser),
        /// `"deleted"` (the service answered), or `"already_gone"` (an earlier
        /// attempt got no answer and the repeat found nothing: the lost
        /// attempt deleted it).
        outcome: &'static str = |d| d.outcome.name(),
        /// True when `outcome` is `"already_gone"`.
        already_gone: bool = |d| d.already_gone(),
    }
}
