//! The TLS configuration of the default transport: rustls with aws-lc-rs,
//! verifying against the system's CA roots plus the bundled Mozilla roots, so
//! construction works where no CA store exists (a minimal container).

use std::sync::Arc;

use rustls::crypto::aws_lc_rs;
use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, Result};

/// A client TLS configuration; never panics: a failure is a configuration error.
pub(crate) fn client_config() -> Result<ClientConfig> {
    let provider = Arc::new(aws_lc_rs::default_provider());
    let bundled = webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("TLS setup failed: {e}")))?;
    let config =
        match rustls_platform_verifier::Verifier::new_with_extra_roots(bundled, provider.clone()) {
            Ok(v) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(v))
                .with_no_client_auth(),
            Err(_) => {
                // No usable platform store: the bundled roots alone.
                let mut roots = RootCertStore::empty();
                roots.add_parsable_certificates(
                    webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned(),
                );
                builder.with_root_certificates(roots).with_no_client_auth()
            }
        };
    Ok(config)
}
