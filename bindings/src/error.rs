//! `ChatPlatformError`: one variant per core error kind, each carrying the details.

use chat_platform::{Error as CoreError, ErrorKind};

use crate::records::UserAttributes;
use crate::records::{RegisterReport, UserPresence};

/// Declares `ChatPlatformError`: one variant per core error kind, each with
/// the same documented details (written once here).
macro_rules! error_variants {
    ($($doc:literal $variant:ident),* $(,)?) => {
        /// The error of every operation: a Kotlin `ChatPlatformException`
        /// subclass or a Swift enum case. Every variant carries the same
        /// details, none of them a secret.
        #[derive(Debug, Clone, thiserror::Error, uniffi::Error)]
        pub enum ChatPlatformError {
            $(
                #[doc = $doc]
                #[error("{detail}")]
                $variant {
                    /// The full message, naming the operation and what it was about.
                    detail: String,
                    /// The HTTP status, when the service answered.
                    status: Option<u16>,
                    /// The service's `error` code.
                    server_code: Option<String>,
                    /// The service's `error_description`.
                    server_description: Option<String>,
                    /// How long the service asked to wait, in milliseconds.
                    retry_after_ms: Option<i64>,
                    /// For invalid input: the argument that broke a rule.
                    field: Option<String>,
                    /// The operation that failed.
                    operation: Option<String>,
                    /// True when the call may have taken effect although it
                    /// failed (an attempt got no answer).
                    uncertain: bool,
                    /// What a bulk call had answered when it failed.
                    partial: Option<PartialResult>,
                },
            )*
            /// A bug in the Rust core (a panic), reported instead of aborting.
            #[error("{detail}")]
            Internal {
                /// What panicked, as the panic said.
                detail: String,
            },
        }
    };
}

error_variants! {
    "An argument broke a documented rule (nothing was sent), or the service rejected the request." InvalidInput,
    "The client configuration is unusable." Configuration,
    "Authentication failed." Unauthorized,
    "The user does not exist." NotFound,
    "The username already exists." Conflict,
    "A quota or list limit was reached." LimitExceeded,
    "HTTP 429 after the retries." RateLimited,
    "HTTP 5xx after the retries." Server,
    "Connection refused or dropped, or a timeout." Transport,
    "The response could not be understood." Decode,
}

/// Settings the core names without a unit (`request_timeout`) that
/// `ClientConfig` spells with their unit (`requestTimeoutMs`).
const MS_SETTINGS: &[&str] = &[
    "connectTimeout",
    "requestTimeout",
    "attemptTimeout",
    "retryBaseDelay",
    "retryMaxDelay",
    "retryMaxElapsed",
    "tokenRefreshMargin",
    "appTokenTtl",
    "minTokenInterval",
];

/// A setting's name as `ClientConfig` spells it.
fn config_name(camel: String) -> String {
    if MS_SETTINGS.contains(&camel.as_str()) {
        camel + "Ms"
    } else {
        camel
    }
}

impl From<CoreError> for ChatPlatformError {
    fn from(e: CoreError) -> Self {
        let mut detail = e.to_string_camel_case();
        for name in MS_SETTINGS {
            detail = detail.replace(&format!("`{name}`"), &format!("`{name}Ms`"));
        }
        let status = e.status();
        let server_code = e.server_code().map(str::to_owned);
        let server_description = e.description().map(str::to_owned);
        let retry_after_ms = e.retry_after().map(|d| d.as_millis() as i64);
        let field = e.field_camel_case().map(config_name);
        let operation = e.operation_camel_case();
        let uncertain = e.is_uncertain();
        let partial = e.partial().and_then(PartialResult::of);
        macro_rules! v {
            ($variant:ident) => {
                ChatPlatformError::$variant {
                    detail,
                    status,
                    server_code,
                    server_description,
                    retry_after_ms,
                    field,
                    operation,
                    uncertain,
                    partial,
                }
            };
        }
        match e.kind() {
            ErrorKind::InvalidInput => v!(InvalidInput),
            ErrorKind::Configuration => v!(Configuration),
            ErrorKind::Unauthorized => v!(Unauthorized),
            ErrorKind::NotFound => v!(NotFound),
            ErrorKind::Conflict => v!(Conflict),
            ErrorKind::LimitExceeded => v!(LimitExceeded),
            ErrorKind::RateLimited => v!(RateLimited),
            ErrorKind::Server => v!(Server),
            ErrorKind::Transport => v!(Transport),
            _ => v!(Decode),
        }
    }
}

/// An invalid argument noticed while translating a foreign value.
pub(crate) fn invalid(field: &str, rule: &str) -> ChatPlatformError {
    ChatPlatformError::InvalidInput {
        detail: format!("invalid `{field}`: {rule}"),
        status: None,
        server_code: None,
        server_description: None,
        retry_after_ms: None,
        field: Some(field.to_owned()),
        operation: None,
        uncertain: false,
        partial: None,
    }
}

