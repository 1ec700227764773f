//! Helpers shared by the integration tests: the scenario's argument
//! generators and matcher, a scripted transport, and client constructors.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chat_platform::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportFuture, TransportResult,
};
use chat_platform::Client;
use chat_platform_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};

/// `n` concurrent `get_user(username)` calls, each on its own task, their
/// results in order.
pub async fn concurrent_get_user(
    client: &Client,
    n: usize,
    username: &str,
) -> Vec<chat_platform::Result<chat_platform::User>> {
    let calls = (0..n).map(|_| {
        let (c, u) = (client.clone(), username.to_owned());
        tokio::spawn(async move { c.get_user(&u).await })
    });
    let joined = futures_util::future::join_all(calls).await;
    joined
        .into_iter()
        .map(|r| r.expect("the task ran"))
        .collect()
}

/// Expands the scenario's argument generators.
pub fn expand(v: &Value, saved: &HashMap<String, Value>) -> Value {
    match v {
        Value::String(s) if s.starts_with('$') => {
            saved.get(&s[1..]).cloned().unwrap_or_else(|| v.clone())
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("$repeat") => {
            let a = &m["$repeat"];
            Value::String(
                a[0].as_str()
                    .unwrap()
                    .repeat(a[1].as_u64().unwrap() as usize),
            )
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("$users") => {
            let g = &m["$users"];
            let (p, n, pw) = (
                g["prefix"].as_str().unwrap(),
                g["count"].as_u64().unwrap(),
                g["password"].as_str().unwrap(),
            );
            Value::Array(
                (0..n)
                    .map(|i| json!({"username": format!("{p}{i}"), "password": pw}))
                    .collect(),
            )
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("$names") => {
            let g = &m["$names"];
            let (p, n) = (g["prefix"].as_str().unwrap(), g["count"].as_u64().unwrap());
            Value::Array((0..n).map(|i| Value::String(format!("{p}{i}"))).collect())
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("$nicknames") => {
            let g = &m["$nicknames"];
            let (p, n) = (g["prefix"].as_str().unwrap(), g["count"].as_u64().unwrap());
            let nick = g["nickname"].as_str().unwrap();
            Value::Array(
                (0..n)
                    .map(|i| serde_json::json!({"username": format!("{p}{i}"), "nickname": format!("{nick}{i}")}))
                    .collect(),
            )
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), expand(v, saved)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| expand(x, saved)).collect()),
        other => other.clone(),
    }
}

/// Checks `actual` against the scenario's expectation language.
pub fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match expected {
        Value::Object(m) if m.contains_key("$len") => {
            let n = m["$len"].as_u64().unwrap() as usize;
            let len = match actual {
                Value::Array(a) => a.len(),
                Value::String(s) => s.chars().count(),
                _ => {
                    return Err(format!(
                        "{path}: expected something with length {n}, got {actual}"
                    ))
                }
            };
            if len == n {
                Ok(())
            } else {
                Err(format!("{path}: expected length {n}, got {len}"))
            }
        }
        Value::Object(m) if m.contains_key("$type") => {
            let t = m["$type"].as_str().unwrap();
            let ok = match t {
                "string" => actual.is_string(),
                "number" => actual.is_number(),
                "boolean" => actual.is_boolean(),
                _ => false,
            };
            if ok {
                Ok(())
            } else {
                Err(format!("{path}: expected a {t}, got {actual}"))
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                let a = actual.get(k).unwrap_or(&Value::Null);
                matches(v, a, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        Value::Array(e) => {
            let a = actual
                .as_array()
                .ok_or_else(|| format!("{path}: expected an array, got {actual}"))?;
            if a.len() != e.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                matches(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        other => {
            if other == actual {
                Ok(())
            } else {
                Err(format!("{path}: expected {other}, got {actual}"))
            }
        }
    }
}

/// A client builder for an emulator: its URL, app key and credentials.
pub fn builder_for(emu: &Emulator) -> chat_platform::ClientBuilder {
    Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
}

/// A client for an emulator, at the defaults.
pub fn client_for(emu: &Emulator) -> Client {
    builder_for(emu).build().expect("client")
}

pub fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::default()).expect("emulator")
}

type Responder = dyn Fn(&HttpRequest, usize) -> TransportResult + Send + Sync;

/// A transport that answers from a closure and records every request.
pub struct Scripted {
    respond: Box<Responder>,
    pub log: Mutex<Vec<HttpRequest>>,
    pub delay: Duration,
}

impl Scripted {
    pub fn new(
        f: impl Fn(&HttpRequest, usize) -> TransportResult + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(Scripted {
            respond: Box::new(f),
            log: Mutex::new(Vec::new()),
            delay: Duration::ZERO,
        })
    }

    pub fn with_delay(
        f: impl Fn(&HttpRequest, usize) -> TransportResult + Send + Sync + 'static,
        delay: Duration,
    ) -> Arc<Self> {
        Arc::new(Scripted {
            respond: Box::new(f),
            log: Mutex::new(Vec::new()),
            delay,
        })
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self, path_suffix: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.url.split('?').next().unwrap().ends_with(path_suffix))
            .count()
    }

    pub fn total(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

impl Transport for Scripted {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            let n = {
                let mut log = self.log.lock().unwrap();
                log.push(request.clone());
                log.len() - 1
            };
            (self.respond)(&request, n)
        })
    }
}

pub fn resp(status: u16, body: &str) -> TransportResult {
    Ok(HttpResponse {
        status,
        retry_after: None,
        body: body.to_owned().into(),
    })
}

pub fn resp_after(status: u16, retry_after: &str, body: &str) -> TransportResult {
    Ok(HttpResponse {
        status,
        retry_after: Some(retry_after.into()),
        body: body.to_owned().into(),
    })
}

pub fn broken(stage: chat_platform::transport::FailureStage) -> TransportResult {
    Err(TransportError {
        stage,
        timeout: false,
        message: "connection reset by peer".into(),
    })
}

pub const TOKEN_OK: &str =
    r#"{"access_token":"YWMt-test-token-0001","expires_in":3600,"application":"app-uuid"}"#;
pub const USER_OK: &str = r#"{"action":"get","entities":[{"uuid":"u-1","type":"user","username":"user1","activated":true}],"count":1}"#;
pub const SECRET: &str = "client-secret-VALUE-42";

/// A client over a scripted transport; the token route answers `TOKEN_OK`
/// unless `respond` handles it.
pub fn scripted_client(
    t: Arc<Scripted>,
    clock: Option<chat_platform::clock::ManualClock>,
) -> Client {
    let mut b = Client::builder()
        .base_url("https://api.example.test")
        .app_key("test-org#test-app")
        .client_credentials("client-id", SECRET)
        .transport(t)
        .retry_policy(chat_platform::RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..Default::default()
        })
        .min_token_interval(Duration::ZERO);
    if let Some(c) = clock {
        b = b.clock(Arc::new(c));
    }
    b.build().expect("client")
}

pub fn is_token(r: &HttpRequest) -> bool {
    r.url.ends_with("/token")
}
