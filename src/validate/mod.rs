//! Checks every argument against the documented rules before anything is sent.

use crate::error::{Error, Result};

mod args;
#[cfg(test)]
mod tests;

pub use args::*;

/// Longest username, in bytes.
pub const MAX_USERNAME_BYTES: usize = 64;

/// Longest password, in characters.
pub const MAX_PASSWORD_CHARS: usize = 64;

/// Longest push nickname, in characters.
pub const MAX_NICKNAME_CHARS: usize = 100;

/// Most users per batch-register request.
pub const REGISTER_CHUNK: usize = 60;

/// Most usernames per batch-status request.
pub const STATUS_CHUNK: usize = 100;

/// Most users on one blocklist.
pub const MAX_BLOCKLIST: usize = 500;

/// Largest `limit` of list calls.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// Largest `limit` of a batch delete (the reference recommends 100-500 per call).
pub const MAX_DELETE_LIMIT: u32 = 500;

/// Longest message id accepted by `offline_message_status`, in bytes.
pub const MAX_MSG_ID_BYTES: usize = 128;

/// Longest cursor accepted, in bytes.
pub const MAX_CURSOR_BYTES: usize = 4096;

/// Validates a username: 1-64 bytes of `[A-Za-z0-9_.-]`, not `.` or `..`, not a UUID.
pub fn username(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_USERNAME_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {MAX_USERNAME_BYTES} bytes (got {})",
                value.len()
            ),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        return Err(Error::invalid(
            field,
            format!(
                "may hold only letters, digits, '_', '.' and '-' (found {:?}); \
                 e-mail addresses and spaces are not allowed",
                c
            ),
        ));
    }
    if value.bytes().all(|b| b == b'.') && value.len() <= 2 {
        return Err(Error::invalid(field, "must not be '.' or '..'"));
    }
    if looks_like_uuid(value) {
        return Err(Error::invalid(
            field,
            "must not be a UUID (the service forbids UUIDs as user IDs)",
        ));
    }
    Ok(())
}

fn looks_like_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() == 36 {
        b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
    } else if b.len() == 32 {
        // A dash-less UUID that carries hex letters and digits alike.
        b.iter().all(u8::is_ascii_hexdigit)
            && b.iter().any(u8::is_ascii_digit)
            && b.iter().any(u8::is_ascii_alphabetic)
    } else {
        false
    }
}

/// Validates a password: 1-64 characters. The error never holds the value.
pub fn password(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    let n = value.chars().count();
    if n > MAX_PASSWORD_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_PASSWORD_CHARS} characters (got {n})"),
        ));
    }
    Ok(())
}

/// Validates a push nickname: at most 100 characters, no control characters.
pub fn nickname(field: &str, value: &str) -> Result<()> {
    let n = value.chars().count();
    if n > MAX_NICKNAME_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_NICKNAME_CHARS} characters (got {n})"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(())
}

/// Validates an hour of the day: 0-23.
pub fn hour(field: &str, value: u32) -> Result<()> {
    if value > 23 {
        return Err(Error::invalid(
            field,
            format!("must be an hour 0-23 (got {value})"),
        ));
    }
    Ok(())
}

/// Validates a batch-delete count: 1-500.
pub fn delete_limit(field: &str, value: u32) -> Result<()> {
    if value == 0 || value > MAX_DELETE_LIMIT {
        return Err(Error::invalid(
            field,
            format!("must be between 1 and {MAX_DELETE_LIMIT} (got {value})"),
        ));
    }
    Ok(())
}

/// Validates a page size: 1-100.
pub fn limit(field: &str, value: u32) -> Result<()> {
    if value == 0 || value > MAX_PAGE_LIMIT {
        return Err(Error::invalid(
            field,
            format!("must be between 1 and {MAX_PAGE_LIMIT} (got {value})"),
        ));
    }
    Ok(())
}

/// Validates a paging cursor: non-empty, printable ASCII.
pub fn cursor(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(
            field,
            "must not be empty (omit it to start at the first page)",
        ));
    }
    if value.len() > MAX_CURSOR_BYTES {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_CURSOR_BYTES} bytes"),
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            field,
            "must be printable ASCII, as the service returned it",
        ));
    }
    Ok(())
}

/// Validates an offline message id: 1-128 bytes, no control characters or spaces.
pub fn msg_id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_MSG_ID_BYTES {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_MSG_ID_BYTES} bytes"),
        ));
    }
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Error::invalid(
            field,
            "must not contain spaces or control characters",
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(field, "must not be '.' or '..'"));
    }
    Ok(())
}

