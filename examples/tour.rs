//! `make demo`: starts the emulator in-process and runs every operation,
//! printing what each returned.

use std::time::Duration;

use chat_platform::chat_token::{self, MintOptions};
use chat_platform::{
    webhook, ChatType, Client, DisplayStyle, NewUser, PushMode, PushNickname, PushScope,
    PushSettingUpdate,
};
use chat_platform_emulator::{Emulator, EmulatorConfig};
use futures_util::TryStreamExt;

fn show<T: std::fmt::Debug>(n: &mut u32, op: &str, r: &chat_platform::Result<T>) {
    *n += 1;
    match r {
        Ok(v) => {
            let mut text = format!("{v:?}");
            if text.chars().count() > 150 {
                text = text.chars().take(150).collect::<String>() + " ...";
            }
            println!("{n:>2}. {op:<32} ok   {text}")
        }
        Err(e) => println!("{n:>2}. {op:<32} ERR  {e}"),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emu = Emulator::start(EmulatorConfig::default())?;
    println!("emulator at {} (app key {})\n", emu.url(), emu.app_key());
    let client = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
        .build()?;
    println!("client: {client:?}\n");

    let mut n = 0;
    let mut failures = 0;
    macro_rules! run {
        ($op:expr, $call:expr) => {{
            let r = $call;
            if r.is_err() {
                failures += 1;
            }
            show(&mut n, $op, &r);
            r
        }};
    }

    run!("fetch_token", client.fetch_token().await)?;
    run!(
        "register_user_open",
        client
            .register_user_open("alice", "alice-pw", Some("Alice"))
            .await
    )?;
    run!(
        "register_user",
        client.register_user("bob", "bob-pw", None).await
    )?;
    let batch: Vec<NewUser> = (0..75)
        .map(|i| NewUser::new(format!("user{i:03}"), "pw-import"))
        .collect();
    let report = run!(
        "register_users (75, 2 requests)",
        client.register_users(&batch).await
    )?;
    println!(
        "      -> {} created, {} failed",
        report.created.len(),
        report.failed.len()
    );
    run!("get_user", client.get_user("ALICE").await)?;
    let page = run!("list_users", client.list_users(Some(3), None).await)?;
    run!(
        "list_users (next page)",
        client.list_users(Some(3), page.cursor.as_deref()).await
    )?;
    let all: Vec<_> = run!(
        "iter_users",
        client.iter_users(50)?.try_collect::<Vec<_>>().await
    )?;
    println!("      -> {} users in all", all.len());
    run!("set_password", client.set_password("bob", "bob-pw-2").await)?;
    run!(
        "set_push_nickname",
        client.set_push_nickname("bob", "Bobby").await
    )?;
    run!(
        "set_notification_display_style",
        client
            .set_notification_display_style("bob", DisplayStyle::WithDetails)
            .await
    )?;
    run!("set_no_disturb", client.set_no_disturb("bob", 22, 7).await)?;
    run!("clear_no_disturb", client.clear_no_disturb("bob").await)?;
    run!("add_contact", client.add_contact("alice", "bob").await)?;
    run!("list_contacts", client.list_contacts("alice").await)?;
    run!(
        "remove_contact",
        client.remove_contact("alice", "bob").await
    )?;
    run!(
        "block_users",
        client
            .block_users("alice", &["user001".into(), "user002".into()])
            .await
    )?;
    run!("list_blocked", client.list_blocked("alice").await)?;
    run!(
        "unblock_user",
        client.unblock_user("alice", "user001").await
    )?;
    emu.set_presence("alice", true);
    run!("user_status", client.user_status("alice").await)?;
    let names: Vec<String> = vec!["alice".into(), "bob".into(), "nobody".into()];
    run!("users_status", client.users_status(&names).await)?;
    emu.add_offline_messages("bob", &[("1001".into(), false), ("1002".into(), true)]);
    run!(
        "offline_message_count",
        client.offline_message_count("bob").await
    )?;
    run!(
        "offline_message_status",
        client.offline_message_status("bob", "1001").await
    )?;
    run!("deactivate_user", client.deactivate_user("alice").await)?;
    run!("activate_user", client.activate_user("alice").await)?;
    run!("disconnect_user", client.disconnect_user("alice").await)?;

    println!("\nbeyond the reference:");
    run!(
        "user_token",
        client
            .user_token("alice", "alice-pw", Some(Duration::from_secs(3600)))
            .await
    )?;
    run!(
        "user_token_without_password",
        client
            .user_token_without_password("carol", None, true)
            .await
    )?;
    let minted = run!(
        "chat_user_token (minted here)",
        chat_token::user_token(
            &emu.app_id(),
            &emu.app_certificate(),
            "alice",
            600,
            MintOptions::default()
        )
    )?;
    run!(
        "chat_app_token (minted here)",
        chat_token::app_token(
            &emu.app_id(),
            &emu.app_certificate(),
            600,
            MintOptions::default()
        )
    )?;
    run!("parse_chat_token", chat_token::parse(minted.token.expose()))?;
    let agora = Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .app_certificate(emu.app_id(), emu.app_certificate())
        .build()?;
    run!("fetch_token (app certificate)", agora.fetch_token().await)?;
    emu.set_devices(
        "alice",
        &[("android_1a2b".into(), "dev-1".into(), "Pixel 8".into())],
    );
    run!("list_devices", client.list_devices("alice").await)?;
    run!(
        "logout_device",
        client.logout_device("alice", "android_1a2b").await
    )?;
    let attrs = [
        ("nickname".to_owned(), "Alice A.".to_owned()),
        ("gender".into(), "2".into()),
    ]
    .into_iter()
    .collect();
    run!(
        "set_user_attributes",
        client.set_user_attributes("alice", &attrs).await
    )?;
    run!(
        "get_user_attributes",
        client.get_user_attributes("alice").await
    )?;
    run!(
        "users_attributes",
        client
            .users_attributes(&names, &["nickname".to_owned()])
            .await
    )?;
    run!(
        "user_attributes_usage",
        client.user_attributes_usage().await
    )?;
    run!(
        "delete_user_attributes",
        client.delete_user_attributes("alice").await
    )?;
    run!(
        "mute_user",
        client
            .mute_user("user003", Some(600), &[ChatType::Chat])
            .await
    )?;
    run!("get_mute", client.get_mute("user003").await)?;
    run!("list_mutes", client.list_mutes(None, Some(10)).await)?;
    run!(
        "iter_mutes",
        client.iter_mutes(10)?.try_collect::<Vec<_>>().await
    )?;
    run!("unmute_user", client.unmute_user("user003", &[]).await)?;
    run!("add_contact", client.add_contact("alice", "user004").await)?;
    run!(
        "set_contact_remark",
        client.set_contact_remark("alice", "user004", "Four").await
    )?;
    run!(
        "list_contacts_page",
        client
            .list_contacts_page("alice", Some(10), None, true)
            .await
    )?;
    run!(
        "iter_contacts",
        client
            .iter_contacts("alice", 10)?
            .try_collect::<Vec<_>>()
            .await
    )?;
    run!(
        "set_push_nicknames",
        client
            .set_push_nicknames(&[
                PushNickname::new("alice", "Al"),
                PushNickname::new("ghost", "G")
            ])
            .await
    )?;
    let dnd = PushSettingUpdate {
        mode: Some(PushMode::At),
        dnd_interval: Some("22:00-07:30".into()),
        dnd_duration: None,
    };
    run!(
        "set_push_setting",
        client
            .set_push_setting("alice", &PushScope::App, &dnd)
            .await
    )?;
    run!(
        "get_push_setting",
        client
            .get_push_setting("alice", &PushScope::User("user004".into()))
            .await
    )?;
    run!(
        "set_push_language",
        client.set_push_language("alice", "EU").await
    )?;
    run!("get_push_language", client.get_push_language("alice").await)?;
    let body = format!(
        r#"{{"callId":"demo-org#demo-app_1","timestamp":1600060847294,"security":"{}"}}"#,
        webhook::signature("demo-org#demo-app_1", "rule-secret", "1600060847294")
    );
    run!(
        "verify_webhook",
        webhook::verify(body.as_bytes(), "rule-secret")
    )?;

    run!("delete_user", client.delete_user("bob").await)?;
    run!("delete_oldest_users", client.delete_oldest_users(5).await)?;

    println!("\nwhat invalid input and missing users look like:");
    let e = client.get_user("no such user").await.unwrap_err();
    println!("    {e}");
    let e = client.get_user("ghost").await.unwrap_err();
    println!(
        "    {e} [kind {}, retryable {}]",
        e.kind(),
        e.is_retryable()
    );

    let stats = emu.stats();
    println!(
        "\n{n} calls, {failures} failed; the emulator saw {} requests and granted {} token(s)",
        stats.total_requests, stats.token_grants
    );
    if failures > 0 {
        return Err("some operations failed".into());
    }
    Ok(())
}
