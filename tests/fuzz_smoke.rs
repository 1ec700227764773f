//! A short in-CI stand-in for the cargo-fuzz target (`fuzz/`): arbitrary and
//! near-valid bodies through every decoder, never a panic.

use chat_platform::__fuzz::decode_everything;
use proptest::prelude::*;

fn json_ish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n}")),
        "\\PC{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    let keys = prop_oneof![
        Just("entities"),
        Just("data"),
        Just("cursor"),
        Just("username"),
        Just("uuid"),
        Just("activated"),
        Just("created"),
        Just("user1"),
        Just("123"),
        Just("result"),
        Just("access_token"),
        Just("expires_in"),
        Just("error"),
        Just("error_description"),
        Just("registerUserFailReason"),
        Just("notification_display_style"),
        Just("notification_no_disturbing_start"),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                let body: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&body);
    }

    #[test]
    fn near_valid_json_never_panics(body in json_ish(), cut in any::<prop::sample::Index>()) {
        decode_everything(body.as_bytes());
        // Truncated at any point, too.
        let at = cut.index(body.len() + 1);
        decode_everything(&body.as_bytes()[..at.min(body.len())]);
    }
}

#[test]
fn huge_and_deep_bodies_give_errors_not_panics() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(decode_everything(deep.as_bytes()), 0);
    let big = format!(
        "{{\"entities\":[{}]}}",
        vec![r#"{"uuid":"x","username":"u","activated":true}"#; 50_000].join(",")
    );
    assert!(decode_everything(big.as_bytes()) > 0);
}
