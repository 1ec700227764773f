//! Core errors as JavaScript `Error`s with a stable `code` and the details as properties.

use chat_platform::Error as CoreError;
use napi::bindgen_prelude::*;

/// Builds the JS error object on the JS thread and wraps it so that napi
/// rejects (or throws) with that very object.
pub(crate) fn to_js(env: &Env, e: &CoreError) -> napi::Error {
    match error_object(env, e) {
        Ok(obj) => napi::Error::from(obj.to_unknown()),
        Err(err) => err,
    }
}

/// [`to_js`], with `cause` set to a JavaScript error the operation ended on
/// (what a source threw).
pub(crate) fn to_js_caused(env: &Env, e: &CoreError, cause: Option<napi::Error>) -> napi::Error {
    let Some(cause) = cause else {
        return to_js(env, e);
    };
    let build = || -> Result<napi::Error> {
        let mut obj = error_object(env, e)?;
        obj.set("cause", cause)?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|err| err)
}

/// The JS `Error` of a core error: message, `code` and the details as properties.
pub(crate) fn error_object<'e>(env: &'e Env, e: &CoreError) -> Result<Object<'e>> {
    let build = || -> Result<Object<'e>> {
        let mut obj = env.create_error(napi::Error::new(
            Status::GenericFailure,
            e.to_string_camel_case(),
        ))?;
        obj.set("code", e.kind().code())?;
        obj.set("status", e.status())?;
        obj.set("serverCode", e.server_code())?;
        obj.set("serverDescription", e.description())?;
        obj.set("description", e.description())?;
        obj.set(
            "retryAfter",
            e.retry_after().map(|d| d.as_secs_f64() * 1000.0),
        )?;
        obj.set("retryable", e.is_retryable())?;
        obj.set("field", e.field_camel_case())?;
        obj.set("operation", e.operation_camel_case())?;
        obj.set("timeout", e.is_timeout())?;
        obj.set("uncertain", e.is_uncertain())?;
        Ok(obj)
    };
    build()
}

/// A Rust panic, reported as an `Error` with code `INTERNAL` instead of aborting Node.
pub(crate) fn internal(env: &Env, message: &str) -> napi::Error {
    let build = || -> Result<napi::Error> {
        let mut obj = env.create_error(napi::Error::new(
            Status::GenericFailure,
            format!("internal error in the Rust core (please report it): {message}"),
        ))?;
        obj.set("code", "INTERNAL")?;
        obj.set("retryable", false)?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|err| err)
}

/// An invalid argument detected while reading JS values (thrown as a `TypeError`-like error).
pub(crate) fn invalid_arg(message: String) -> napi::Error {
    napi::Error::new(Status::InvalidArg, message)
}
