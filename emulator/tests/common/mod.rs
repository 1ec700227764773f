//! A minimal blocking HTTP/1.1 client for the emulator's tests (no shared
//! code with the client crate).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;

use chat_platform_emulator::Emulator;
use serde_json::Value;

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    pub raw: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or("")
    }
    pub fn description(&self) -> &str {
        self.body["error_description"].as_str().unwrap_or("")
    }
}

/// Sends one request; `Err` when the connection closed without an answer.
pub fn send(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> Result<Resp, String> {
    send_typed(addr, method, path, token, "application/json", body)
}

/// [`send`] with a body of this content type.
pub fn send_typed(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: Option<&[u8]>,
) -> Result<Resp, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: application/json\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or(b"");
    if !body.is_empty() || method == "POST" || method == "PUT" {
        req.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let _ = s.write_all(body);
    let mut out = Vec::new();
    s.read_to_end(&mut out).map_err(|e| e.to_string())?;
    if out.is_empty() {
        return Err("connection closed without a response".into());
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, payload) = text.split_once("\r\n\r\n").ok_or("no header end")?;
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let body = serde_json::from_str(payload).unwrap_or(Value::Null);
    Ok(Resp {
        status,
        headers,
        body,
        raw: payload.to_owned(),
    })
}

pub struct Api {
    pub addr: String,
    pub prefix: String,
    pub token: String,
}

impl Api {
    pub fn new(emu: &Emulator) -> Api {
        let addr = emu.addr().to_string();
        let prefix = format!("/{}/{}", emu.org(), emu.app());
        let body = serde_json::json!({"grant_type": "client_credentials", "client_id": emu.client_id(), "client_secret": emu.client_secret()});
        let r = send(
            &addr,
            "POST",
            &format!("{prefix}/token"),
            None,
            Some(body.to_string().as_bytes()),
        )
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.raw);
        let token = r.body["access_token"].as_str().unwrap().to_owned();
        Api {
            addr,
            prefix,
            token,
        }
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let b = body.map(|v| v.to_string());
        send(
            &self.addr,
            method,
            &format!("{}{path}", self.prefix),
            Some(&self.token),
            b.as_deref().map(str::as_bytes),
        )
        .unwrap()
    }

    pub fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &[u8],
    ) -> Result<Resp, String> {
        send(
            &self.addr,
            method,
            &format!("{}{path}", self.prefix),
            token,
            Some(body),
        )
    }

    pub fn admin(&self, method: &str, what: &str, body: Option<Value>) -> Resp {
        let b = body.map(|v| v.to_string());
        send(
            &self.addr,
            method,
            &format!("/_emulator/{what}"),
            None,
            b.as_deref().map(str::as_bytes),
        )
        .unwrap()
    }

    pub fn register(&self, names: &[&str]) {
        let users: Vec<Value> = names
            .iter()
            .map(|n| serde_json::json!({"username": n, "password": "pw"}))
            .collect();
        for chunk in users.chunks(60) {
            let r = self.call("POST", "/users", Some(Value::Array(chunk.to_vec())));
            assert_eq!(r.status, 200, "{}", r.raw);
        }
    }
}
