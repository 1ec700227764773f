//! `make demo`: starts the emulator in-process and runs every operation,
//! printing what each returned.

use chat_platform::{Client, DisplayStyle, NewUser};
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
    run!("delete_user", client.delete_user("bob").await)?;
    run!("delete_users", client.delete_users(5).await)?;

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
