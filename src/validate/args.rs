//! The argument rules as the bindings need them: a number from another
//! language (Python, JavaScript, Kotlin, Swift) checked and converted, the
//! error naming the operation, the argument and the rule. One rule, one
//! place: no binding restates a range.

use crate::error::{Error, Result};

use super::*;

/// An hour from another language's integer (Python, JavaScript, Kotlin,
/// Swift), for argument `field` of operation `op`: the error of [`hour`],
/// naming the operation, for any value out of 0-23, negative ones included.
pub fn hour_arg(op: &'static str, field: &str, value: i64) -> Result<u32> {
    match u32::try_from(value) {
        Ok(v) if v <= 23 => Ok(v),
        _ => Err(
            Error::invalid(field, format!("must be an hour 0-23 (got {value})")).with_operation(op),
        ),
    }
}

/// A batch-delete count from another language's integer: the error of
/// [`delete_limit`], naming the operation, for any value out of range.
pub fn delete_limit_arg(op: &'static str, field: &str, value: i64) -> Result<u32> {
    match u32::try_from(value) {
        Ok(v) if (1..=MAX_DELETE_LIMIT).contains(&v) => Ok(v),
        _ => Err(Error::invalid(
            field,
            format!("must be between 1 and {MAX_DELETE_LIMIT} (got {value})"),
        )
        .with_operation(op)),
    }
}

/// A page size from another language's integer: the error of [`limit`],
/// naming the operation, for any value out of range.
pub fn limit_arg(op: &'static str, field: &str, value: i64) -> Result<u32> {
    match u32::try_from(value) {
        Ok(v) if (1..=MAX_PAGE_LIMIT).contains(&v) => Ok(v),
        _ => Err(Error::invalid(
            field,
            format!("must be between 1 and {MAX_PAGE_LIMIT} (got {value})"),
        )
        .with_operation(op)),
    }
}

/// An integer from another language within `min..=max`, for argument
/// `field` of operation `op`; any other value (negative ones included) is
/// invalid input naming both.
pub fn range_arg(op: &'static str, field: &str, value: i64, min: u32, max: u32) -> Result<u32> {
    match u32::try_from(value) {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(Error::invalid(
            field,
            format!("must be between {min} and {max} (got {value})"),
        )
        .with_operation(op)),
    }
}

/// A page size for argument `field` of the user listing's iterator, from
/// another language's integer: 1 to [`MAX_PAGE_LIMIT`]; absent, the most.
pub fn user_page_arg(op: &'static str, field: &str, value: Option<i64>) -> Result<u32> {
    limit_arg(op, field, value.unwrap_or(MAX_PAGE_LIMIT.into()))
}

/// A page size for argument `field` of a mute listing, from another
/// language's integer: 1 to [`MAX_MUTE_PAGE`]; absent, the most.
pub fn mute_page_arg(op: &'static str, field: &str, value: Option<i64>) -> Result<u32> {
    let v = value.unwrap_or(MAX_MUTE_PAGE.into());
    range_arg(op, field, v, 1, MAX_MUTE_PAGE)
}

/// A page size for argument `field` of a contact listing, from another
/// language's integer: 1 to [`MAX_CONTACT_PAGE`]; absent, the most.
pub fn contact_page_arg(op: &'static str, field: &str, value: Option<i64>) -> Result<u32> {
    let v = value.unwrap_or(MAX_CONTACT_PAGE.into());
    range_arg(op, field, v, 1, MAX_CONTACT_PAGE)
}

/// `ttl_seconds` of operation `op` from another language's integer, if
/// given: 0 to [`MAX_TTL_SECONDS`].
pub fn ttl_arg(op: &'static str, value: Option<i64>) -> Result<Option<std::time::Duration>> {
    value
        .map(|t| seconds_arg(op, "ttl_seconds", t, MAX_TTL_SECONDS))
        .transpose()
}

/// `dnd_duration_seconds` of operation `op` from another language's
/// integer, if given: 0 (clears) to [`MAX_DND_DURATION`].
pub fn dnd_duration_arg(
    op: &'static str,
    value: Option<i64>,
) -> Result<Option<std::time::Duration>> {
    let max = MAX_DND_DURATION.as_secs();
    value
        .map(|d| seconds_arg(op, "dnd_duration_seconds", d, max))
        .transpose()
}

/// A whole number of seconds from another language's integer, `0..=max`,
/// for argument `field` of operation `op`.
pub fn seconds_arg(
    op: &'static str,
    field: &str,
    value: i64,
    max: u64,
) -> Result<std::time::Duration> {
    match u64::try_from(value) {
        Ok(v) if v <= max => Ok(std::time::Duration::from_secs(v)),
        _ => Err(Error::invalid(
            field,
            format!("must be a whole number of seconds, 0 to {max} (got {value})"),
        )
        .with_operation(op)),
    }
}

/// A bulk operation's `total` (what `progress.total` says, for a lazy
/// source of known length) from another language's integer, if given: a
/// count, 0 or more.
pub fn total_arg(op: &'static str, value: Option<i64>) -> Result<Option<u64>> {
    value
        .map(|t| {
            u64::try_from(t).map_err(|_| {
                Error::invalid("total", format!("must be a count, 0 or more (got {t})"))
                    .with_operation(op)
            })
        })
        .transpose()
}
