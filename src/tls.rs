//! The TLS configuration of the default transport: rustls with aws-lc-rs,
//! verifying against the system's CA roots plus the bundled Mozilla roots (so
//! construction works where no CA store exists, a minimal container), plus
//! the CA certificates the user adds (a TLS-inspecting corporate proxy, the
//! emulator's HTTPS).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::crypto::aws_lc_rs;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, Result};

/// An extra CA certificate to trust, in PEM.
#[derive(Clone, PartialEq, Eq)]
pub enum CaCertificate {
    /// PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks).
    Pem(String),
    /// A PEM file, read when the client is built.
    File(PathBuf),
}

impl fmt::Debug for CaCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaCertificate::Pem(p) => write!(f, "Pem({} bytes)", p.len()),
            CaCertificate::File(p) => f.debug_tuple("File").field(p).finish(),
        }
    }
}

impl CaCertificate {
    /// The certificates it holds; an unreadable file, text with no
    /// certificate or a broken block is a configuration error.
    pub(crate) fn load(&self, index: usize) -> Result<Vec<CertificateDer<'static>>> {
        let (what, text) = match self {
            CaCertificate::Pem(p) => (format!("CA certificate #{}", index + 1), p.clone()),
            CaCertificate::File(path) => {
                let what = format!("CA certificate file {}", path.display());
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Error::config(format!("{what} could not be read: {e}")))?;
                (what, text)
            }
        };
        let certs = CertificateDer::pem_slice_iter(text.as_bytes())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::config(format!("{what} is not valid PEM: {e}")))?;
        if certs.is_empty() {
            return Err(Error::config(format!(
                "{what} holds no certificate: expected a -----BEGIN CERTIFICATE----- block"
            )));
        }
        for c in &certs {
            webpki_root_check(c).map_err(|e| {
                Error::config(format!(
                    "{what} holds a certificate that cannot be a CA: {e}"
                ))
            })?;
        }
        Ok(certs)
    }
}

/// Parses a certificate as a trust anchor (what the verifier will do).
fn webpki_root_check(c: &CertificateDer<'_>) -> std::result::Result<(), String> {
    let mut store = RootCertStore::empty();
    store.add(c.clone()).map_err(|e| e.to_string())
}

/// A client TLS configuration; never panics: a failure is a configuration error.
pub(crate) fn client_config(extra: &[CaCertificate]) -> Result<ClientConfig> {
    let mut added = Vec::new();
    for (i, ca) in extra.iter().enumerate() {
        added.extend(ca.load(i)?);
    }
    let provider = Arc::new(aws_lc_rs::default_provider());
    let bundled = webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("TLS setup failed: {e}")))?;
    let roots = bundled.clone().chain(added.iter().cloned());
    let config = match rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider) {
        Ok(v) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(v))
            .with_no_client_auth(),
        Err(_) => {
            // No usable platform store: the bundled roots and the added ones.
            let mut store = RootCertStore::empty();
            store.add_parsable_certificates(bundled);
            store.add_parsable_certificates(added);
            builder.with_root_certificates(store).with_no_client_auth()
        }
    };
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_certificate_is_a_configuration_error() {
        for (pem, rule) in [
            ("hello", "holds no certificate"),
            (
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "not valid PEM",
            ),
        ] {
            let e = client_config(&[CaCertificate::Pem(pem.into())]).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Configuration);
            assert!(e.to_string().contains(rule), "{e}");
            assert!(e.to_string().contains("CA certificate #1"), "{e}");
        }
        let e = client_config(&[CaCertificate::File("/nonexistent/ca.pem".into())]).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
    }

    #[test]
    fn the_bundled_roots_alone_build() {
        client_config(&[]).unwrap();
    }
}
