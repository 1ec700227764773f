//! A bulk call that fails part-way keeps what was answered on its error
//! (`Error::partial`): one request of three refused, the other two kept.

mod common;

use chat_platform::{ErrorKind, Partial};
use chat_platform_emulator::{Fault, FaultPlan, FaultRule};

/// The next request of `route` answered 400 (not retried).
fn refuse_once(route: &str) -> FaultPlan {
    FaultPlan {
        rules: vec![FaultRule {
            route: Some(route.into()),
            count: 1,
            fault: Fault {
                status: Some(400),
                ..Fault::default()
            },
        }],
        random: None,
    }
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("u{i}")).collect()
}

#[tokio::test]
async fn users_status_keeps_the_presences_answered() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    emu.set_faults(refuse_once("POST /users/batch/status"));
    let e = c.users_status(&names(250)).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    match e.partial() {
        Some(Partial::Presences(p)) => assert_eq!(p.len(), 150, "two requests of three answered"),
        other => panic!("no presences kept: {other:?}"),
    }
}

#[tokio::test]
async fn users_attributes_keeps_the_users_answered() {
    let emu = common::emulator();
    let c = common::client_for(&emu);
    c.register_user("u0", "pw-12345", None).await.unwrap();
    c.set_user_attributes(
        "u0",
        &[("nickname".into(), "Zero".into())].into_iter().collect(),
    )
    .await
    .unwrap();
    emu.set_faults(refuse_once("POST /metadata/user/get"));
    let asked = names(250);
    let e = c
        .users_attributes(&asked, &["nickname".to_string()])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    assert_eq!(e.operation(), Some("users_attributes"));
    let Some(Partial::Attributes(kept)) = e.partial() else {
        panic!("no attributes kept: {:?}", e.partial())
    };
    assert_eq!(kept.len(), 150, "two requests of three answered");
    // In input order, each one of those asked, none twice.
    let order: Vec<usize> = kept
        .iter()
        .map(|u| asked.iter().position(|a| *a == u.username).expect("asked"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(format!("{e:?}").contains("150 users' attributes"), "{e:?}");
}

/// One batch shape for every bulk operation: a request refused as a whole
/// puts each of its names in `failed`, with the reason, beside `error`; the
/// collector keeps every answer and every failure, in input order.
#[tokio::test]
async fn a_refused_request_fails_each_of_its_items_in_every_bulk_operation() {
    use futures_util::StreamExt;
    let emu = common::emulator();
    let c = common::client_for(&emu);
    emu.set_faults(refuse_once("POST /users/batch/status"));
    let input = futures_util::stream::iter(names(250).into_iter().map(Ok));
    let batches: Vec<_> = c
        .users_status_stream(input, Some(250))
        .map(|b| b.unwrap())
        .collect()
        .await;
    let refused: Vec<_> = batches.iter().filter(|b| b.error.is_some()).collect();
    assert_eq!(refused.len(), 1);
    let r = refused[0];
    assert!(r.items.is_empty());
    assert_eq!(r.failed.len(), r.count);
    assert!(r
        .failed
        .iter()
        .enumerate()
        .all(|(i, f)| f.index as u64 == r.first_index + i as u64
            && f.username == format!("u{}", f.index)
            && f.kind == ErrorKind::InvalidInput));
    let last = batches
        .iter()
        .map(|b| b.progress)
        .max_by_key(|p| p.done)
        .unwrap();
    assert_eq!((last.done, last.succeeded, last.failed), (250, 150, 100));

    // The report form: 150 answered, 100 failed, the request's error kept.
    emu.set_faults(refuse_once("POST /users/batch/status"));
    let input = futures_util::stream::iter(names(250).into_iter().map(Ok));
    let report = c.users_status_report(input, None, |_| {}, None).await;
    assert_eq!((report.items.len(), report.failed.len()), (150, 100));
    let mut order: Vec<usize> = report.failed.iter().map(|f| f.index).collect();
    order.sort();
    assert_eq!(
        order,
        report.failed.iter().map(|f| f.index).collect::<Vec<_>>()
    );
    assert!(report.request_error.is_some() && report.source_error.is_none());

    // Push nicknames: the refused request's users are each reported failed.
    c.register_user("u0", "pw-12345", None).await.unwrap();
    emu.set_faults(refuse_once("PUT /push/nickname"));
    let nicknames: Vec<_> = (0..60)
        .map(|i| chat_platform::PushNickname::new(format!("u{i}"), "Nick"))
        .collect();
    let report = c.set_push_nicknames(&nicknames).await.unwrap();
    assert_eq!(report.updated.len() + report.failed.len(), 60);
    assert!(
        report
            .failed
            .iter()
            .filter(|f| f.index < 50)
            .all(|f| f.kind == ErrorKind::InvalidInput),
        "the first request of 50 was refused: {:?}",
        report.failed.first()
    );
}
