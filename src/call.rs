//! One API call as the pipeline sends it: what it is (operation, method,
//! path, body, endpoint group, what a repeat does), what came back, and the
//! words of its errors. Knows nothing of the client that sends it.

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::budget::EndpointGroup;
use crate::decode;
use crate::effects::{repeat_effect, RepeatEffect};
use crate::error::{ErrorKind, Result};
use crate::models::{DeleteOutcome, Deletion};
use crate::secret::Secret;
use crate::transport::{BodyKind, Method};

/// Characters left as they are in a path segment or query value: RFC 3986 unreserved.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment or query value.
pub(crate) fn enc(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// A request's path after `/{org}/{app}` (its segments encoded) and its
/// route: the same path with each argument as its name (`/users/{username}`),
/// what events show, never a user name. Made by [`route!`].
pub(crate) struct Path {
    pub route: &'static str,
    pub path: String,
}

/// `route!("/users/{owner}/blocks/users/{blocked}", owner, blocked)`: the
/// [`Path`] with each named argument percent-encoded into its place.
macro_rules! route {
    ($route:literal $(, $arg:ident)* $(,)?) => {
        $crate::call::Path {
            route: $route,
            path: format!($route $(, $arg = $crate::call::enc($arg))*),
        }
    };
}
pub(crate) use route;

/// One API call, described before it is sent.
pub(crate) struct Call {
    pub op: &'static str,
    pub method: Method,
    /// Path after `/{org}/{app}`, segments already encoded (use [`route!`]).
    pub path: String,
    /// The path's route (`/users/{username}`): see [`Path`].
    pub route: &'static str,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Bytes>,
    pub body_kind: BodyKind,
    pub auth: bool,
    pub group: EndpointGroup,
    /// What a repeat does, which decides whether the request is sent again
    /// after its answer was lost: the operation's entry in
    /// [`crate::effects::OPERATIONS`] (by method only for an operation
    /// missing there, which a test forbids).
    pub effect: RepeatEffect,
    /// Values to scrub from any server text kept in errors (passwords).
    pub secrets: Vec<Secret>,
    /// What the call is about, for not-found and conflict messages
    /// (`user "bob"`).
    pub about: Option<String>,
}

impl Call {
    pub(crate) fn new(op: &'static str, method: Method, path: Path) -> Self {
        debug_assert!(
            repeat_effect(op).is_some(),
            "{op} has no entry in effects::OPERATIONS"
        );
        Call {
            op,
            method,
            path: path.path,
            route: path.route,
            query: Vec::new(),
            body: None,
            body_kind: BodyKind::Json,
            auth: true,
            group: EndpointGroup::UserAccount,
            effect: repeat_effect(op).unwrap_or(if method.is_idempotent() {
                RepeatEffect::SameState
            } else {
                RepeatEffect::Unsafe
            }),
            secrets: Vec::new(),
            about: None,
        }
    }

    /// A call about one user, `username` checked first (an error naming
    /// `op` when it breaks a rule, before anything is sent).
    pub(crate) fn on_user(
        op: &'static str,
        method: Method,
        path: Path,
        username: &str,
    ) -> Result<Self> {
        crate::validate::username("username", username).map_err(|e| e.with_operation(op))?;
        Ok(Call::new(op, method, path).about_user(username))
    }

    /// What the call is about (`user "bob"`), for its not-found and conflict errors.
    pub(crate) fn about(mut self, what: impl Into<String>) -> Self {
        self.about = Some(what.into());
        self
    }

    /// [`Call::about`] one user.
    pub(crate) fn about_user(self, username: &str) -> Self {
        self.about(format!("user {username:?}"))
    }

    pub(crate) fn json(mut self, v: &serde_json::Value) -> Self {
        self.body = Some(Bytes::from(serde_json::to_vec(v).unwrap_or_default()));
        self
    }

    /// A form-encoded body (`k1=v1&k2=v2`).
    pub(crate) fn form<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            f.append_pair(k, v);
        }
        self.body = Some(Bytes::from(f.finish()));
        self.body_kind = BodyKind::Form;
        self
    }

    pub(crate) fn group(mut self, g: EndpointGroup) -> Self {
        self.group = g;
        self
    }

    pub(crate) fn query(mut self, k: &'static str, v: String) -> Self {
        self.query.push((k, v));
        self
    }

    pub(crate) fn no_auth(mut self) -> Self {
        self.auth = false;
        self
    }

    pub(crate) fn secret(mut self, s: Secret) -> Self {
        self.secrets.push(s);
        self
    }
}

/// A successful response.
pub(crate) struct Reply {
    pub body: Bytes,
    /// The status of the answer.
    pub status: u16,
    /// An earlier attempt failed in a way that may have been processed.
    pub ambiguous: bool,
    /// A delete whose earlier attempt got no answer and whose repeat found
    /// nothing ([`RepeatEffect::AlreadyGone`]): `body` is empty.
    pub already_gone: bool,
}

/// `scheme://host:port` of a base URL (the port always shown).
pub(crate) fn origin_of(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(u) => format!(
            "{}://{}:{}",
            u.scheme(),
            u.host_str().unwrap_or(""),
            u.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => base_url.to_owned(),
    }
}

/// The [`Deletion`] a delete's reply describes: the user the service
/// answered with, or [`DeleteOutcome::AlreadyGone`] after a lost answer.
pub(crate) fn deletion(op: &'static str, username: &str, reply: &Reply) -> Result<Deletion> {
    if reply.already_gone {
        return Ok(Deletion {
            username: username.to_owned(),
            user: None,
            outcome: DeleteOutcome::AlreadyGone,
        });
    }
    let user = decode::first_user(&reply.body).map_err(|e| e.with_operation(op))?;
    Ok(Deletion {
        username: username.to_owned(),
        user: Some(user),
        outcome: DeleteOutcome::Deleted,
    })
}

/// The message of an error answer; not-found and conflict name what the
/// call was about (`user "bob" not found`).
pub(crate) fn message_for(kind: ErrorKind, status: u16, call: &Call) -> String {
    let about = call.about.as_deref();
    if status == 407 {
        return "the proxy refused the request: it needs valid credentials \
                (set `proxy_credentials`, or user:password in the proxy URL)"
            .into();
    }
    match kind {
        ErrorKind::NotFound => match about {
            Some(a) => format!("{a} not found"),
            None => "not found".into(),
        },
        ErrorKind::Conflict => match about {
            Some(a) => format!("{a} already exists"),
            None => "already exists".into(),
        },
        ErrorKind::Unauthorized => "not authorized".into(),
        ErrorKind::RateLimited => "rate limited by the service".into(),
        ErrorKind::LimitExceeded => "a service limit was reached".into(),
        ErrorKind::Server => format!("the service failed (HTTP {status})"),
        ErrorKind::Configuration => "the app was not found: check the base URL and app key".into(),
        ErrorKind::InvalidInput => "the service rejected the request".into(),
        _ => format!("unexpected HTTP status {status}"),
    }
}
