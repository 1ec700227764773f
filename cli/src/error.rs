//! What ends the command early, with its exit status.

use std::fmt;

/// An error that ends the command: a sentence that says what to do, and the
/// exit status (2 bad usage or configuration, 1 a failure while working).
#[derive(Debug)]
pub struct CliError {
    /// The exit status.
    pub code: i32,
    message: String,
}

impl CliError {
    /// Bad usage or configuration (exit 2): nothing was sent.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// A failure while working (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        CliError {
            code: 1,
            message: message.into(),
        }
    }

    /// An I/O error on `path`, while doing `what`.
    pub fn io(what: &str, path: &std::path::Path, e: std::io::Error) -> Self {
        CliError::failed(format!("{what} {}: {e}", path.display()))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<chat_platform::Error> for CliError {
    fn from(e: chat_platform::Error) -> Self {
        use chat_platform::ErrorKind;
        match e.kind() {
            ErrorKind::Configuration | ErrorKind::InvalidInput => CliError::usage(e.to_string()),
            // The credentials are configuration: nothing worked with them.
            ErrorKind::Unauthorized => CliError::usage(format!(
                "{e}; check CHAT_PLATFORM_APP_KEY and the credentials (CHAT_PLATFORM_CLIENT_ID and \
                 CHAT_PLATFORM_CLIENT_SECRET, or CHAT_PLATFORM_APP_ID and CHAT_PLATFORM_APP_CERTIFICATE)"
            )),
            _ => CliError::failed(e.to_string()),
        }
    }
}
