//! `POST /token`: app tokens (client credentials, or an Agora AccessToken2
//! app token exchanged by the `agora` grant) and user tokens (password and
//! inherit grants).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{KeyInit, Mac};
use serde_json::{json, Map, Value};

use crate::app::{App, Req, State};
use crate::h_users::{legal_username, str_field};
use crate::reply::{ApiError, Reply};

const GRANT_EX: &str = "org.apache.usergrid.management.exceptions.InvalidGrantException";
/// Inherit-grant tokens live 60 days unless asked otherwise.
const INHERIT_TTL: u64 = 60 * 24 * 3600;

fn invalid_grant(status: u16, d: &str) -> ApiError {
    ApiError::new(status, "invalid_grant", GRANT_EX, d)
}

/// `ttl` as the docs allow it: a number or a numeric string of seconds.
fn ttl_field(o: &Map<String, Value>) -> Result<Option<u64>, ApiError> {
    match o.get("ttl") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| ApiError::illegal("ttl must be a non-negative integer")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::illegal("ttl must be a non-negative integer")),
        Some(_) => Err(ApiError::illegal("ttl must be a non-negative integer")),
    }
}

pub(crate) fn token(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let v = req.json()?;
    let o = v
        .as_object()
        .ok_or_else(|| ApiError::illegal("the request body must be a JSON object"))?;
    match str_field(o, "grant_type")?.unwrap_or("") {
        "client_credentials" => client_credentials(app, st, o),
        "password" => password(app, st, o),
        "inherit" => inherit(app, st, req, o),
        "agora" => agora(app, st, req),
        other => Err(ApiError::illegal(format!(
            "unsupported grant_type {other:?}"
        ))),
    }
}

fn client_credentials(
    app: &App,
    st: &mut State,
    o: &Map<String, Value>,
) -> Result<Reply, ApiError> {
    let id = str_field(o, "client_id")?.unwrap_or("");
    let secret = str_field(o, "client_secret")?.unwrap_or("");
    if id.is_empty() {
        return Err(ApiError::illegal("client_id must be provided."));
    }
    if secret.is_empty() {
        return Err(ApiError::illegal("client_secret must be provided"));
    }
    if id != st.config.client_id {
        return Err(invalid_grant(400, "client_id does not match"));
    }
    if secret != st.config.client_secret {
        return Err(invalid_grant(400, "client_secret does not match"));
    }
    let ttl = ttl_field(o)?.unwrap_or(st.config.token_ttl_secs);
    let token = app.grant_for(st, ttl, None);
    Ok(Reply::json(
        200,
        &json!({ "access_token": token, "expires_in": ttl, "application": app.app_uuid }),
    ))
}

fn user_reply(app: &App, st: &mut State, seq: u64, ttl: u64) -> Result<Reply, ApiError> {
    let u = st
        .store
        .get(seq)
        .ok_or_else(|| invalid_grant(404, "user not found"))?;
    let entity = u.entity();
    let name = u.username.to_ascii_lowercase();
    let token = app.grant_for(st, ttl, Some(name));
    Ok(Reply::json(
        200,
        &json!({ "access_token": token, "expires_in": ttl, "user": entity }),
    ))
}

fn password(app: &App, st: &mut State, o: &Map<String, Value>) -> Result<Reply, ApiError> {
    let name = str_field(o, "username")?.unwrap_or("");
    let pw = str_field(o, "password")?.unwrap_or("");
    legal_username(name)?;
    let ttl = ttl_field(o)?.unwrap_or(st.config.token_ttl_secs);
    let seq = st
        .store
        .find(name)
        .ok_or_else(|| invalid_grant(404, "user not found"))?;
    let u = st
        .store
        .get(seq)
        .ok_or_else(|| invalid_grant(404, "user not found"))?;
    if &*u.password != pw {
        return Err(invalid_grant(400, "invalid password"));
    }
    if !u.activated {
        return Err(invalid_grant(400, "user not activated"));
    }
    user_reply(app, st, seq, ttl)
}

