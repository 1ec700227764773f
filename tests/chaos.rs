//! Every operation right when answers are lost: the emulator answers 5% of
//! requests 429, 5% 503, drops 5% of connections before doing the work and
//! 5% after doing it (the answer is lost). A client with default settings
//! (pacing and retries; ~1 minute, mostly waiting) runs every operation; afterwards a clean client reads the
//! emulator's state and checks it against what each call said:
//! - reads and set-like writes: no error surfaced;
//! - deletes: never `NotFound` for work the call did (`already_gone` instead);
//! - creates: an error only when the outcome is unknown, marked uncertain,
//!   and the user then exists; a user said created exists;
//! - bulk calls: every input answered once; nothing lost or duplicated.
//!
//! The calls run one after another, so the seeded faults fall on the same
//! requests every run.

use std::collections::BTreeMap;
use std::time::Duration;

use chat_platform::{ChatType, Client, DeleteOutcome, DisplayStyle, Error, ErrorKind, NewUser};
use chat_platform_emulator::{Emulator, EmulatorConfig, Fault, FaultPlan, FaultRule, RandomFaults};

const USERS: usize = 40;

fn lossy(seed: u64) -> FaultPlan {
    FaultPlan {
        rules: vec![],
        random: Some(RandomFaults {
            seed,
            status_rate: 0.10,
            statuses: vec![429, 503],
            retry_after_share: 0.0,
            retry_after: "0".into(),
            drop_rate: 0.10,
            after_processing_share: 0.5,
            latency_rate: 0.0,
            latency_ms: 0,
            exempt: vec![],
        }),
    }
}

#[derive(Default, Debug)]
struct Tally {
    calls: usize,
    /// Errors surfaced by reads and set-like writes (must stay 0).
    surfaced: Vec<String>,
    already_gone: usize,
    uncertain_creates: Vec<String>,
    confirmed_creates: usize,
}

impl Tally {
    fn check<T>(&mut self, what: &str, r: Result<T, Error>) -> Option<T> {
        self.calls += 1;
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.surfaced.push(format!("{what}: {e}"));
                None
            }
        }
    }
}

