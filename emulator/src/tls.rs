//! HTTPS on request: a CA and a server certificate made at start (for
//! `localhost`, `127.0.0.1`, `::1` and the bound host), so clients, and their
//! users' tests, cover TLS end to end by trusting the CA.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

/// The certificates of one emulator run.
#[derive(Clone)]
pub(crate) struct Tls {
    /// The CA's certificate, PEM: what a client must trust.
    pub ca_pem: String,
    pub acceptor: TlsAcceptor,
}

fn err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("emulator TLS setup failed: {e}"))
}

impl Tls {
    /// Makes a fresh CA and a server certificate for `host`.
    pub(crate) fn generate(host: &str) -> std::io::Result<Tls> {
        let ca_key = KeyPair::generate().map_err(err)?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca.distinguished_name
            .push(DnType::CommonName, "chat-platform emulator CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).map_err(err)?;

        let mut names = vec![
            "localhost".to_owned(),
            "127.0.0.1".to_owned(),
            "::1".to_owned(),
        ];
        if !names.iter().any(|n| n == host) && !host.is_empty() && host != "0.0.0.0" {
            names.push(host.to_owned());
        }
        let key = KeyPair::generate().map_err(err)?;
        let mut leaf = CertificateParams::new(names).map_err(err)?;
        leaf.distinguished_name
            .push(DnType::CommonName, "chat-platform emulator");
        let issuer = rcgen::Issuer::from_params(&ca, &ca_key);
        let leaf_cert = leaf.signed_by(&key, &issuer).map_err(err)?;

        let chain = vec![
            CertificateDer::from(leaf_cert.der().to_vec()),
            CertificateDer::from(ca_cert.der().to_vec()),
        ];
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(err)?
            .with_no_client_auth()
            .with_single_cert(chain, private)
            .map_err(err)?;
        Ok(Tls {
            ca_pem: ca_cert.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }
}