/// The details every `ChatPlatformError` carries, readable without matching the variant.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ErrorDetails {
    /// The full message (never a secret).
    pub detail: String,
    /// The HTTP status, when the service answered.
    pub status: Option<u16>,
    /// The service's `error` code.
    pub server_code: Option<String>,
    /// The service's `error_description`.
    pub server_description: Option<String>,
    /// How long the service asked to wait, in milliseconds.
    pub retry_after_ms: Option<i64>,
    /// For invalid input: the argument that broke a rule.
    pub field: Option<String>,
    /// The operation that failed.
    pub operation: Option<String>,
    /// True when the call may have taken effect although it failed (an
    /// attempt got no answer): a `Conflict` from `registerUser` with it
    /// means "exists; this call may have created it".
    pub uncertain: bool,
    /// What a bulk call had answered when it failed (`usersStatus`,
    /// `registerUsers`).
    pub partial: Option<PartialResult>,
}

impl ChatPlatformError {
    /// The core's kind of this error; `None` for `Internal` (a panic).
    fn kind(&self) -> Option<ErrorKind> {
        Some(match self {
            ChatPlatformError::InvalidInput { .. } => ErrorKind::InvalidInput,
            ChatPlatformError::Configuration { .. } => ErrorKind::Configuration,
            ChatPlatformError::Unauthorized { .. } => ErrorKind::Unauthorized,
            ChatPlatformError::NotFound { .. } => ErrorKind::NotFound,
            ChatPlatformError::Conflict { .. } => ErrorKind::Conflict,
            ChatPlatformError::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            ChatPlatformError::RateLimited { .. } => ErrorKind::RateLimited,
            ChatPlatformError::Server { .. } => ErrorKind::Server,
            ChatPlatformError::Transport { .. } => ErrorKind::Transport,
            ChatPlatformError::Decode { .. } => ErrorKind::Decode,
            ChatPlatformError::Internal { .. } => return None,
        })
    }
}

#[uniffi::export]
impl ChatPlatformError {
    /// The stable error code: `INVALID_INPUT`, `NOT_FOUND`, `RATE_LIMITED`, ...
    pub fn code(&self) -> String {
        self.kind().map_or("INTERNAL", ErrorKind::code).to_owned()
    }

    /// Whether the same call may succeed later (rate limiting, server and transport errors).
    pub fn retryable(&self) -> bool {
        self.kind().is_some_and(ErrorKind::is_retryable)
    }

    /// All the details, whatever the variant.
    pub fn details(&self) -> ErrorDetails {
        macro_rules! d {
            ($($v:ident),*) => {
                match self {
                    $(ChatPlatformError::$v { detail, status, server_code, server_description, retry_after_ms, field, operation, uncertain, partial } => ErrorDetails {
                        detail: detail.clone(),
                        status: *status,
                        server_code: server_code.clone(),
                        server_description: server_description.clone(),
                        retry_after_ms: *retry_after_ms,
                        field: field.clone(),
                        operation: operation.clone(),
                        uncertain: *uncertain,
                        partial: partial.clone(),
                    },)*
                    ChatPlatformError::Internal { detail } => ErrorDetails {
                        detail: detail.clone(), status: None, server_code: None, server_description: None,
                        retry_after_ms: None, field: None, operation: None, uncertain: false, partial: None,
                    },
                }
            };
        }
        d!(
            InvalidInput,
            Configuration,
            Unauthorized,
            NotFound,
            Conflict,
            LimitExceeded,
            RateLimited,
            Server,
            Transport,
            Decode
        )
    }
}

/// What a bulk call had answered when it failed.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum PartialResult {
    /// `usersStatus`: the presences answered, in input order (the users of
    /// the failed requests are missing).
    Presences {
        /// The presences answered.
        presences: Vec<UserPresence>,
    },
    /// `registerUsers`: every user handled before the failure.
    Register {
        /// The report so far.
        report: RegisterReport,
    },
    /// `usersAttributes`: the users answered, in input order (the users of
    /// the failed requests are missing).
    Attributes {
        /// The users answered.
        users: Vec<UserAttributes>,
    },
}

impl PartialResult {
    /// The core's partial result in this binding's terms; `None` for a kind
    /// the core added that this binding does not carry yet (rather than an
    /// empty result of the wrong kind).
    fn of(p: &chat_platform::Partial) -> Option<Self> {
        Some(match p {
            chat_platform::Partial::Presences(v) => PartialResult::Presences {
                presences: v.iter().cloned().map(UserPresence::from).collect(),
            },
            chat_platform::Partial::Register(r) => PartialResult::Register {
                report: RegisterReport::from(r.clone()),
            },
            chat_platform::Partial::Attributes(v) => PartialResult::Attributes {
                users: v.iter().cloned().map(UserAttributes::from).collect(),
            },
            _ => return None,
        })
    }
}
