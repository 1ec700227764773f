//! The token's bytes: packing and signing a new one, reading one back.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{KeyInit, Mac};

use super::*;
use crate::error::{Error, Result};
use crate::secret::Secret;

pub(super) type HmacSha256 = hmac::Hmac<sha2::Sha256>;

pub(super) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn mint(
    op: &'static str,
    app_id: &str,
    app_certificate: &str,
    user_id: &str,
    privilege: u16,
    expire_seconds: u32,
    options: MintOptions,
) -> Result<MintedToken> {
    check_hex32("app_id", app_id, true).map_err(|e| e.with_operation(op))?;
    check_hex32("app_certificate", app_certificate, false).map_err(|e| e.with_operation(op))?;
    if expire_seconds == 0 || expire_seconds > MAX_EXPIRE_SECONDS {
        return Err(Error::invalid(
            "expire_seconds",
            format!(
                "must be 1-{MAX_EXPIRE_SECONDS} seconds (the service's maximum is 24 hours; got {expire_seconds})"
            ),
        )
        .with_operation(op));
    }
    if options.salt.is_some_and(|s| s == 0 || s > 99_999_999) {
        return Err(Error::invalid("salt", "must be 1-99,999,999 when given").with_operation(op));
    }
    let issued_at = options
        .issued_at
        .unwrap_or_else(|| u32::try_from(now_secs()).unwrap_or(u32::MAX));
    let salt = options
        .salt
        .unwrap_or_else(|| fastrand::u32(1..=99_999_999));

    let mut service = Vec::with_capacity(16 + user_id.len());
    put_u16(&mut service, SERVICE_CHAT);
    put_u16(&mut service, 1); // one privilege
    put_u16(&mut service, privilege);
    put_u32(&mut service, expire_seconds);
    put_str(&mut service, user_id.as_bytes());

    let mut info = Vec::with_capacity(64 + service.len());
    put_str(&mut info, app_id.as_bytes());
    put_u32(&mut info, issued_at);
    put_u32(&mut info, expire_seconds);
    put_u32(&mut info, salt);
    put_u16(&mut info, 1); // one service
    info.extend_from_slice(&service);

    let key = signing_key(app_certificate.as_bytes(), issued_at, salt);
    let mut mac = HmacSha256::new_from_slice(&key)
        .map_err(|_| Error::invalid("app_certificate", "cannot be used as a key"))?;
    mac.update(&info);
    let signature = mac.finalize().into_bytes();

    let mut content = Vec::with_capacity(2 + signature.len() + info.len());
    put_str(&mut content, &signature);
    content.extend_from_slice(&info);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(&content)
        .and_then(|()| z.finish())
        .map(|compressed| MintedToken {
            token: Secret::new(format!(
                "{VERSION}{}",
                base64::engine::general_purpose::STANDARD.encode(compressed)
            )),
            issued_at: u64::from(issued_at),
            expire_seconds,
            expires_at: u64::from(issued_at) + u64::from(expire_seconds),
        })
        .map_err(|e| Error::decode(format!("compressing the token failed: {e}")).with_operation(op))
}

/// `HMAC(u32(salt), HMAC(u32(issued_at), certificate))`.
pub(super) fn signing_key(certificate: &[u8], issued_at: u32, salt: u32) -> Vec<u8> {
    let step = |key: &[u8], msg: &[u8]| -> Vec<u8> {
        // HMAC takes keys of any length: this cannot fail.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC accepts any key");
        mac.update(msg);
        mac.finalize().into_bytes().to_vec()
    };
    let k1 = step(&issued_at.to_le_bytes(), certificate);
    step(&salt.to_le_bytes(), &k1)
}

pub(super) fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(super) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(super) fn put_str(out: &mut Vec<u8>, b: &[u8]) {
    put_u16(out, b.len() as u16);
    out.extend_from_slice(b);
}

/// Reads fields off a token's decompressed bytes.
pub(super) struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if self.buf.len() < n {
            return Err(bad(format!("it ends inside the {what}")));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }
    fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn bytes(&mut self, what: &str) -> Result<&'a [u8]> {
        let n = self.u16(what)? as usize;
        self.take(n, what)
    }
    fn string(&mut self, what: &str) -> Result<String> {
        String::from_utf8(self.bytes(what)?.to_vec())
            .map_err(|_| bad(format!("its {what} is not UTF-8")))
    }
}

pub(super) fn bad(why: impl fmt::Display) -> Error {
    Error::invalid(
        "token",
        format!("is not an AccessToken2 (\"007...\") token: {why}"),
    )
    .with_operation("parse_chat_token")
}

/// Reads a token's app ID, issue time, expiry, salt and services with their
/// privileges. Needs no secret, and proves nothing: check the signature with
/// [`TokenInfo::verify`] and the app certificate. The token's text never
/// appears in an error.
pub fn parse(token: &str) -> Result<TokenInfo> {
    let token = token.trim();
    if token.len() > MAX_TOKEN_CHARS {
        return Err(bad(format!(
            "it is longer than {MAX_TOKEN_CHARS} characters"
        )));
    }
    let Some(body) = token.strip_prefix(VERSION) else {
        return Err(bad("it does not start with the version 007"));
    };
    let raw = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| bad("it is not base64 after the version"))?;
    let mut content = Vec::new();
    flate2::read::ZlibDecoder::new(&raw[..])
        .take(64 * 1024)
        .read_to_end(&mut content)
        .map_err(|_| bad("it is not zlib data after base64"))?;
    let mut r = Reader { buf: &content };
    let signature = r.bytes("signature")?.to_vec();
    let signing_info = r.buf.to_vec();
    let app_id = r.string("app ID")?;
    let issued_at = r.u32("issue time")?;
    let expire_seconds = r.u32("expiry")?;
    let salt = r.u32("salt")?;
    let count = r.u16("service count")?;
    let mut services = Vec::with_capacity(count.into());
    for _ in 0..count {
        let service_type = r.u16("service type")?;
        let n = r.u16("privileges")?;
        let mut privileges = BTreeMap::new();
        for _ in 0..n {
            let p = r.u16("privilege")?;
            let v = r.u32("privilege")?;
            privileges.insert(p, v);
        }
        let (name, user_id, channel) = match service_type {
            1 | 3 => {
                let channel = r.string("channel name")?;
                let _uid = r.string("uid")?;
                (
                    if service_type == 1 {
                        "rtc"
                    } else {
                        "streaming"
                    },
                    None,
                    Some(channel),
                )
            }
            2 => ("rtm", Some(r.string("user id")?), None),
            4 => ("fpa", None, None),
            5 => ("chat", Some(r.string("user id")?), None),
            7 => {
                let _room = r.string("room id")?;
                let user = r.string("user id")?;
                r.take(2, "role")?;
                ("education", Some(user), None)
            }
            other => return Err(bad(format!("unknown service type {other}"))),
        };
        services.push(TokenService {
            service_type,
            name,
            privileges,
            user_id,
            channel,
        });
    }
    Ok(TokenInfo {
        app_id,
        issued_at: u64::from(issued_at),
        expire_seconds,
        expires_at: u64::from(issued_at) + u64::from(expire_seconds),
        salt,
        services,
        signature,
        signing_info,
    })
}