fn name(i: usize) -> String {
    format!("chaos{i:03}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_under_lost_answers() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let c = common_client(&emu);
    emu.set_faults(lossy(20));
    let mut t = Tally::default();

    // Creates, one at a time.
    let mut created_claimed = Vec::new();
    for i in 0..USERS {
        t.calls += 1;
        match c.register_user(&name(i), "pw-12345", None).await {
            Ok(u) => {
                assert!(u.username.eq_ignore_ascii_case(&name(i)));
                created_claimed.push(name(i));
            }
            Err(e) if e.kind() == ErrorKind::Conflict && e.is_uncertain() => {
                assert!(e.to_string().contains("may have created it"), "{e}");
                t.uncertain_creates.push(name(i));
            }
            Err(e) => panic!(
                "register_user {}: an error that says nothing known: {e}",
                name(i)
            ),
        }
    }

    // Set-like writes and reads.
    for i in 0..USERS {
        let (u, next, after) = (name(i), name((i + 1) % USERS), name((i + 2) % USERS));
        t.check("set_password", c.set_password(&u, "pw-67890").await);
        t.check(
            "set_push_nickname",
            c.set_push_nickname(&u, &format!("N{i}")).await,
        );
        t.check(
            "set_notification_display_style",
            c.set_notification_display_style(&u, DisplayStyle::WithDetails)
                .await,
        );
        t.check("set_no_disturb", c.set_no_disturb(&u, 22, 7).await);
        t.check("clear_no_disturb", c.clear_no_disturb(&u).await);
        t.check("add_contact", c.add_contact(&u, &next).await);
        t.check(
            "block_users",
            c.block_users(&u, std::slice::from_ref(&after)).await,
        );
        t.check("deactivate_user", c.deactivate_user(&u).await);
        t.check("activate_user", c.activate_user(&u).await);
        t.check("disconnect_user", c.disconnect_user(&u).await);
        let attrs = BTreeMap::from([("city".to_owned(), format!("c{i}"))]);
        t.check(
            "set_user_attributes",
            c.set_user_attributes(&u, &attrs).await,
        );
        t.check(
            "mute_user",
            c.mute_user(&u, Some(600), &[ChatType::Chat]).await,
        );
        t.check("set_push_language", c.set_push_language(&u, "de").await);
        t.check(
            "set_contact_remark",
            c.set_contact_remark(&u, &next, "friend").await,
        );
        // Reads.
        let got = t.check("get_user", c.get_user(&u).await);
        assert_eq!(got.and_then(|g| g.nickname), Some(format!("N{i}")));
        let contacts = t.check("list_contacts", c.list_contacts(&u).await);
        assert_eq!(contacts, Some(vec![next.clone()]));
        let blocked = t.check("list_blocked", c.list_blocked(&u).await);
        assert_eq!(blocked, Some(vec![after.clone()]));
        t.check("user_status", c.user_status(&u).await);
        t.check("offline_message_count", c.offline_message_count(&u).await);
        let a = t.check("get_user_attributes", c.get_user_attributes(&u).await);
        assert_eq!(
            a.and_then(|a| a.get("city").cloned()),
            Some(format!("c{i}"))
        );
        let m = t.check("get_mute", c.get_mute(&u).await);
        assert!(m.is_some_and(|m| m.chat > 0));
        t.check("user_token", c.user_token(&u, "pw-67890", None).await);
        t.check("list_devices", c.list_devices(&u).await);
    }
    let names: Vec<String> = (0..USERS).map(name).collect();
    let presences = t.check("users_status", c.users_status(&names).await);
    assert_eq!(presences.map(|p| p.len()), Some(USERS), "every answer kept");
    let page = t.check("list_users", c.list_users(Some(100), None).await);
    assert_eq!(page.map(|p| p.users.len()), Some(USERS));

    // Deletes: done or already gone, never "not found".
    for i in 0..USERS {
        let (u, next, after) = (name(i), name((i + 1) % USERS), name((i + 2) % USERS));
        for (what, r) in [
            ("remove_contact", c.remove_contact(&u, &next).await),
            ("unblock_user", c.unblock_user(&u, &after).await),
        ] {
            if let Some(d) = t.check(what, r) {
                t.already_gone += usize::from(d.outcome == DeleteOutcome::AlreadyGone);
            }
        }
        t.check("unmute_user", c.unmute_user(&u, &[ChatType::Chat]).await);
        t.check("delete_user_attributes", c.delete_user_attributes(&u).await);
    }
    for i in 0..USERS / 2 {
        if let Some(d) = t.check("delete_user", c.delete_user(&name(i)).await) {
            assert!(d.user.is_some() || d.outcome == DeleteOutcome::AlreadyGone);
            t.already_gone += usize::from(d.outcome == DeleteOutcome::AlreadyGone);
        }
    }

    // A bulk create: every input once, created or failed; failed only when
    // uncertain (and then existing) or for a reason.
    let batch: Vec<NewUser> = (0..600)
        .map(|i| NewUser::new(format!("bulk{i:04}"), "pw-12345"))
        .collect();
    let report = t
        .check("register_users", c.register_users(&batch).await)
        .unwrap();
    assert_eq!(report.created.len() + report.failed.len(), 600);
    for f in &report.failed {
        assert!(f.uncertain && f.kind == ErrorKind::Conflict, "{f:?}");
    }
    let injected = emu.stats().faults_injected;

    // What the service holds, read by a clean client.
    emu.clear_faults();
    let check = common_client(&emu);
    for i in 0..USERS {
        let u = name(i);
        let r = check.get_user(&u).await;
        if i < USERS / 2 {
            assert_eq!(
                r.unwrap_err().kind(),
                ErrorKind::NotFound,
                "{u} was deleted"
            );
        } else {
            let user = r.unwrap();
            assert_eq!(user.nickname, Some(format!("N{i}")));
            assert!(check.list_contacts(&u).await.unwrap().is_empty(), "{u}");
            assert!(check.list_blocked(&u).await.unwrap().is_empty(), "{u}");
            assert!(
                check.get_user_attributes(&u).await.unwrap().is_empty(),
                "{u}"
            );
        }
    }
    for u in report
        .created
        .iter()
        .map(|u| u.username.clone())
        .chain(report.failed.iter().map(|f| f.username.clone()))
    {
        check
            .get_user(&u)
            .await
            .unwrap_or_else(|e| panic!("{u} reported but missing: {e}"));
    }
    let stored = check.list_users(Some(100), None).await.unwrap();
    assert!(!stored.users.is_empty());
    let mut all = Vec::new();
    let mut pages = check.iter_users(100).unwrap();
    while let Some(u) = futures_util::TryStreamExt::try_next(&mut pages)
        .await
        .unwrap()
    {
        all.push(u.username);
    }
    let bulk: Vec<_> = all.iter().filter(|n| n.starts_with("bulk")).collect();
    assert_eq!(bulk.len(), 600, "no bulk user lost or duplicated");

    t.confirmed_creates = created_claimed.len();
    assert!(t.surfaced.is_empty(), "errors surfaced: {:#?}", t.surfaced);
    assert!(injected > 100, "faults injected: {injected}");
    eprintln!(
        "chaos, every operation: {} calls, {injected} faults injected, 0 errors surfaced; \
         {} creates confirmed, {} uncertain (all existing); {} deletes already gone; \
         bulk: {} created, {} uncertain; lost 0, duplicated 0",
        t.calls,
        t.confirmed_creates,
        t.uncertain_creates.len(),
        t.already_gone,
        report.created.len(),
        report.failed.len()
    );
    // An uncertain create exists (the first half were deleted since, which
    // a successful delete showed).
    for u in t
        .uncertain_creates
        .iter()
        .filter(|u| *u >= &name(USERS / 2))
    {
        check
            .get_user(u)
            .await
            .unwrap_or_else(|e| panic!("{u} uncertain but missing: {e}"));
    }
}

fn drop_after(route: &str) -> FaultPlan {
    FaultPlan {
        rules: vec![FaultRule {
            route: Some(route.into()),
            count: 1,
            fault: Fault {
                drop: true,
                after_processing: true,
                ..Fault::default()
            },
        }],
        random: None,
    }
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_is_already_gone_and_a_create_says_what_is_known() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let c = common_client(&emu);
    c.register_user("bob", "pw-12345", None).await.unwrap();
    emu.set_faults(drop_after("DELETE /users/{username}"));
    let d = c.delete_user("bob").await.unwrap();
    assert_eq!(d.outcome, DeleteOutcome::AlreadyGone);
    assert_eq!((d.username.as_str(), d.user.is_none()), ("bob", true));
    // Not found at the first attempt is still an error.
    let e = c.delete_user("bob").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(!e.is_uncertain());

    // A create whose answer was lost: created (shown by the clocks) or an
    // uncertain conflict; the user exists either way.
    emu.set_faults(drop_after("POST /users"));
    match c.register_user("alice", "pw-12345", None).await {
        Ok(u) => assert_eq!(u.username, "alice"),
        Err(e) => {
            assert!(e.kind() == ErrorKind::Conflict && e.is_uncertain(), "{e:?}");
            assert!(
                e.to_string().starts_with(
                    "register_user: user \"alice\" already exists; an earlier attempt of this \
                     call got no answer, so this call may have created it (HTTP 400"
                ),
                "{e}"
            );
        }
    }
    c.get_user("alice").await.unwrap();
    // An existing user at the first attempt is a plain conflict.
    let e = c
        .register_user("alice", "pw-12345", None)
        .await
        .unwrap_err();
    assert!(
        e.kind() == ErrorKind::Conflict && !e.is_uncertain(),
        "{e:?}"
    );

    // The batch delete by count is never repeated after a lost answer, and says so.
    emu.set_faults(drop_after("DELETE /users"));
    let e = c.delete_oldest_users(1).await.unwrap_err();
    assert!(e.is_uncertain() && e.attempts() == 1, "{e:?}");
    assert!(e.to_string().contains("may have taken effect"), "{e}");
}

#[tokio::test]
async fn a_create_is_confirmed_by_the_clocks_when_the_round_trip_allows() {
    // 20 ms each way: the user's creation time is clearly after the first
    // send, against the clock offset learnt from the answers.
    let emu = Emulator::start(EmulatorConfig {
        latency_ms: 20,
        ..EmulatorConfig::default()
    })
    .unwrap();
    let c = common_client(&emu);
    c.register_user("warmup", "pw-12345", None).await.unwrap();
    emu.set_faults(drop_after("POST /users"));
    let u = c.register_user("alice", "pw-12345", None).await.unwrap();
    assert_eq!(u.username, "alice");

    // A user that existed before the call is never taken for its own.
    c.register_user("carol", "pw-12345", None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    emu.set_faults(drop_after("POST /users"));
    let e = c
        .register_user("carol", "pw-12345", None)
        .await
        .unwrap_err();
    assert!(e.kind() == ErrorKind::Conflict && e.is_uncertain(), "{e:?}");
}

fn common_client(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.url())
        .app_key(emu.app_key())
        .client_credentials(emu.client_id(), emu.client_secret())
        .build()
        .unwrap()
}
