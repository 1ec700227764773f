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
