//! One error type for every operation, with a kind the bindings map to their
//! own idioms (exception classes, string codes, sealed types).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::models::{RegisterReport, UserAttributes, UserPresence};

mod kind;
#[cfg(test)]
mod tests;

pub(crate) use kind::kind_for_response;
pub use kind::ErrorKind;

/// The error of every operation.
///
/// Carries the kind, the HTTP status and the server's `error` /
/// `error_description` when there was a response, the operation, the field
/// for invalid input, and a retry hint. Its `Debug` and `Display` never hold
/// a secret: server text is scrubbed of the client secret, tokens and
/// passwords of the request before it is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    operation: Option<&'static str>,
    field: Option<String>,
    status: Option<u16>,
    code: Option<String>,
    description: Option<String>,
    retry_after: Option<Duration>,
    timeout: bool,
    tls: bool,
    attempts: u32,
    uncertain: bool,
    partial: Option<Arc<Partial>>,
}

/// What a bulk call had done when it failed: the results already answered,
/// kept on its error ([`Error::partial`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Partial {
    /// `users_status`: the presences answered, in input order (the users of
    /// the failed requests are missing).
    Presences(Vec<UserPresence>),
    /// `register_users`: every user handled before the failure.
    Register(RegisterReport),
    /// `users_attributes`: the users answered, in input order (the users of
    /// the failed requests are missing).
    Attributes(Vec<UserAttributes>),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            operation: None,
            field: None,
            status: None,
            code: None,
            description: None,
            retry_after: None,
            timeout: false,
            tls: false,
            attempts: 0,
            uncertain: false,
            partial: None,
        }))
    }

    /// An invalid argument: names the field and the rule.
    pub(crate) fn invalid(field: impl Into<String>, rule: impl fmt::Display) -> Self {
        let field = field.into();
        let mut e = Error::new(
            ErrorKind::InvalidInput,
            format!("invalid `{field}`: {rule}"),
        );
        e.0.field = Some(field);
        e
    }

    /// The lazy source of a bulk operation failed (a generator raised, an
    /// async iterator rejected): what the bindings report when their
    /// language's source breaks. The requests already started were finished
    /// and reported.
    pub fn source_failed(op: &'static str, detail: impl fmt::Display) -> Self {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "the input failed: {detail} (the batches already sent were completed and \
                 reported; nothing after the failure was sent)"
            ),
        )
        .with_operation(op)
    }

    /// A configuration error; its field is the first setting the message
    /// names in backticks (`` `base_url` is not set `` → `base_url`).
    pub(crate) fn config(message: impl Into<String>) -> Self {
        let message = message.into();
        let field = message.split('`').nth(1).filter(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.".contains(c))
        });
        let field = field.map(str::to_owned);
        let mut e = Error::new(ErrorKind::Configuration, message);
        e.0.field = field;
        e
    }

    /// A setting that breaks its rule: a `Configuration` error naming it
    /// (for the bindings' checks of their options objects and keywords).
    pub fn invalid_setting(field: &str, rule: impl fmt::Display) -> Self {
        Error::config_field(field, rule)
    }

    /// A `Configuration` error about setting `field` with a message of its
    /// own (for a setting the message must quote as given: an unknown key).
    pub fn setting_error(field: &str, message: impl Into<String>) -> Self {
        let mut e = Error::new(ErrorKind::Configuration, message);
        e.0.field = Some(field.to_owned());
        e
    }

    /// A configuration setting that breaks its rule, named as a field.
    pub(crate) fn config_field(field: &str, rule: impl fmt::Display) -> Self {
        let mut e = Error::config(format!("`{field}` {rule}"));
        e.0.field = Some(field.to_owned());
        e
    }

    pub(crate) fn decode(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Decode, message)
    }

    pub(crate) fn with_http(
        mut self,
        status: u16,
        code: Option<String>,
        description: Option<String>,
    ) -> Self {
        self.0.status = Some(status);
        self.0.code = code;
        self.0.description = description;
        self
    }

    pub(crate) fn with_retry_after(mut self, d: Option<Duration>) -> Self {
        self.0.retry_after = d;
        self
    }

    pub(crate) fn with_timeout(mut self, timeout: bool) -> Self {
        self.0.timeout = timeout;
        self
    }

    /// Names the operation this error belongs to, unless one is named already.
    pub fn with_operation(mut self, op: &'static str) -> Self {
        if self.0.operation.is_none() {
            self.0.operation = Some(op);
        }
        self
    }

    /// This error as the inner step of operation `op` (`get_user: fetching
    /// the app token: could not connect ...`): the operation is `op`, the
    /// message starts with the step.
    pub(crate) fn in_step(mut self, op: &'static str, step: &str) -> Self {
        self.0.message = format!("{step}: {}", self.0.message);
        self.0.operation = Some(op);
        self
    }

    pub(crate) fn with_tls(mut self, tls: bool) -> Self {
        self.0.tls = tls;
        self
    }

    /// Marks the outcome uncertain (the call may have taken effect: an
    /// attempt got no answer), adding `note` to the message when given.
    pub(crate) fn uncertain(mut self, note: Option<&str>) -> Self {
        self.0.uncertain = true;
        if let Some(n) = note {
            self.0.message = format!("{}; {n}", self.0.message);
        }
        self
    }

    /// Keeps what a bulk call had done when it failed.
    pub fn with_partial(mut self, partial: Partial) -> Self {
        self.0.partial = Some(Arc::new(partial));
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    pub(crate) fn prefix_field(mut self, prefix: &str) -> Self {
        if let Some(f) = &self.0.field {
            let nf = format!("{prefix}.{f}");
            self.0.message = self
                .0
                .message
                .replacen(&format!("`{f}`"), &format!("`{nf}`"), 1);
            self.0.field = Some(nf);
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// A human-readable explanation (never holds a secret).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The operation that failed (`get_user`, `register_users`, ...).
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// For invalid input: the argument that broke a rule (`username`, `users[3].password`).
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// [`Error::field`] spelled as camelCase languages name the argument
    /// (`users[3].new_password` → `users[3].newPassword`), for Node, Kotlin and Swift.
    pub fn field_camel_case(&self) -> Option<String> {
        self.0.field.as_deref().map(camel_case)
    }

    /// [`Error::operation`] in camelCase (`set_no_disturb` → `setNoDisturb`).
    pub fn operation_camel_case(&self) -> Option<String> {
        self.0.operation.map(camel_case)
    }

    /// The message ([`Display`](fmt::Display)) as camelCase languages read
    /// it: the operation and every identifier quoted in backticks in
    /// camelCase (`set_no_disturb: invalid \`start_hour\`` →
    /// `setNoDisturb: invalid \`startHour\``). Server text is left alone.
    pub fn to_string_camel_case(&self) -> String {
        let text = self.to_string();
        let (prefix, rest) = match self.0.operation {
            Some(op) if text.starts_with(op) => (camel_case(op), &text[op.len()..]),
            _ => (String::new(), text.as_str()),
        };
        // Only our own part: the server's description (after " (HTTP ") is verbatim.
        let (ours, server) = match rest.find(" (HTTP ") {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let mut out = prefix;
        for (i, piece) in ours.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            let identifier = !piece.is_empty()
                && piece
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_[].".contains(c));
            if i % 2 == 1 && identifier {
                out.push_str(&camel_case(piece));
            } else {
                out.push_str(piece);
            }
        }
        out.push_str(server);
        out
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The service's `error` code (`service_resource_not_found`, ...).
    pub fn server_code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The service's `error_description`.
    pub fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// How long the service asked us to wait (`Retry-After`), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// True for a timeout (a [`ErrorKind::Transport`] error).
    pub fn is_timeout(&self) -> bool {
        self.0.timeout
    }

    /// True when the TLS handshake failed (a [`ErrorKind::Configuration`]
    /// error: usually a certificate signed by a CA the client does not trust).
    pub fn is_tls(&self) -> bool {
        self.0.tls
    }

    /// How many HTTP attempts were made before giving up (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// True when the call may have taken effect although it failed: an
    /// attempt got no answer (a dropped connection, a timeout, a 500/502/504)
    /// before the error it ended with. A [`ErrorKind::Conflict`] from
    /// `register_user` with this flag means "exists; this call may have
    /// created it".
    pub fn is_uncertain(&self) -> bool {
        self.0.uncertain
    }

    /// What a bulk call had done when it failed: the presences answered by
    /// `users_status`, the report of `register_users`.
    pub fn partial(&self) -> Option<&Partial> {
        self.0.partial.as_deref()
    }

    /// Whether trying the same call again later may succeed: rate limiting,
    /// server failures and transport failures. Quotas, invalid input, missing
    /// users and conflicts are not retryable.
    pub fn is_retryable(&self) -> bool {
        self.0.kind.is_retryable()
    }
}

/// `snake_case` → `snakeCase` (other characters kept): how Node, Kotlin and
/// Swift spell an operation or argument name.
pub fn camel_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.0.operation {
            write!(f, "{op}: ")?;
        }
        f.write_str(&self.0.message)?;
        if let Some(status) = self.0.status {
            write!(f, " (HTTP {status}")?;
            if let Some(code) = &self.0.code {
                write!(f, " {code}")?;
            }
            if let Some(d) = &self.0.description {
                write!(f, ": {d}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind)
            .field("message", &self.0.message);
        if let Some(v) = self.0.operation {
            d.field("operation", &v);
        }
        if let Some(v) = &self.0.field {
            d.field("field", v);
        }
        if let Some(v) = self.0.status {
            d.field("status", &v);
        }
        if let Some(v) = &self.0.code {
            d.field("code", v);
        }
        if let Some(v) = &self.0.description {
            d.field("description", v);
        }
        if let Some(v) = self.0.retry_after {
            d.field("retry_after", &v);
        }
        if self.0.uncertain {
            d.field("uncertain", &true);
        }
        match self.0.partial.as_deref() {
            Some(Partial::Presences(p)) => {
                d.field("partial", &format_args!("{} presences", p.len()));
            }
            Some(Partial::Register(r)) => {
                let (c, f) = (r.created.len(), r.failed.len());
                d.field("partial", &format_args!("{c} created, {f} failed"));
            }
            Some(Partial::Attributes(a)) => {
                d.field("partial", &format_args!("{} users' attributes", a.len()));
            }
            None => {}
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Names the operation in a result's error: `validate::username("username",
/// name).in_op(OP)?` (see [`Error::with_operation`]).
pub(crate) trait InOperation {
    fn in_op(self, op: &'static str) -> Self;
}

impl<T> InOperation for Result<T> {
    fn in_op(self, op: &'static str) -> Self {
        self.map_err(|e| e.with_operation(op))
    }
}
