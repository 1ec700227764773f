//! The shared app token at rest: sealed (ChaCha20-Poly1305, from aws-lc-rs)
//! under a key derived (HKDF-SHA256) from the app's secret, so that whoever
//! reads the store's keys alone cannot use the token.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use aws_lc_rs::hkdf::{Salt, HKDF_SHA256};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;

const SALT: &[u8] = b"chat-platform shared app token v1";
const PREFIX: &str = "v1.";

/// A key derived from a secret, bound to the store key it seals for.
pub(crate) struct Sealer {
    key: LessSafeKey,
    aad: Vec<u8>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(***)")
    }
}

impl Sealer {
    /// `secret`: the client secret (or app certificate); `context`: the
    /// store key, so a blob copied under another key does not open.
    pub(crate) fn new(secret: &str, context: &str) -> Option<Self> {
        let prk = Salt::new(HKDF_SHA256, SALT).extract(secret.as_bytes());
        let info = [context.as_bytes()];
        let okm = prk.expand(&info, &CHACHA20_POLY1305).ok()?;
        let key = LessSafeKey::new(UnboundKey::from(okm));
        Some(Sealer {
            key,
            aad: context.as_bytes().to_vec(),
        })
    }

    /// `v1.` + base64(nonce ‖ ciphertext ‖ tag).
    pub(crate) fn seal(&self, plain: &[u8]) -> Option<String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).ok()?;
        let mut buf = plain.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&self.aad[..]),
                &mut buf,
            )
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        Some(format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
        ))
    }

    /// The plain bytes, or `None` for anything not sealed by this key.
    pub(crate) fn open(&self, blob: &str) -> Option<Vec<u8>> {
        let raw = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(blob.strip_prefix(PREFIX)?)
            .ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = sealed.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(&self.aad[..]), &mut buf)
            .ok()?;
        Some(plain.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_with_the_same_secret_and_key() {
        let s = Sealer::new("client-secret", "chat-platform:{o#a}:token:id").unwrap();
        let blob = s.seal(b"YWMt-token").unwrap();
        assert!(blob.starts_with("v1."));
        assert!(!blob.contains("YWMt"));
        assert_eq!(s.open(&blob).unwrap(), b"YWMt-token");
        // A fresh nonce each time.
        assert_ne!(s.seal(b"YWMt-token").unwrap(), blob);
        let other = Sealer::new("another-secret", "chat-platform:{o#a}:token:id").unwrap();
        assert!(other.open(&blob).is_none());
        let moved = Sealer::new("client-secret", "chat-platform:{o#b}:token:id").unwrap();
        assert!(moved.open(&blob).is_none());
        assert!(s.open("v1.!!").is_none());
        assert!(s.open("plain").is_none());
        let mut tampered = blob.clone();
        tampered.pop();
        tampered.push(if blob.ends_with('A') { 'B' } else { 'A' });
        assert!(s.open(&tampered).is_none());
    }
}
