//! `Client`: every operation as a camelCase method returning a Promise.

use chat_platform as core;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args;
use crate::errors::to_js;
use crate::iter::{ContactIterator, MuteIterator, UserIterator};
use crate::options::{build, client_options};
use crate::records::{
    ContactPage, Deletion, Device, MutePage, MuteStatus, PushNicknameReport, PushSetting,
};
use crate::runtime;
use crate::types::{TokenInfo, User, UserPage, UserToken};

/// A Chat Platform API client. Every operation returns a Promise; errors are
/// `Error`s with a stable `code` (`NOT_FOUND`, `RATE_LIMITED`, ...) and the
/// properties `status`, `serverCode`, `description`, `retryAfter` (ms),
/// `retryable`, `field`, `operation`.
#[napi]
pub struct Client {
    pub(crate) core: core::Client,
}

impl Client {
    pub(crate) fn from_core(core: core::Client) -> Self {
        Client { core }
    }
}

#[napi]
impl Client {
    /// Creates a client. Throws an `Error` with code `CONFIGURATION` naming
    /// the option for a missing or misspelled option, a wrong type, a bad
    /// base URL or app key.
    #[napi(constructor, ts_args_type = "options: ClientOptions")]
    pub fn new(env: Env, options: Unknown<'_>) -> Result<Self> {
        match client_options(&env, "new Client", options).and_then(build) {
            Ok(core) => Ok(Client { core }),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// The base URL in use.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.core.config().base_url.clone()
    }

    /// The app key, `org#app`.
    #[napi(getter)]
    pub fn app_key(&self) -> String {
        format!("{}#{}", self.core.config().org, self.core.config().app)
    }

    /// A description without secrets.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        format!(
            "Client(baseUrl={}, appKey={})",
            self.base_url(),
            self.app_key()
        )
    }

    /// `{ baseUrl, appKey }`, never credentials.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "baseUrl": self.base_url(), "appKey": self.app_key() })
    }

    /// Every user, fetched `pageSize` (1-100, default 100) at a time: `for await (const u of client.iterUsers())`.
    #[napi]
    pub fn iter_users(
        &self,
        env: Env,
        #[napi(ts_arg_type = "number | undefined | null")] page_size: Option<Unknown<'_>>,
    ) -> Result<UserIterator> {
        let page_size = args::opt_integer(&env, "iter_users", "page_size", page_size)?;
        let page_size =
            core::validate::limit_arg("iter_users", "page_size", page_size.unwrap_or(100))
                .map_err(|e| to_js(&env, &e))?;
        match self.core.iter_users(page_size) {
            Ok(stream) => Ok(UserIterator::new(stream)),
            Err(e) => Err(to_js(&env, &e)),
        }
    }

    /// @deprecated Renamed `deleteOldestUsers`: it deletes the oldest users,
    /// not the ones you name. Warns once (a `DeprecationWarning`).
    #[napi(ts_args_type = "limit: number, options?: CallOptions | null")]
    pub fn delete_users<'env>(
        &self,
        env: &'env Env,
        limit: Unknown<'env>,
        options: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, UserPage>> {
        static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            let process: Object = env.get_global()?.get_named_property("process")?;
            let warn: Function<FnArgs<(String, String)>, Unknown> =
                process.get_named_property("emitWarning")?;
            warn.apply(
                process,
                FnArgs::from((
                    "deleteUsers is renamed deleteOldestUsers: it deletes the oldest users, not the ones you name".into(),
                    "DeprecationWarning".into(),
                )),
            )?;
        }
        self.delete_oldest_users(env, limit, options)
    }

    /// Every muted user, `pageSize` (1-50, default 50) entries per request:
    /// `for await (const m of client.iterMutes())`.
    #[napi(ts_args_type = "pageSize?: number | null")]
    pub fn iter_mutes(&self, env: Env, page_size: Unknown<'_>) -> Result<MuteIterator> {
        let size: Option<i64> =
            args::FromArg::from_arg(&env, "iter_mutes", "page_size", Some(page_size))?;
        let stream = core::validate::mute_page_arg("iter_mutes", "page_size", size)
            .and_then(|s| self.core.iter_mutes(s))
            .map_err(|e| to_js(&env, &e))?;
        Ok(MuteIterator::new(stream))
    }

    /// Every contact of `owner` with its remark, `pageSize` (1-50, default
    /// 50) per request: `for await (const c of client.iterContacts('alice'))`.
    #[napi(ts_args_type = "owner: string, pageSize?: number | null")]
    pub fn iter_contacts(
        &self,
        env: Env,
        owner: Unknown<'_>,
        page_size: Unknown<'_>,
    ) -> Result<ContactIterator> {
        const OP: &str = "iter_contacts";
        let owner: String = args::FromArg::from_arg(&env, OP, "owner", Some(owner))?;
        let size: Option<i64> = args::FromArg::from_arg(&env, OP, "page_size", Some(page_size))?;
        let stream = core::validate::contact_page_arg(OP, "page_size", size)
            .and_then(|s| self.core.iter_contacts(&owner, s))
            .map_err(|e| to_js(&env, &e))?;
        Ok(ContactIterator::new(stream))
    }
}

