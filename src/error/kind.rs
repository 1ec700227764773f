//! What kind of failure an error is, and which kind each of the service's
//! answers (status and `error` code) is.

use std::fmt;

/// What went wrong, in terms a caller can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument broke a documented rule; nothing was sent (or the server
    /// rejected the request as malformed, see [`crate::Error::status`]).
    InvalidInput,
    /// The client configuration is unusable (bad URL, bad app key, unknown
    /// app, a proxy that wants credentials), or the service's TLS certificate
    /// is not trusted (add its CA).
    Configuration,
    /// Authentication failed: bad client credentials, or a token the server
    /// rejected even after one refresh, or registration that is not open.
    Unauthorized,
    /// The user (or contact, or blocked user) does not exist.
    NotFound,
    /// The user already exists (usernames are unique ignoring case).
    Conflict,
    /// A plan quota or list limit was reached (`resource_limited`, `exceed_limit`).
    /// Retrying does not help.
    LimitExceeded,
    /// The service throttled the request (HTTP 429) and retries ran out.
    RateLimited,
    /// The service failed (HTTP 5xx) and retries ran out or were not safe.
    Server,
    /// The request did not complete: connection refused or dropped, timeout.
    Transport,
    /// The response could not be understood.
    Decode,
}

impl ErrorKind {
    /// Whether an error of this kind may go away if the same call is tried
    /// again later: rate limiting, server failures and transport failures.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Transport
        )
    }

    /// A stable SCREAMING_SNAKE code: `INVALID_INPUT`, `NOT_FOUND`, ...
    /// (the Node binding's `err.code`).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "INVALID_INPUT",
            ErrorKind::Configuration => "CONFIGURATION",
            ErrorKind::Unauthorized => "UNAUTHORIZED",
            ErrorKind::NotFound => "NOT_FOUND",
            ErrorKind::Conflict => "CONFLICT",
            ErrorKind::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorKind::RateLimited => "RATE_LIMITED",
            ErrorKind::Server => "SERVER",
            ErrorKind::Transport => "TRANSPORT",
            ErrorKind::Decode => "DECODE",
        }
    }

    /// Every kind, in documentation order.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::InvalidInput,
        ErrorKind::Configuration,
        ErrorKind::Unauthorized,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::LimitExceeded,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Transport,
        ErrorKind::Decode,
    ];
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Maps an HTTP error response to an error kind.
pub(crate) fn kind_for_response(
    status: u16,
    code: Option<&str>,
    description: Option<&str>,
) -> ErrorKind {
    let code = code.unwrap_or("");
    let desc = description.unwrap_or("").to_ascii_lowercase();
    match (status, code) {
        (_, "duplicate_unique_property_exists") => ErrorKind::Conflict,
        (_, "resource_limited") | (_, "exceed_limit") => ErrorKind::LimitExceeded,
        (_, "organization_application_not_found") => ErrorKind::Configuration,
        // A password grant for a user that does not exist: 404 `invalid_grant`.
        (404, "invalid_grant") => ErrorKind::NotFound,
        (_, "invalid_grant") => ErrorKind::Unauthorized,
        (_, "required_property_not_found")
        | (_, "entity_not_found")
        | (_, "service_resource_not_found") => ErrorKind::NotFound,
        (_, "auth_bad_access_token") | (_, "unauthorized") => ErrorKind::Unauthorized,
        (400, "management") if desc.contains("does not exist") => ErrorKind::NotFound,
        (400, "illegal_argument") if desc.contains("not found") => ErrorKind::NotFound,
        (401, _) => ErrorKind::Unauthorized,
        // From a proxy, not the service: the proxy's credentials are missing or wrong.
        (407, _) => ErrorKind::Configuration,
        (404, _) => ErrorKind::NotFound,
        (409, _) => ErrorKind::Conflict,
        (429, _) => ErrorKind::RateLimited,
        (403, _) => ErrorKind::LimitExceeded,
        (s, _) if s >= 500 => ErrorKind::Server,
        (400..=499, _) => ErrorKind::InvalidInput,
        _ => ErrorKind::Decode,
    }
}
