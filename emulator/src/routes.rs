//! Route table: which documented endpoint a method and path are.

use crate::app::{App, Req, State};
use crate::reply::{ApiError, Reply};
use crate::{
    h_account, h_devices, h_metadata, h_mutes, h_presence, h_push, h_social, h_tokens, h_users,
};

/// A documented endpoint with its path parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route {
    Token,
    Register,
    ListUsers,
    DeleteUsers,
    GetUser(String),
    PutUser(String),
    DeleteUser(String),
    Password(String),
    Status(String),
    BatchStatus,
    OfflineCount(String),
    OfflineStatus(String, String),
    Deactivate(String),
    Activate(String),
    Disconnect(String),
    ListContacts(String),
    AddContact(String, String),
    RemoveContact(String, String),
    ListBlocks(String),
    Block(String),
    Unblock(String, String),
    Devices(String),
    LogoutDevice(String, String),
    SetMetadata(String),
    GetMetadata(String),
    DeleteMetadata(String),
    BatchMetadata,
    MetadataCapacity,
    Mute,
    GetMute(String),
    ListMutes,
    ContactsPage(String),
    Remark(String, String),
    PushNicknames,
    GetPushSetting(String, String, String),
    SetPushSetting(String, String, String),
    GetPushLanguage(String),
    SetPushLanguage(String),
    /// A known path with a method it does not support.
    WrongMethod,
    Unknown,
}

impl Route {
    /// Parses the segments after `/{org}/{app}`.
    pub(crate) fn parse(method: &str, rest: &[String]) -> Route {
        use Route::*;
        let s: Vec<&str> = rest.iter().map(String::as_str).collect();
        let m = method;
        let known = |r: Route, ok: bool| if ok { r } else { WrongMethod };
        match s.as_slice() {
            ["token"] => known(Token, m == "POST"),
            ["users"] => match m {
                "POST" => Register,
                "GET" => ListUsers,
                "DELETE" => DeleteUsers,
                _ => WrongMethod,
            },
            ["users", "batch", "status"] if m == "POST" => BatchStatus,
            ["users", u] => match m {
                "GET" => GetUser(u.to_string()),
                "PUT" => PutUser(u.to_string()),
                "DELETE" => DeleteUser(u.to_string()),
                _ => WrongMethod,
            },
            ["users", u, "password"] => known(Password(u.to_string()), m == "PUT"),
            ["users", u, "status"] => known(Status(u.to_string()), m == "GET"),
            ["users", u, "offline_msg_count"] => known(OfflineCount(u.to_string()), m == "GET"),
            ["users", u, "offline_msg_status", id] => {
                known(OfflineStatus(u.to_string(), id.to_string()), m == "GET")
            }
            ["users", u, "deactivate"] => known(Deactivate(u.to_string()), m == "POST"),
            ["users", u, "activate"] => known(Activate(u.to_string()), m == "POST"),
            ["users", u, "disconnect"] => known(Disconnect(u.to_string()), m == "GET"),
            ["users", u, "resources"] => known(Devices(u.to_string()), m == "GET"),
            // The docs say DELETE; the official Java SDK sends GET: both work.
            ["users", u, "disconnect", r] => known(
                LogoutDevice(u.to_string(), r.to_string()),
                m == "DELETE" || m == "GET",
            ),
            ["users", u, "notification", "language"] => match m {
                "GET" => GetPushLanguage(u.to_string()),
                "PUT" => SetPushLanguage(u.to_string()),
                _ => WrongMethod,
            },
            ["users", u, "notification", kind, key] => match m {
                "GET" => GetPushSetting(u.to_string(), kind.to_string(), key.to_string()),
                "PUT" => SetPushSetting(u.to_string(), kind.to_string(), key.to_string()),
                _ => WrongMethod,
            },
            ["metadata", "user", "capacity"] if m == "GET" => MetadataCapacity,
            ["metadata", "user", "get"] if m == "POST" => BatchMetadata,
            ["metadata", "user", u] => match m {
                "PUT" => SetMetadata(u.to_string()),
                "GET" => GetMetadata(u.to_string()),
                "DELETE" => DeleteMetadata(u.to_string()),
                _ => WrongMethod,
            },
            ["mutes"] => match m {
                "POST" => Mute,
                "GET" => ListMutes,
                _ => WrongMethod,
            },
            ["mutes", u] => known(GetMute(u.to_string()), m == "GET"),
            ["user", o, "contacts"] => known(ContactsPage(o.to_string()), m == "GET"),
            ["user", o, "contacts", "users", c] => {
                known(Remark(o.to_string(), c.to_string()), m == "PUT")
            }
            ["push", "nickname"] => known(PushNicknames, m == "PUT"),
            ["users", o, "contacts", "users"] => known(ListContacts(o.to_string()), m == "GET"),
            ["users", o, "contacts", "users", c] => match m {
                "POST" => AddContact(o.to_string(), c.to_string()),
                "DELETE" => RemoveContact(o.to_string(), c.to_string()),
                _ => WrongMethod,
            },
            ["users", o, "blocks", "users"] => match m {
                "GET" => ListBlocks(o.to_string()),
                "POST" => Block(o.to_string()),
                _ => WrongMethod,
            },
            ["users", o, "blocks", "users", b] => {
                known(Unblock(o.to_string(), b.to_string()), m == "DELETE")
            }
            _ => Unknown,
        }
    }