/// Declares each operation once: its TypeScript arguments, its Rust
/// arguments (converted with errors naming the operation and the argument,
/// see `args::FromArg`) and the core call; every one becomes a camelCase
/// method returning a Promise. (Docs are `#[doc = "..."]`: `///` comments
/// passed through a macro reach napi as raw strings, which it would print
/// with their `r"` prefix.)
macro_rules! operations {
    ($(
        $(#[doc = $doc:tt])*
        fn $name:ident($ts:tt $(, $ts_ret:tt)?) ($($arg:ident: $ty:ty),*) -> $ret:ty {
            $c:ident => $body:expr
        }
    )*) => {
        #[napi]
        impl Client {
            $(
                $(#[doc = $doc])*
                #[napi(ts_args_type = $ts $(, ts_return_type = $ts_ret)?)]
                #[allow(clippy::too_many_arguments)]
                pub fn $name<'env>(
                    &self,
                    env: &'env Env,
                    $($arg: Unknown<'env>,)*
                    options: Unknown<'env>,
                ) -> Result<PromiseRaw<'env, $ret>> {
                    // A left-out argument arrives as `undefined` (napi would
                    // turn `null` into `None` for an `Option`, hiding it).
                    $(let $arg: $ty = args::FromArg::from_arg(env, stringify!($name), stringify!($arg), Some($arg))?;)*
                    let watch = crate::abort::watch(env, stringify!($name), options)?;
                    let $c = self.core.clone();
                    runtime::promise_watched(env, stringify!($name), watch, async move { $body })
                }
            )*
        }
    };
}

/// Chat types by name (`'chat'`, `'groupchat'`, `'chatroom'`); none: all three.
fn parse_chat_types(op: &'static str, v: Option<Vec<String>>) -> core::Result<Vec<core::ChatType>> {
    v.unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, t)| core::ChatType::parse(&format!("chat_types[{i}]"), t))
        .collect::<core::Result<_>>()
        .map_err(|e| e.with_operation(op))
}

fn push_scope(
    op: &'static str,
    scope: &str,
    target: Option<&str>,
) -> core::Result<core::PushScope> {
    core::PushScope::parse(scope, target).map_err(|e| e.with_operation(op))
}

