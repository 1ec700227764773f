//! A string that never shows itself in `Debug`, `Display` or logs.

use std::fmt;
use std::sync::Arc;

/// A secret value (client secret, access token, password).
///
/// `Debug` and `Display` print `***`; the value is only reachable through
/// [`Secret::expose`]. Cloning is cheap (the value is shared).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret value. Call this only where the value is sent on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when both handles share the same allocation (the same issued token).
    pub(crate) fn same_as(&self, other: &Secret) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(v: String) -> Self {
        Secret::new(v)
    }
}

impl From<&str> for Secret {
    fn from(v: &str) -> Self {
        Secret::new(v)
    }
}

/// Replaces every occurrence of each non-trivial secret in `text` with `***`.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        // Very short secrets (e.g. a 1-character password) would shred ordinary
        // text; they are never echoed by the service in practice.
        if s.len() >= 4 && out.contains(s) {
            out = out.replace(s, "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn redact_replaces_all() {
        let r = redact("a TOKEN1234 b TOKEN1234", &["TOKEN1234"]);
        assert_eq!(r, "a *** b ***");
    }
}