    /// The route pattern, used in stats and fault rules.
    pub fn name(&self) -> &'static str {
        use Route::*;
        match self {
            Token => "POST /token",
            Register => "POST /users",
            ListUsers => "GET /users",
            DeleteUsers => "DELETE /users",
            GetUser(_) => "GET /users/{username}",
            PutUser(_) => "PUT /users/{username}",
            DeleteUser(_) => "DELETE /users/{username}",
            Password(_) => "PUT /users/{username}/password",
            Status(_) => "GET /users/{username}/status",
            BatchStatus => "POST /users/batch/status",
            OfflineCount(_) => "GET /users/{username}/offline_msg_count",
            OfflineStatus(..) => "GET /users/{username}/offline_msg_status/{msg_id}",
            Deactivate(_) => "POST /users/{username}/deactivate",
            Activate(_) => "POST /users/{username}/activate",
            Disconnect(_) => "GET /users/{username}/disconnect",
            ListContacts(_) => "GET /users/{owner}/contacts/users",
            AddContact(..) => "POST /users/{owner}/contacts/users/{contact}",
            RemoveContact(..) => "DELETE /users/{owner}/contacts/users/{contact}",
            ListBlocks(_) => "GET /users/{owner}/blocks/users",
            Block(_) => "POST /users/{owner}/blocks/users",
            Unblock(..) => "DELETE /users/{owner}/blocks/users/{blocked}",
            Devices(_) => "GET /users/{username}/resources",
            LogoutDevice(..) => "DELETE /users/{username}/disconnect/{resource}",
            SetMetadata(_) => "PUT /metadata/user/{username}",
            GetMetadata(_) => "GET /metadata/user/{username}",
            DeleteMetadata(_) => "DELETE /metadata/user/{username}",
            BatchMetadata => "POST /metadata/user/get",
            MetadataCapacity => "GET /metadata/user/capacity",
            Mute => "POST /mutes",
            GetMute(_) => "GET /mutes/{username}",
            ListMutes => "GET /mutes",
            ContactsPage(_) => "GET /user/{owner}/contacts",
            Remark(..) => "PUT /user/{owner}/contacts/users/{contact}",
            PushNicknames => "PUT /push/nickname",
            GetPushSetting(..) => "GET /users/{username}/notification/{chattype}/{key}",
            SetPushSetting(..) => "PUT /users/{username}/notification/{chattype}/{key}",
            GetPushLanguage(_) => "GET /users/{username}/notification/language",
            SetPushLanguage(_) => "PUT /users/{username}/notification/language",
            WrongMethod => "method not allowed",
            Unknown => "unknown route",
        }
    }
}

