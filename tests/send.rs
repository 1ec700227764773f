//! Every operation's future is `Send + 'static`-able, so bindings can spawn
//! them on a multi-threaded runtime.

mod common;

use chat_platform::{Client, DisplayStyle, NewUser};

fn assert_send<T: Send>(_: &T) {}

#[allow(dead_code, unused_must_use)]
fn futures_are_send(c: Client) {
    let names: Vec<String> = vec![];
    let users: Vec<NewUser> = vec![];
    assert_send(&c.fetch_token());
    assert_send(&c.register_user_open("a", "b", None));
    assert_send(&c.register_user("a", "b", None));
    assert_send(&c.register_users(&users));
    assert_send(&c.get_user("a"));
    assert_send(&c.list_users(None, None));
    assert_send(&c.delete_user("a"));
    assert_send(&c.delete_oldest_users(1));
    assert_send(&c.set_password("a", "b"));
    assert_send(&c.set_push_nickname("a", "b"));
    assert_send(&c.set_notification_display_style("a", DisplayStyle::WithDetails));
    assert_send(&c.set_no_disturb("a", 1, 2));
    assert_send(&c.clear_no_disturb("a"));
    assert_send(&c.add_contact("a", "b"));
    assert_send(&c.remove_contact("a", "b"));
    assert_send(&c.list_contacts("a"));
    assert_send(&c.list_blocked("a"));
    assert_send(&c.block_users("a", &names));
    assert_send(&c.unblock_user("a", "b"));
    assert_send(&c.user_status("a"));
    assert_send(&c.users_status(&names));
    assert_send(&c.offline_message_count("a"));
    assert_send(&c.offline_message_status("a", "b"));
    assert_send(&c.deactivate_user("a"));
    assert_send(&c.activate_user("a"));
    assert_send(&c.disconnect_user("a"));
}

#[tokio::test]
async fn spawned_batch_calls_compile_and_run() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    let c2 = c.clone();
    let r = tokio::spawn(async move { c2.register_users(&[NewUser::new("s1", "pw")]).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.created.len(), 1);
    let c3 = c.clone();
    let s = tokio::spawn(async move { c3.users_status(&["s1".to_string()]).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.len(), 1);
}

#[tokio::test]
async fn the_user_stream_keeps_returning_none_after_its_end() {
    use futures_util::StreamExt;
    let emu = common::emulator();
    let c = common::client_for(&emu);
    c.register_user("only", "pw", None).await.unwrap();
    let mut s = c.iter_users(10).unwrap();
    assert_eq!(s.next().await.unwrap().unwrap().username, "only");
    assert!(s.next().await.is_none());
    assert!(
        s.next().await.is_none(),
        "polled again after the end: still None, no panic"
    );
}