/// Validates a list of usernames: each one valid, the count within `max`.
pub fn usernames(field: &str, values: &[String], min: usize, max: Option<usize>) -> Result<()> {
    if values.len() < min {
        return Err(Error::invalid(
            field,
            format!("must hold at least {min} username(s)"),
        ));
    }
    if let Some(max) = max {
        if values.len() > max {
            return Err(Error::invalid(
                field,
                format!("must hold at most {max} usernames (got {})", values.len()),
            ));
        }
    }
    for (i, v) in values.iter().enumerate() {
        username(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

/// The usernames of one batch of a lazy source, the first at input index
/// `first`: the error names `field[index]`.
pub fn usernames_from(field: &str, first: u64, values: &[String]) -> Result<()> {
    for (i, v) in values.iter().enumerate() {
        username(&format!("{field}[{}]", first + i as u64), v)?;
    }
    Ok(())
}

/// Longest contact remark, in characters.
pub const MAX_REMARK_CHARS: usize = 100;

/// Most bytes of attributes per user (keys and values together).
pub const MAX_ATTRIBUTE_BYTES: usize = 2048;

/// Most usernames per batch attribute query.
pub const ATTRIBUTES_CHUNK: usize = 100;

/// Most push nicknames per batch request.
pub const PUSH_NICKNAME_CHUNK: usize = 50;

/// Largest page of contacts.
pub const MAX_CONTACT_PAGE: u32 = 50;

/// Largest page of muted users.
pub const MAX_MUTE_PAGE: u32 = 50;

/// Longest mute, in seconds.
pub const MAX_MUTE_SECONDS: u32 = 2_147_483_647;

/// Longest one-off do-not-disturb period.
pub const MAX_DND_DURATION: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Longest token lifetime asked for, in seconds.
pub const MAX_TTL_SECONDS: u64 = 2_147_483_647;

/// An identifier used as a path segment (a device resource, a group id):
/// 1-128 bytes, no spaces, control characters or `/`, not `.` or `..`.
pub fn path_id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > 128 {
        return Err(Error::invalid(
            field,
            format!("must be 1-128 bytes (got {})", value.len()),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    {
        return Err(Error::invalid(
            field,
            "must not contain spaces, control characters or '/'",
        ));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(field, "must not be '.' or '..'"));
    }
    Ok(())
}

/// A contact remark: at most 100 characters, no control characters.
pub fn remark(field: &str, value: &str) -> Result<()> {
    let n = value.chars().count();
    if n > MAX_REMARK_CHARS {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_REMARK_CHARS} characters (got {n})"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(())
}

/// User attributes to set: at least one; keys 1-64 bytes without control
/// characters; keys and values together at most 2 KB, the service's limit
/// per user (what is stored already counts too: the service checks that).
pub fn attributes<'a>(
    field: &str,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<()> {
    let mut total = 0usize;
    let mut n = 0usize;
    for (k, v) in pairs {
        n += 1;
        if k.is_empty() || k.len() > 64 || k.chars().any(char::is_control) {
            return Err(Error::invalid(
                format!("{field}[{k:?}]"),
                "keys must be 1-64 bytes without control characters",
            ));
        }
        total += k.len() + v.len();
    }
    if n == 0 {
        return Err(Error::invalid(field, "must hold at least one attribute"));
    }
    if total > MAX_ATTRIBUTE_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {MAX_ATTRIBUTE_BYTES} bytes of keys and values per user, \
                 the service's limit (got {total})"
            ),
        ));
    }
    Ok(())
}

/// Attribute names to read: at least one, each 1-64 bytes.
pub fn attribute_keys(field: &str, keys: &[String]) -> Result<()> {
    if keys.is_empty() {
        return Err(Error::invalid(field, "must name at least one attribute"));
    }
    for (i, k) in keys.iter().enumerate() {
        if k.is_empty() || k.len() > 64 || k.chars().any(char::is_control) {
            return Err(Error::invalid(
                format!("{field}[{i}]"),
                "must be 1-64 bytes without control characters",
            ));
        }
    }
    Ok(())
}

/// A token lifetime to ask for: whole seconds, at most 2,147,483,647 (0:
/// the token never expires).
pub fn ttl(field: &str, value: std::time::Duration) -> Result<u64> {
    if value.subsec_nanos() != 0 || value.as_secs() > MAX_TTL_SECONDS {
        return Err(Error::invalid(
            field,
            format!("must be a whole number of seconds, 0 to {MAX_TTL_SECONDS} (got {value:?})"),
        ));
    }
    Ok(value.as_secs())
}

/// A daily do-not-disturb interval: `HH:MM-HH:MM` (24 hours), or `""` to clear it.
pub fn dnd_interval(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    let time = |t: &str| -> bool {
        let b = t.as_bytes();
        b.len() == 5
            && b[2] == b':'
            && t[..2]
                .parse::<u8>()
                .is_ok_and(|h| h < 24 && b[0].is_ascii_digit())
            && t[3..]
                .parse::<u8>()
                .is_ok_and(|m| m < 60 && b[3].is_ascii_digit())
    };
    match value.split_once('-') {
        Some((a, b)) if time(a) && time(b) => Ok(()),
        _ => Err(Error::invalid(
            field,
            format!("must be \"HH:MM-HH:MM\" in 24 hours, e.g. \"22:00-07:30\", or \"\" (got {value:?})"),
        )),
    }
}

/// A push translation language: a language code (letters, digits, `-`,
/// `_`; at most 32), or `""` for none.
pub fn language(field: &str, value: &str) -> Result<()> {
    if value.len() > 32
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(
            field,
            format!("must be a language code (letters, digits, '-', '_'; at most 32) or \"\" (got {value:?})"),
        ));
    }
    Ok(())
}
