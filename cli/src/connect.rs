//! The client, from the environment and the options: secrets from the
//! environment or files only, never from the command line.

use std::path::Path;

use chat_platform::{Client, Region};

use crate::args::{Connection, RegionArg};
use crate::error::CliError;

const CLIENT_SECRET: &str = "CHAT_PLATFORM_CLIENT_SECRET";
const APP_CERTIFICATE: &str = "CHAT_PLATFORM_APP_CERTIFICATE";
const SHARED_STORE: &str = "CHAT_PLATFORM_SHARED_STORE";

/// The client `c` describes; a usage error (exit 2) names what is missing
/// or refused, before anything is sent.
pub fn client(c: &Connection) -> Result<Client, CliError> {
    refuse_secret_options(c)?;
    let mut b = Client::builder();
    b = match (&c.base_url, c.region) {
        (Some(url), _) => b.base_url(url.clone()),
        (None, Some(r)) => b.region(region(r)),
        (None, None) => {
            return Err(CliError::usage(
                "no service given: set CHAT_PLATFORM_BASE_URL (or CHAT_PLATFORM_REGION), or pass --base-url / --region",
            ))
        }
    };
    let Some(app_key) = &c.app_key else {
        return Err(CliError::usage(
            "no app given: set CHAT_PLATFORM_APP_KEY to org#app, or pass --app-key",
        ));
    };
    b = b.app_key(app_key.clone());
    b = match (&c.client_id, &c.app_id) {
        (Some(id), _) => {
            let secret = required(
                CLIENT_SECRET,
                c.client_secret_file.as_deref(),
                "--client-secret-file",
                "client secret",
                id,
            )?;
            b.client_credentials(id.clone(), secret)
        }
        (None, Some(app_id)) => {
            let cert = required(
                APP_CERTIFICATE,
                c.app_certificate_file.as_deref(),
                "--app-certificate-file",
                "app certificate",
                app_id,
            )?;
            b.app_certificate(app_id.clone(), cert)
        }
        (None, None) => {
            return Err(CliError::usage(
                "no credentials: set CHAT_PLATFORM_CLIENT_ID and CHAT_PLATFORM_CLIENT_SECRET \
                 (or CHAT_PLATFORM_APP_ID and CHAT_PLATFORM_APP_CERTIFICATE)",
            ))
        }
    };
    let store = match &c.shared_store {
        Some(url) => Some(url.clone()),
        None => std::env::var(SHARED_STORE).ok().filter(|v| !v.is_empty()),
    };
    b = b
        .shared_store_opt(store)
        .rate_limit_scale(c.rate_limit_scale);
    b.build().map_err(|e| CliError::usage(e.to_string()))
}

fn region(r: RegionArg) -> Region {
    match r {
        RegionArg::Domestic1 => Region::Domestic1,
        RegionArg::Domestic2 => Region::Domestic2,
        RegionArg::Singapore1 => Region::Singapore1,
    }
}

/// A secret on the command line is visible to every user of the machine
/// (`ps`, shell history): refused, with what to do instead. The value is
/// never repeated.
fn refuse_secret_options(c: &Connection) -> Result<(), CliError> {
    if c.client_secret.is_some() {
        return Err(CliError::usage(format!(
            "--client-secret is refused: a secret on the command line is visible to every user of \
             this machine; set {CLIENT_SECRET}, or pass --client-secret-file FILE"
        )));
    }
    if c.app_certificate.is_some() {
        return Err(CliError::usage(format!(
            "--app-certificate is refused: a secret on the command line is visible to every user of \
             this machine; set {APP_CERTIFICATE}, or pass --app-certificate-file FILE"
        )));
    }
    if let Some(url) = &c.shared_store {
        if has_password(url) {
            return Err(CliError::usage(format!(
                "--shared-store is refused with a password in its URL: a secret on the command line \
                 is visible to every user of this machine; set {SHARED_STORE} instead"
            )));
        }
    }
    Ok(())
}

/// Whether a URL carries a password (`scheme://user:password@host`, or
/// `scheme://:password@host`).
fn has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'))
}

/// The `what` that goes with `id`, from the variable `var` or `file`: a
/// usage error says where to put it when there is none.
fn required(
    var: &str,
    file: Option<&Path>,
    option: &str,
    what: &str,
    id: &str,
) -> Result<String, CliError> {
    secret(var, file, option)?.ok_or_else(|| {
        CliError::usage(format!(
            "no {what} for {id}: set {var}, or pass {option} FILE"
        ))
    })
}

/// The secret from the variable `var`, or else from `file` (its first line,
/// without the line end).
fn secret(var: &str, file: Option<&Path>, option: &str) -> Result<Option<String>, CliError> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("{option} {}: cannot read it: {e}", path.display()))
        })?;
        let first = text.lines().next().unwrap_or("").trim().to_string();
        if first.is_empty() {
            return Err(CliError::usage(format!(
                "{option} {}: the file is empty",
                path.display()
            )));
        }
        return Ok(Some(first));
    }
    Ok(std::env::var(var).ok().filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::has_password;

    #[test]
    fn passwords_in_urls_are_found() {
        assert!(has_password("redis://:pw@host:6379/0"));
        assert!(has_password("rediss://me:pw@host"));
        assert!(!has_password("redis://host:6379/0"));
        assert!(!has_password("redis://me@host:6379"));
        assert!(!has_password("redis://host/0?x=a:b@c"));
    }
}
