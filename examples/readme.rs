//! The README's Rust example, verbatim between the markers (tests/readme.rs
//! checks that they match). It compiles with every `cargo test --all-targets`;
//! it is not run, since it names a real region and placeholder credentials
//! (`make demo` runs every operation against the emulator instead).

#[rustfmt::skip] // verbatim from the README
#[allow(unused_variables)]
async fn readme() -> chat_platform::Result<()> {
    // README begin
    use chat_platform::{Client, NewUser, Region};
    use futures_util::TryStreamExt; // for try_next on the user stream

    let client = Client::builder()
        .region(Region::Singapore1)            // or .base_url("http://127.0.0.1:8080")
        .app_key("my-org#my-app")
        .client_credentials("CLIENT_ID", "CLIENT_SECRET")
        .build()?;

    let alice = client.register_user("alice", "s3cret-pw", Some("Alice")).await?;
    let report = client
        .register_users(&[NewUser::new("bob", "pw-1"), NewUser::new("carol", "pw-2")])
        .await?;                               // chunks of 60; every input reported once
    for f in &report.failed {
        eprintln!("{} not created: {} ({})", f.username, f.reason, f.kind);
    }
    let mut all = client.iter_users(100)?;     // a Stream, one page in memory
    while let Some(user) = all.try_next().await? { /* ... */ }

    // Bulk work from any Stream (a file, a cursor), paced at the service's budget,
    // each batch handed back as it completes: nothing else is held.
    let users = futures_util::stream::iter(
        (0..1_000_000).map(|i| Ok(NewUser::new(format!("user{i}"), format!("pw-{i:06}")))),
    );
    let mut batches = std::pin::pin!(client.register_users_stream(users, Some(1_000_000)));
    while let Some(batch) = batches.try_next().await? {
        for f in &batch.failed {
            eprintln!("users[{}] {}: {}", f.index, f.username, f.reason);
        }
        let p = &batch.progress;
        eprint!("\r{}/{} users, {} failed, {:.0?}", p.done, p.total.unwrap_or(0), p.failed, p.elapsed);
    }
    // A list, with a progress callback: register_users_with_progress(&users, |p| ...).

    // Beyond the reference: login tokens, Agora chat tokens, webhook checks.
    let login = client.user_token("alice", "s3cret-pw", None).await?; // login.access_token for the app
    let minted = chat_platform::chat_token::user_token(
        "APP_ID_32_HEX_CHARACTERS________", "APP_CERTIFICATE_32_HEX_CHARACTERS", "alice", 600, Default::default(),
    );                                         // minted here, no request (Err: placeholders are not hex)
    let agora = Client::builder()             // no client secret: it mints and exchanges app tokens
        .region(Region::Singapore1).app_key("my-org#my-app")
        .app_certificate("APP_ID", "APP_CERTIFICATE").build();
    let check = chat_platform::webhook::verify(b"{...raw body...}", "RULE_SECRET")?;
    // README end
    Ok(())
}

fn main() {
    // Built, not awaited: the example is checked by the compiler only.
    drop(readme());
}
