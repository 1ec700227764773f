//! The emulator binary explains itself: `--help` with every default,
//! `--version`, unknown arguments refused, and a start-up line with
//! everything a client needs.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_chat-emulator");

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn version_and_help() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("chat-emulator {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run(&["-V"]).1, out);

    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    let d = chat_platform_emulator::EmulatorConfig::default();
    for part in [
        "--port N",
        "[8080]",
        &format!("[{}]", d.client_id),
        &format!("[{}]", d.client_secret),
        &format!("[{}]", d.org),
        "--version",
        "/_emulator/",
    ] {
        assert!(help.contains(part), "{part:?} missing from --help:\n{help}");
    }
}

#[test]
fn unknown_arguments_are_refused() {
    let (code, out, err) = run(&["--prot", "9000"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains(r#"unknown argument "--prot""#), "{err}");
    assert!(err.contains("--help"), "{err}");
    let (code, _, err) = run(&["--port"]);
    assert_eq!(code, 2);
    assert!(err.contains("--port needs a value"), "{err}");
}

#[test]
fn the_start_up_line_has_everything_a_client_needs() {
    let mut child = Command::new(BIN)
        .args([
            "--port",
            "0",
            "--client-id",
            "cid-1",
            "--client-secret",
            "cs-1",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        line.starts_with("chat-emulator listening on http://127.0.0.1:"),
        "{line}"
    );
    for part in [
        "app key ",
        "client id cid-1",
        "client secret cs-1",
        "app id ",
        "app certificate ",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
}