/// Runs the handler of a route, under the state lock.
pub(crate) fn dispatch(app: &App, st: &mut State, route: &Route, req: &Req) -> Reply {
    let result = match route {
        Route::Token => h_tokens::token(app, st, req),
        // A user may read and set their own attributes with their user token.
        Route::SetMetadata(u) | Route::GetMetadata(u) => match app.bearer(st, req) {
            Err(e) => Err(e),
            Ok(Some(user)) if !user.eq_ignore_ascii_case(u) => Err(ApiError::new(
                401,
                "metadata_error",
                "com.easemob.metadata.exceptions.MetadataException",
                "auth error",
            )),
            Ok(_) if matches!(route, Route::SetMetadata(_)) => h_metadata::set(app, st, req, u),
            Ok(_) => h_metadata::get(st, u),
        },
        Route::Register => h_users::register(app, st, req),
        Route::WrongMethod => Err(ApiError::new(
            405,
            "method_not_allowed",
            "javax.ws.rs.NotAllowedException",
            format!("HTTP {} is not allowed on {}", req.method, req.path),
        )),
        Route::Unknown => Err(ApiError::not_found()),
        other => match app.authorize(st, req) {
            Err(e) => Err(e),
            Ok(()) => authorized(app, st, other, req),
        },
    };
    result.unwrap_or_else(|e| e.to_reply())
}

fn authorized(app: &App, st: &mut State, route: &Route, req: &Req) -> Result<Reply, ApiError> {
    use Route::*;
    match route {
        ListUsers => h_users::list(app, st, req),
        DeleteUsers => h_users::delete_many(app, st, req),
        GetUser(u) => h_users::get(app, st, u),
        DeleteUser(u) => h_users::delete(app, st, u),
        PutUser(u) => h_account::put_user(app, st, req, u),
        Password(u) => h_account::password(st, req, u),
        Deactivate(u) => h_account::deactivate(app, st, u),
        Activate(u) => h_account::activate(st, u),
        Disconnect(u) => h_account::disconnect(app, st, u),
        ListContacts(o) => h_social::list(app, st, o, false),
        AddContact(o, c) => h_social::contact(app, st, o, c, true),
        RemoveContact(o, c) => h_social::contact(app, st, o, c, false),
        ListBlocks(o) => h_social::list(app, st, o, true),
        Block(o) => h_social::block(app, st, req, o),
        Unblock(o, b) => h_social::unblock(app, st, o, b),
        Status(u) => h_presence::status(app, st, u),
        BatchStatus => h_presence::batch(st, req),
        OfflineCount(u) => h_presence::offline_count(app, st, u),
        OfflineStatus(u, id) => h_presence::offline_status(app, st, u, id),
        Devices(u) => h_devices::list(app, st, u),
        LogoutDevice(u, r) => h_devices::logout(app, st, req, u, r),
        DeleteMetadata(u) => h_metadata::delete(st, u),
        BatchMetadata => h_metadata::batch(st, req),
        MetadataCapacity => h_metadata::capacity(st),
        Mute => h_mutes::set(app, st, req),
        GetMute(u) => h_mutes::get(app, st, u),
        ListMutes => h_mutes::list(app, st, req),
        ContactsPage(o) => h_social::page(app, st, req, o),
        Remark(o, c) => h_social::remark(app, st, req, o, c),
        PushNicknames => h_push::nicknames(app, st, req),
        GetPushSetting(u, kind, key) => h_push::get_setting(app, st, u, kind, key),
        SetPushSetting(u, kind, key) => h_push::set_setting(app, st, req, u, kind, key),
        GetPushLanguage(u) => h_push::language(app, st, None, u),
        SetPushLanguage(u) => h_push::language(app, st, Some(req), u),
        Token | Register | SetMetadata(_) | GetMetadata(_) | WrongMethod | Unknown => {
            Err(ApiError::not_found())
        }
    }
}