fn inherit(
    app: &App,
    st: &mut State,
    req: &Req,
    o: &Map<String, Value>,
) -> Result<Reply, ApiError> {
    app.authorize(st, req)?;
    let name = str_field(o, "username")?.unwrap_or("");
    legal_username(name)?;
    let create = match o.get("autoCreateUser") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let ttl = ttl_field(o)?.unwrap_or(INHERIT_TTL);
    let seq = match st.store.find(name) {
        Some(seq) => seq,
        None if create => {
            let pw = format!("{:016x}", fastrand::u64(..));
            st.store
                .create(name, &pw, None)
                .ok_or_else(|| ApiError::illegal("concurrency create app user failed"))?
        }
        None => {
            return Err(ApiError::new(
                404,
                "entity_not_found",
                "org.apache.usergrid.persistence.exceptions.EntityNotFoundException",
                format!("User {name} not found"),
            ))
        }
    };
    if st.store.get(seq).is_some_and(|u| !u.activated) {
        return Err(invalid_grant(400, "user not activated"));
    }
    user_reply(app, st, seq, ttl)
}

/// The `agora` grant: the bearer is an AccessToken2 app token of this app,
/// signed with its certificate and not expired; the chat token expires with it.
fn agora(app: &App, st: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let corrupt = || {
        ApiError::new(
            401,
            "auth_bad_access_token",
            "org.apache.usergrid.rest.exceptions.SecurityException",
            "Unable to authenticate due to corrupt access token",
        )
    };
    let bearer = req
        .authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(corrupt)?;
    let t = AccessToken2::parse(bearer).ok_or_else(corrupt)?;
    if t.app_id != st.config.app_id
        || !t.signed_with(&st.config.app_certificate)
        || !t.app_privilege
    {
        return Err(corrupt());
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let ends = u64::from(t.issue_ts) + u64::from(t.expire);
    if ends <= now {
        return Err(ApiError::unauthorized(
            "Unable to authenticate due to expired access token",
        ));
    }
    let ttl = ends - now;
    let token = app.grant_for(st, ttl, None);
    Ok(Reply::json(
        200,
        &json!({ "access_token": token, "expires_in": ttl, "expire_timestamp": ends * 1000 }),
    ))
}

/// What the emulator reads of an AccessToken2 ("007") token.
struct AccessToken2 {
    app_id: String,
    issue_ts: u32,
    expire: u32,
    salt: u32,
    /// The chat service grants the "app" privilege (2).
    app_privilege: bool,
    signature: Vec<u8>,
    signed: Vec<u8>,
}

impl AccessToken2 {
    fn parse(token: &str) -> Option<AccessToken2> {
        use std::io::Read;
        let raw = crate::b64::decode(token.strip_prefix("007")?)?;
        let mut content = Vec::new();
        flate2::read::ZlibDecoder::new(&raw[..])
            .take(64 * 1024)
            .read_to_end(&mut content)
            .ok()?;
        let mut at = 0usize;
        let mut take = |n: usize| -> Option<&[u8]> {
            let s = content.get(at..at + n)?;
            at += n;
            Some(s)
        };
        let u16_ = |b: &[u8]| u16::from_le_bytes([b[0], b[1]]);
        let u32_ = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let n = u16_(take(2)?) as usize;
        let signature = take(n)?.to_vec();
        let start = 2 + n;
        let n = u16_(take(2)?) as usize;
        let app_id = String::from_utf8(take(n)?.to_vec()).ok()?;
        let issue_ts = u32_(take(4)?);
        let expire = u32_(take(4)?);
        let salt = u32_(take(4)?);
        let services = u16_(take(2)?);
        let mut app_privilege = false;
        for _ in 0..services {
            let kind = u16_(take(2)?);
            let privileges = u16_(take(2)?);
            for _ in 0..privileges {
                let p = u16_(take(2)?);
                take(4)?;
                if kind == 5 && p == 2 {
                    app_privilege = true;
                }
            }
            // Only chat tokens are read further: their one field is the user id.
            if kind != 5 {
                return None;
            }
            let n = u16_(take(2)?) as usize;
            take(n)?;
        }
        Some(AccessToken2 {
            app_id,
            issue_ts,
            expire,
            salt,
            app_privilege,
            signature,
            signed: content[start..].to_vec(),
        })
    }

    fn signed_with(&self, certificate: &str) -> bool {
        type H = hmac::Hmac<sha2::Sha256>;
        let mac = |key: &[u8], msg: &[u8]| -> Vec<u8> {
            let mut m = <H as KeyInit>::new_from_slice(key).expect("any key length");
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        };
        let k1 = mac(&self.issue_ts.to_le_bytes(), certificate.as_bytes());
        let key = mac(&self.salt.to_le_bytes(), &k1);
        let mut m = <H as KeyInit>::new_from_slice(&key).expect("any key length");
        m.update(&self.signed);
        m.verify_slice(&self.signature).is_ok()
    }
}
