//! Route table: which documented endpoint a method and path are.

use crate::app::{App, Req, State};
use crate::reply::{ApiError, Reply};
use crate::{h_account, h_presence, h_social, h_users};

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
            WrongMethod => "method not allowed",
            Unknown => "unknown route",
        }
    }
}

/// Runs the handler of a route, under the state lock.
pub(crate) fn dispatch(app: &App, st: &mut State, route: &Route, req: &Req) -> Reply {
    let result = match route {
        Route::Token => h_users::token(app, st, req),
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
        Token | Register | WrongMethod | Unknown => Err(ApiError::not_found()),
    }
}
