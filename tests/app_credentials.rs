//! Client settings beyond the reference: the app token's lifetime, clients on
//! an app certificate, and what they refuse before sending anything.

mod common;

use std::time::Duration;

use chat_platform::{Client, ErrorKind};

#[tokio::test]
async fn the_app_token_lives_as_long_as_asked() {
    let emu = common::emulator();
    let client = common::builder_for(&emu)
        .app_token_ttl(Duration::from_secs(120))
        .build()
        .unwrap();
    assert_eq!(client.fetch_token().await.unwrap().expires_in, Some(120));
    let agora = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .app_certificate(emu.app_id(), emu.app_certificate())
        .app_token_ttl(Duration::from_secs(300))
        .build()
        .unwrap();
    let t = agora.fetch_token().await.unwrap();
    let left = t.expires_in.unwrap();
    assert!((295..=300).contains(&left), "{left}");
    // The exchanged token works for admin calls.
    agora.register_user("alice", "pw-123", None).await.unwrap();
    assert_eq!(agora.get_user("alice").await.unwrap().username, "alice");
    assert_eq!(emu.stats().token_grants, 2);
}

#[test]
fn bad_certificates_and_lifetimes_are_refused_when_the_client_is_built() {
    let base = || {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .app_key("org#app")
    };
    let e = base()
        .app_certificate("970CA35de60c44645bbae8a215061b33", "Secret-but-not-hex")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert_eq!(e.field(), Some("app_certificate"));
    assert!(!format!("{e} {e:?}").contains("Secret-but-not-hex"));
    let e = base()
        .app_certificate("xyz", "5CFd2fd1755d40ecb72977518be15d3b")
        .build()
        .unwrap_err();
    assert_eq!(e.field(), Some("app_id"));
    let e = base()
        .app_certificate(
            "970CA35de60c44645bbae8a215061b33",
            "5CFd2fd1755d40ecb72977518be15d3b",
        )
        .app_token_ttl(Duration::from_secs(86_401))
        .build()
        .unwrap_err();
    assert_eq!(e.field(), Some("app_token_ttl"));
    let e = base()
        .client_credentials("id", "secret")
        .app_token_ttl(Duration::from_millis(1500))
        .build()
        .unwrap_err();
    assert_eq!(e.field(), Some("app_token_ttl"));
}
