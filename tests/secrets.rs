//! No secret (client secret, token, password) in Debug, Display, errors or
//! logs at the most verbose level, across every error kind.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use chat_platform::{Client, ErrorKind, NewUser};
use chat_platform_emulator::{Emulator, EmulatorConfig, Fault, FaultPlan, FaultRule};

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn rule(route: &str, fault: Fault) -> FaultRule {
    FaultRule {
        route: Some(route.into()),
        count: 1,
        fault,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_any_output() {
    let buf = Buf::default();
    let writer = buf.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .try_init()
        .unwrap();

    let secret = "S3CRET-client-secret-value";
    let certificate = "abcdef0123456789abcdef0123456789";
    let emu = Emulator::start(EmulatorConfig {
        client_secret: secret.into(),
        app_certificate: certificate.into(),
        ..EmulatorConfig::default()
    })
    .unwrap();
    let client = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), secret)
        .retry_policy(chat_platform::RetryPolicy {
            base_delay: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .min_token_interval(std::time::Duration::ZERO)
        .build()
        .unwrap();
    let passwords = [
        "Pa55word-alpha",
        "Pa55word-bravo",
        "Pa55word-charlie",
        "Pa55word-delta",
    ];
    let mut tokens = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    let mut kinds = std::collections::HashSet::new();
    let mut note = |r: Result<String, chat_platform::Error>, shown: &mut Vec<String>| {
        if let Err(e) = r {
            kinds.insert(e.kind());
            shown.push(format!("{e} {e:?} {:?} {:?}", e.description(), e.message()));
        }
    };

    let t = client.fetch_token().await.unwrap();
    tokens.push(t.access_token.expose().to_owned());
    shown.push(format!("{t:?} {client:?} {:?}", client.config()));
    shown.push(format!(
        "{:?}",
        Client::builder()
            .client_credentials("id", secret)
            .token(tokens[0].as_str())
    ));
    let nu = NewUser::new("bulk1", passwords[2]);
    shown.push(format!("{nu:?}"));

    note(
        client
            .register_user("alice", passwords[0], None)
            .await
            .map(|u| format!("{u:?}")),
        &mut shown,
    );
    note(
        client
            .register_user("alice", passwords[1], None)
            .await
            .map(|u| format!("{u:?}")),
        &mut shown,
    ); // conflict
    note(
        client
            .register_users(&[nu.clone(), NewUser::new("alice", passwords[3])])
            .await
            .map(|r| format!("{r:?}")),
        &mut shown,
    );
    note(
        client
            .set_password("alice", passwords[3])
            .await
            .map(|_| String::new()),
        &mut shown,
    );
    note(
        client
            .set_password("nobody", passwords[3])
            .await
            .map(|_| String::new()),
        &mut shown,
    ); // not found
    note(
        client
            .register_user("bad name", passwords[0], None)
            .await
            .map(|u| format!("{u:?}")),
        &mut shown,
    ); // invalid
    note(
        client
            .register_user("ok-name", &"x".repeat(65), None)
            .await
            .map(|u| format!("{u:?}")),
        &mut shown,
    ); // invalid pw

    // Rate limited, server errors, transport errors, quota.
    emu.set_faults(FaultPlan {
        rules: vec![
            rule(
                "GET /users/{username}",
                Fault {
                    status: Some(429),
                    retry_after: Some("0".into()),
                    ..Default::default()
                },
            ),
            rule(
                "GET /users/{username}",
                Fault {
                    status: Some(503),
                    ..Default::default()
                },
            ),
            rule(
                "GET /users/{username}",
                Fault {
                    drop: true,
                    ..Default::default()
                },
            ),
            rule(
                "PUT /users/{username}/password",
                Fault {
                    status: Some(500),
                    ..Default::default()
                },
            ),
            rule(
                "POST /users/{owner}/contacts/users/{contact}",
                Fault {
                    status: Some(429),
                    error: Some("resource_limited".into()),
                    ..Default::default()
                },
            ),
        ],
        random: None,
    });
    note(
        client.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    note(
        client
            .set_password("alice", passwords[0])
            .await
            .map(|_| String::new()),
        &mut shown,
    ); // PUT retried after 500
    note(
        client
            .add_contact("alice", "bulk1")
            .await
            .map(|u| format!("{u:?}")),
        &mut shown,
    ); // quota
    emu.set_faults(FaultPlan {
        rules: vec![FaultRule {
            route: None,
            count: 50,
            fault: Fault {
                status: Some(503),
                ..Default::default()
            },
        }],
        random: None,
    });
    note(
        client.user_status("alice").await.map(|p| format!("{p:?}")),
        &mut shown,
    ); // server, retries exhausted
    emu.clear_faults();

    // Token revoked: refreshed and replayed.
    emu.revoke_tokens();
    note(
        client.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    tokens.push(
        client
            .fetch_token()
            .await
            .unwrap()
            .access_token
            .expose()
            .to_owned(),
    );

    // Wrong secret: unauthorized; fixed bad token: unauthorized; unknown app: configuration.
    let bad = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), "wrong-secret-XYZ")
        .build()
        .unwrap();
    note(
        bad.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    let fixed = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .token("fixed-bad-token-QQQ")
        .build()
        .unwrap();
    note(
        fixed.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    let other = Client::builder()
        .base_url(emu.url())
        .app_key("other-org#other-app")
        .client_credentials("id", secret)
        .build()
        .unwrap();
    note(
        other.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    // Transport: nothing listens.
    let dead = Client::builder()
        .base_url("http://127.0.0.1:9")
        .app_key("org#app")
        .client_credentials("id", secret)
        .max_attempts(1)
        .build()
        .unwrap();
    note(
        dead.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    // Decode: the emulator's admin route answers JSON that is not a user.
    let odd = Client::builder()
        .base_url(format!("{}/_emulator", emu.url()))
        .app_key("stats#x")
        .token("t0ken")
        .build()
        .unwrap();
    note(
        odd.get_user("x").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    note(
        client.get_user("nobody").await.map(|u| format!("{u:?}")),
        &mut shown,
    );

    // Beyond the reference: user tokens, chat tokens, an app certificate, webhooks.
    let ut = client
        .user_token("alice", passwords[0], None)
        .await
        .unwrap();
    tokens.push(ut.access_token.expose().to_owned());
    shown.push(format!("{ut:?} {}", serde_json::to_string(&ut).unwrap()));
    note(
        client
            .user_token("alice", "Pa55word-wrong", None)
            .await
            .map(|t| format!("{t:?}")),
        &mut shown,
    );
    let it = client
        .user_token_without_password("bulk1", None, false)
        .await
        .unwrap();
    tokens.push(it.access_token.expose().to_owned());
    shown.push(format!("{it:?}"));
    let minted = chat_platform::chat_token::user_token(
        &emu.app_id(),
        certificate,
        "alice",
        600,
        Default::default(),
    )
    .unwrap();
    tokens.push(minted.token.expose().to_owned());
    shown.push(format!(
        "{minted:?} {}",
        serde_json::to_string(&minted).unwrap()
    ));
    let agora = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .app_certificate(emu.app_id(), certificate)
        .build()
        .unwrap();
    shown.push(format!("{agora:?} {:?}", agora.config()));
    let at = agora.fetch_token().await.unwrap();
    tokens.push(at.access_token.expose().to_owned());
    note(
        agora.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    let wrong_cert = "fedcba9876543210fedcba9876543210";
    let forged = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .app_certificate(emu.app_id(), wrong_cert)
        .max_attempts(1)
        .build()
        .unwrap();
    note(
        forged.get_user("alice").await.map(|u| format!("{u:?}")),
        &mut shown,
    );
    let hook_secret = "webhook-rule-S3CRET";
    let v = chat_platform::webhook::verify(
        br#"{"callId":"c","timestamp":1,"security":"x"}"#,
        hook_secret,
    )
    .unwrap();
    shown.push(format!("{v:?}"));

    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("fetched a new app token"),
        "token refreshes are logged"
    );
    assert!(logs.contains("retrying"), "retries are logged");
    assert!(logs.contains("request done"), "requests are logged");
    let everything = format!("{logs}\n{}", shown.join("\n"));
    let mut secrets: Vec<&str> = vec![
        secret,
        "wrong-secret-XYZ",
        "fixed-bad-token-QQQ",
        certificate,
        wrong_cert,
        hook_secret,
        "Pa55word-wrong",
    ];
    secrets.extend(passwords.iter());
    secrets.extend(tokens.iter().map(String::as_str));
    for s in secrets {
        assert!(!everything.contains(s), "secret {s:?} leaked into output");
    }
    for k in [
        ErrorKind::InvalidInput,
        ErrorKind::Configuration,
        ErrorKind::Unauthorized,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::LimitExceeded,
        ErrorKind::Server,
        ErrorKind::Transport,
    ] {
        assert!(kinds.contains(&k), "the test triggered {k:?}: {kinds:?}");
    }
}