operations! {
    #[doc = " Fetches a new app token now and caches it (normally automatic)."]
    fn fetch_token("options?: CallOptions | null") () -> TokenInfo { c => c.fetch_token().await.map(TokenInfo::new) }

    #[doc = " Registers one user without a token (open registration)."]
    fn register_user_open("username: string, password: string, nickname?: string | null, options?: CallOptions | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user_open(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Registers one user with the app token (authorized registration)."]
    fn register_user("username: string, password: string, nickname?: string | null, options?: CallOptions | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Gets one user (matched ignoring case)."]
    fn get_user("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.get_user(&username).await.map(User::from)
    }

    #[doc = " One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page."]
    fn list_users("limit?: number | null, cursor?: string | null, options?: CallOptions | null") (limit: Option<i64>, cursor: Option<String>) -> UserPage {
        c => {
            let limit = limit.map(|l| core::validate::limit_arg("list_users", "limit", l)).transpose()?;
            c.list_users(limit, cursor.as_deref()).await.map(UserPage::from)
        }
    }

    #[doc = " Deletes one user: a `Deletion` with the user as the service described it, or `outcome`"]
    #[doc = " `'already_gone'` when an earlier attempt got no answer and the repeat found nothing"]
    #[doc = " (the lost attempt deleted it). A user missing at the first attempt rejects with `NOT_FOUND`."]
    fn delete_user("username: string, options?: CallOptions | null") (username: String) -> Deletion {
        c => c.delete_user(&username).await.map(Deletion::from)
    }

    #[doc = " Deletes the `limit` (1-500) oldest users and returns them."]
    fn delete_oldest_users("limit: number, options?: CallOptions | null") (limit: i64) -> UserPage {
        c => {
            let limit = core::validate::delete_limit_arg("delete_oldest_users", "limit", limit)?;
            c.delete_oldest_users(limit).await.map(UserPage::from)
        }
    }

    #[doc = " Sets a user's password."]
    fn set_password("username: string, newPassword: string, options?: CallOptions | null", "Promise<void>") (username: String, new_password: String) -> () {
        c => c.set_password(&username, &new_password).await
    }

    #[doc = " Sets the nickname shown in push notifications (at most 100 characters)."]
    fn set_push_nickname("username: string, nickname: string, options?: CallOptions | null") (username: String, nickname: String) -> User {
        c => c.set_push_nickname(&username, &nickname).await.map(User::from)
    }

    #[doc = " Sets how push notifications are displayed: 0 notification only, 1 with details."]
    fn set_notification_display_style("username: string, style: 0 | 1, options?: CallOptions | null") (username: String, style: i64) -> User {
        c => {
            let style = core::DisplayStyle::from_code(style).map_err(|e| e.with_operation("set_notification_display_style"))?;
            c.set_notification_display_style(&username, style).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb on from `startHour` to `endHour` (0-23)."]
    fn set_no_disturb("username: string, startHour: number, endHour: number, options?: CallOptions | null") (username: String, start_hour: i64, end_hour: i64) -> User {
        c => {
            let start_hour = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour)?;
            let end_hour = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour)?;
            c.set_no_disturb(&username, start_hour, end_hour).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb off."]
    fn clear_no_disturb("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.clear_no_disturb(&username).await.map(User::from)
    }

    #[doc = " Adds `contact` to `owner`'s contacts; resolves to the contact."]
    fn add_contact("owner: string, contact: string, options?: CallOptions | null") (owner: String, contact: String) -> User {
        c => c.add_contact(&owner, &contact).await.map(User::from)
    }

    #[doc = " Removes `contact` from `owner`'s contacts: a `Deletion` holding the contact (see `deleteUser`)."]
    fn remove_contact("owner: string, contact: string, options?: CallOptions | null") (owner: String, contact: String) -> Deletion {
        c => c.remove_contact(&owner, &contact).await.map(Deletion::from)
    }

    #[doc = " The usernames of `owner`'s contacts."]
    fn list_contacts("owner: string, options?: CallOptions | null") (owner: String) -> Vec<String> {
        c => c.list_contacts(&owner).await
    }

    #[doc = " The usernames `owner` has blocked."]
    fn list_blocked("owner: string, options?: CallOptions | null") (owner: String) -> Vec<String> {
        c => c.list_blocked(&owner).await
    }

    #[doc = " Adds 1-500 users to `owner`'s blocklist; resolves to the usernames added."]
    fn block_users("owner: string, usernames: Array<string>, options?: CallOptions | null") (owner: String, usernames: Vec<String>) -> Vec<String> {
        c => c.block_users(&owner, &usernames).await
    }

    #[doc = " Removes `blocked` from `owner`'s blocklist: a `Deletion` holding that user (see `deleteUser`)."]
    fn unblock_user("owner: string, blocked: string, options?: CallOptions | null") (owner: String, blocked: String) -> Deletion {
        c => c.unblock_user(&owner, &blocked).await.map(Deletion::from)
    }

    #[doc = " Whether a user is online."]
    fn user_status("username: string, options?: CallOptions | null", "Promise<'online' | 'offline'>") (username: String) -> String {
        c => c.user_status(&username).await.map(|p| p.as_str().to_owned())
    }

    #[doc = " How many offline messages wait for a user."]
    fn offline_message_count("username: string, options?: CallOptions | null") (username: String) -> i64 {
        c => c.offline_message_count(&username).await.map(|n| n as i64)
    }

    #[doc = " Whether one offline message was delivered."]
    fn offline_message_status("username: string, msgId: string, options?: CallOptions | null", "Promise<'delivered' | 'undelivered'>") (username: String, msg_id: String) -> String {
        c => c.offline_message_status(&username, &msg_id).await.map(|d| d.as_str().to_owned())
    }

    #[doc = " Deactivates (bans) a user; resolves to it."]
    fn deactivate_user("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.deactivate_user(&username).await.map(User::from)
    }

    #[doc = " Activates (unbans) a user."]
    fn activate_user("username: string, options?: CallOptions | null", "Promise<void>") (username: String) -> () {
        c => c.activate_user(&username).await
    }

    #[doc = " Forces a user offline; resolves to true when the service confirmed it."]
    fn disconnect_user("username: string, options?: CallOptions | null") (username: String) -> bool {
        c => c.disconnect_user(&username).await
    }

    #[doc = " A login token for a user, by their password (no app token needed)."]
    #[doc = " `ttlSeconds`: its lifetime (default: the console's; 0: it never"]
    #[doc = " expires). A wrong password is `UNAUTHORIZED`, an unknown user `NOT_FOUND`."]
    fn user_token("username: string, password: string, ttlSeconds?: number | null, options?: CallOptions | null")
        (username: String, password: String, ttl_seconds: Option<i64>) -> UserToken {
        c => {
            let t = core::validate::ttl_arg("user_token", ttl_seconds)?;
            c.user_token(&username, &password, t).await.map(UserToken::from)
        }
    }

    #[doc = " A login token for a user without their password (the app token"]
    #[doc = " vouches for them); `createUser` registers the user if missing."]
    fn user_token_without_password("username: string, ttlSeconds?: number | null, createUser?: boolean | null, options?: CallOptions | null")
        (username: String, ttl_seconds: Option<i64>, create_user: Option<bool>) -> UserToken {
        c => {
            let t = core::validate::ttl_arg("user_token_without_password", ttl_seconds)?;
            c.user_token_without_password(&username, t, create_user.unwrap_or(false)).await.map(UserToken::from)
        }
    }

    #[doc = " The devices a user is logged in on (empty when offline)."]
    fn list_devices("username: string, options?: CallOptions | null") (username: String) -> Vec<Device> {
        c => c.list_devices(&username).await.map(|d| d.into_iter().map(Device::from).collect())
    }

    #[doc = " Logs a user out of one device (`resource` from `listDevices`);"]
    #[doc = " resolves to false when that device was not online."]
    fn logout_device("username: string, resource: string, options?: CallOptions | null") (username: String, resource: String) -> bool {
        c => c.logout_device(&username, &resource).await
    }

    #[doc = " Sets attributes of a user (others are kept); resolves to what was"]
    #[doc = " stored. Keys and values together are checked against the service's"]
    #[doc = " 2 KB per user before sending."]
    fn set_user_attributes("username: string, attributes: Record<string, string>, options?: CallOptions | null", "Promise<Record<string, string>>")
        (username: String, attributes: args::Attributes) -> std::collections::HashMap<String, String> {
        c => c.set_user_attributes(&username, &attributes.0).await.map(|m| m.into_iter().collect())
    }

    #[doc = " A user's attributes (`{}` when none, or no such user)."]
    fn get_user_attributes("username: string, options?: CallOptions | null", "Promise<Record<string, string>>") (username: String) -> std::collections::HashMap<String, String> {
        c => c.get_user_attributes(&username).await.map(|m| m.into_iter().collect())
    }

    #[doc = " Deletes all of a user's attributes."]
    fn delete_user_attributes("username: string, options?: CallOptions | null", "Promise<void>") (username: String) -> () {
        c => c.delete_user_attributes(&username).await
    }

    #[doc = " How many bytes of attributes the whole app stores."]
    fn user_attributes_usage("options?: CallOptions | null") () -> i64 {
        c => c.user_attributes_usage().await.map(|n| n as i64)
    }

    #[doc = " Mutes a user for `seconds` (1 to 2,147,483,647; absent: for good) in"]
    #[doc = " the given chat types (absent: all three)."]
    fn mute_user("username: string, seconds?: number | null, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null, options?: CallOptions | null", "Promise<void>")
        (username: String, seconds: Option<i64>, chat_types: Option<Vec<String>>) -> () {
        c => {
            const OP: &str = "mute_user";
            let types = parse_chat_types(OP, chat_types)?;
            let secs = seconds.map(|s| core::validate::range_arg(OP, "seconds", s, 0, u32::MAX)).transpose()?;
            c.mute_user(&username, secs, &types).await
        }
    }

    #[doc = " Lifts a user's mute in the given chat types (absent: all three)."]
    fn unmute_user("username: string, chatTypes?: Array<'chat' | 'groupchat' | 'chatroom'> | null, options?: CallOptions | null", "Promise<void>")
        (username: String, chat_types: Option<Vec<String>>) -> () {
        c => {
            let types = parse_chat_types("unmute_user", chat_types)?;
            c.unmute_user(&username, &types).await
        }
    }

    #[doc = " Seconds left of a user's mute per chat type."]
    fn get_mute("username: string, options?: CallOptions | null") (username: String) -> MuteStatus {
        c => c.get_mute(&username).await.map(MuteStatus::from)
    }

    #[doc = " One page of muted users: `page` from 1, `pageSize` 1-50."]
    fn list_mutes("page?: number | null, pageSize?: number | null, options?: CallOptions | null") (page: Option<i64>, page_size: Option<i64>) -> MutePage {
        c => {
            const OP: &str = "list_mutes";
            let page = page.map(|p| core::validate::range_arg(OP, "page", p, 1, u32::MAX)).transpose()?;
            let size = page_size.map(|p| core::validate::mute_page_arg(OP, "page_size", Some(p))).transpose()?;
            c.list_mutes(page, size).await.map(MutePage::from)
        }
    }

    #[doc = " One page of `owner`'s contacts, newest first: `limit` 1-50 (service"]
    #[doc = " default 10), `cursor` from the previous page, remarks when `withRemarks`."]
    fn list_contacts_page("owner: string, limit?: number | null, cursor?: string | null, withRemarks?: boolean | null, options?: CallOptions | null")
        (owner: String, limit: Option<i64>, cursor: Option<String>, with_remarks: Option<bool>) -> ContactPage {
        c => {
            let limit = limit.map(|l| core::validate::contact_page_arg("list_contacts_page", "limit", Some(l))).transpose()?;
            c.list_contacts_page(&owner, limit, cursor.as_deref(), with_remarks.unwrap_or(false)).await.map(ContactPage::from)
        }
    }

    #[doc = " Sets the remark `owner` gives `contact` (at most 100 characters; `''` clears it)."]
    fn set_contact_remark("owner: string, contact: string, remark: string, options?: CallOptions | null", "Promise<void>")
        (owner: String, contact: String, remark: String) -> () {
        c => c.set_contact_remark(&owner, &contact, &remark).await
    }

    #[doc = " Sets many users' push nicknames, 50 per request; every input is"]
    #[doc = " reported once, updated or failed with a reason. The array is checked"]
    #[doc = " whole first."]
    fn set_push_nicknames("nicknames: Array<{ username: string, nickname: string }>, options?: CallOptions | null")
        (nicknames: args::Nicknames) -> PushNicknameReport {
        c => c.set_push_nicknames(&nicknames.0).await.map(PushNicknameReport::from)
    }

    #[doc = " A user's push setting: `scope` `'app'` (their own), `'user'` (the"]
    #[doc = " conversation with `target`) or `'group'` (the group `target`)."]
    fn get_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null, options?: CallOptions | null")
        (username: String, scope: String, target: Option<String>) -> PushSetting {
        c => {
            let sc = push_scope("get_push_setting", &scope, target.as_deref())?;
            c.get_push_setting(&username, &sc).await.map(PushSetting::from)
        }
    }

    #[doc = " Changes a user's push setting for a scope (as `getPushSetting`):"]
    #[doc = " `mode`, the daily `dndInterval` (`'HH:MM-HH:MM'`, app scope only, `''`"]
    #[doc = " clears) and a one-off `dndDurationSeconds` (at most 7 days; 0 clears)."]
    fn set_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null, mode?: 'DEFAULT' | 'ALL' | 'AT' | 'NONE' | null, dndInterval?: string | null, dndDurationSeconds?: number | null, options?: CallOptions | null")
        (username: String, scope: String, target: Option<String>, mode: Option<String>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PushSetting {
        c => {
            const OP: &str = "set_push_setting";
            let sc = push_scope(OP, &scope, target.as_deref())?;
            let mode = mode.map(|m| core::PushMode::parse("mode", &m).map_err(|e| e.with_operation(OP))).transpose()?;
            let dnd_duration = core::validate::dnd_duration_arg(OP, dnd_duration_seconds)?;
            let update = core::PushSettingUpdate { mode, dnd_interval, dnd_duration };
            c.set_push_setting(&username, &sc, &update).await.map(PushSetting::from)
        }
    }

    #[doc = " The language a user's push notifications are translated into (`''`: none)."]
    fn get_push_language("username: string, options?: CallOptions | null") (username: String) -> String {
        c => c.get_push_language(&username).await
    }

    #[doc = " Sets the push translation language (a code such as `'EU'`; `''` for none)."]
    fn set_push_language("username: string, language: string, options?: CallOptions | null") (username: String, language: String) -> String {
        c => c.set_push_language(&username, &language).await
    }
}
