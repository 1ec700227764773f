//! Plays `tests/scenario/scenario.json` through the Rust client against the
//! in-process emulator.

mod common;
#[path = "scenario/operations.rs"]
mod operations;

use operations::s;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chat_platform::{Error, Event};
use chat_platform_emulator::Emulator;
use serde_json::{json, Value};

fn admin(emu: &Emulator, name: &str, a: &Value) {
    match name {
        "reset" => emu.reset(),
        "set_config" => {
            let mut c = serde_json::to_value(emu.config()).unwrap();
            for (k, v) in a.as_object().unwrap() {
                c[k] = v.clone();
            }
            emu.set_config(serde_json::from_value(c).unwrap());
        }
        "set_devices" => {
            let devices: Vec<(String, String, String)> = a["devices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (s(d, "resource"), s(d, "device_uuid"), s(d, "device_name")))
                .collect();
            assert!(emu.set_devices(&s(a, "username"), &devices));
        }
        "set_presence" => {
            assert!(emu.set_presence(&s(a, "username"), a["online"].as_bool().unwrap()))
        }
        "add_offline_messages" => {
            let msgs: Vec<(String, bool)> = a["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| (s(m, "id"), m["delivered"].as_bool().unwrap()))
                .collect();
            assert!(emu.add_offline_messages(&s(a, "username"), &msgs));
        }
        "revoke_tokens" => {
            emu.revoke_tokens();
        }
        other => panic!("unknown admin step {other:?}"),
    }
}

fn check_error(e: &Error, expect: &Value) -> Result<(), String> {
    let got = json!({
        "error": e.kind().code(),
        "status": e.status(),
        "server_code": e.server_code(),
        "field": e.field(),
    });
    let mut want = expect.clone();
    want.as_object_mut().unwrap().remove("sent");
    common::matches(&want, &got, "error").map_err(|m| format!("{m} (error was: {e})"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_plays_through_the_rust_client() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/scenario/scenario.json"
    ))
    .unwrap();
    let scenario: Value = serde_json::from_str(&text).unwrap();
    let emu = common::emulator();
    // Every attempt's route, as the events show it (checked below against
    // the emulator's own count of each route).
    let routes = Arc::new(Mutex::new(BTreeMap::<String, u64>::new()));
    let sink = routes.clone();
    let client = common::builder_for(&emu)
        .on_event(move |e| {
            if let Event::Attempt(a) = e {
                *sink
                    .lock()
                    .unwrap()
                    .entry(format!("{} {}", a.method, a.route))
                    .or_default() += 1;
            }
        })
        .build()
        .unwrap();
    let mut saved: HashMap<String, Value> = HashMap::new();
    let mut ops_seen = std::collections::BTreeSet::new();
    for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let args = common::expand(step.get("args").unwrap_or(&json!({})), &saved);
        if let Some(name) = step.get("admin").and_then(Value::as_str) {
            admin(&emu, name, &args);
            continue;
        }
        if step.get("check").is_some() {
            let stats = serde_json::to_value(emu.stats()).unwrap();
            common::matches(&step["expect"], &stats, "stats")
                .unwrap_or_else(|m| panic!("step {i}: {m}"));
            continue;
        }
        let op = step["op"].as_str().unwrap();
        ops_seen.insert(op.to_owned());
        let before = emu.stats().total_requests;
        let result = operations::call(&client, &emu, op, &args).await;
        let sent = emu.stats().total_requests - before;
        let expect = &step["expect"];
        match (result, expect.get("ok")) {
            (Ok(v), Some(want)) => {
                common::matches(want, &v, "result")
                    .unwrap_or_else(|m| panic!("step {i} ({op}): {m}\nresult: {v}"));
                if let Some(save) = step.get("save").and_then(Value::as_object) {
                    for (name, field) in save {
                        saved.insert(name.clone(), v[field.as_str().unwrap()].clone());
                    }
                }
            }
            (Ok(v), None) => panic!("step {i} ({op}): expected an error {expect}, got {v}"),
            (Err(e), Some(_)) => panic!("step {i} ({op}): expected success, got {e}"),
            (Err(e), None) => {
                check_error(&e, expect).unwrap_or_else(|m| panic!("step {i} ({op}): {m}"));
                if expect.get("sent") == Some(&Value::Bool(false)) {
                    assert_eq!(
                        sent, 0,
                        "step {i} ({op}): invalid input must not reach the server"
                    );
                }
            }
        }
    }
    // The emulator names each request by its route pattern; the events name
    // theirs alike (the push settings' {chattype}/{key}, the events' user or
    // chatgroup/{target}), the same number of times.
    let spelled = |r: &str| {
        r.replace(
            "notification/user/{target}",
            "notification/{chattype}/{key}",
        )
        .replace(
            "notification/chatgroup/{target}",
            "notification/{chattype}/{key}",
        )
    };
    let mut from_events = BTreeMap::<String, u64>::new();
    for (r, n) in routes.lock().unwrap().iter() {
        *from_events.entry(spelled(r)).or_default() += n;
    }
    let mut served = emu.stats().requests;
    served.retain(|r, _| r != "unknown route" && r != "method not allowed");
    // One step asks for a token through a client of its own.
    let tokens = (
        from_events.remove("POST /token"),
        served.remove("POST /token"),
    );
    assert!(tokens.0.is_some() && tokens.0 <= tokens.1, "{tokens:?}");
    assert_eq!(
        from_events, served,
        "routes as the events show them vs as the emulator served them"
    );
    assert_eq!(
        ops_seen.len(),
        55,
        "the scenario covers all 25 reference operations (27 method names) and 28 beyond: {ops_seen:?}"
    );
}

#[test]
fn the_matcher_rejects_what_it_should() {
    use common::matches;
    let user = json!({"username": "alice", "activated": true, "nickname": null});
    assert!(matches(&json!({"username": "alice"}), &user, "r").is_ok());
    assert!(matches(&json!({"username": "bob"}), &user, "r").is_err());
    assert!(matches(&json!({"nickname": "x"}), &user, "r").is_err());
    assert!(matches(&json!({"missing": null}), &user, "r").is_ok());
    assert!(matches(&json!({"missing": 1}), &user, "r").is_err());
    assert!(matches(&json!(["a", "b"]), &json!(["a"]), "r").is_err());
    assert!(matches(&json!(["a", "b"]), &json!(["b", "a"]), "r").is_err());
    assert!(matches(&json!({"$len": 2}), &json!([1, 2]), "r").is_ok());
    assert!(matches(&json!({"$len": 2}), &json!([1]), "r").is_err());
    assert!(matches(&json!({"$type": "string"}), &json!(3), "r").is_err());
    assert!(matches(&json!(null), &json!(false), "r").is_err());
}
