//! The `chat-platform` command as a user runs it: the built binary against
//! the emulator (in this process), configured through the environment.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use chat_platform_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_chat-platform");

/// An emulator enforcing the documented limits (so a 20,000-row import
/// takes a few seconds) with a short round trip.
fn limited() -> Emulator {
    Emulator::start(EmulatorConfig {
        rate_limits: true,
        latency_ms: 5,
        ..EmulatorConfig::default()
    })
    .expect("emulator")
}

fn command(emu: &Emulator, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CHAT_PLATFORM_BASE_URL", emu.url())
        .env("CHAT_PLATFORM_APP_KEY", emu.app_key())
        .env("CHAT_PLATFORM_CLIENT_ID", emu.client_id())
        .env("CHAT_PLATFORM_CLIENT_SECRET", emu.client_secret())
        .stdin(Stdio::null());
    c
}

fn run(emu: &Emulator, args: &[&str]) -> Output {
    command(emu, args).output().expect("run chat-platform")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The JSON summary a `--json` run printed last on standard output.
fn summary(out: &Output) -> Value {
    let stdout = text(&out.stdout);
    let last = stdout
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no summary; stderr: {}", text(&out.stderr)));
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "chat-platform-cli-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write_users(path: &Path, prefix: &str, n: usize) {
    let mut s = String::from("username,password,nickname\n");
    for i in 0..n {
        s.push_str(&format!("{prefix}{i},pw-{i:06},Nick {i}\n"));
    }
    std::fs::write(path, s).unwrap();
}

/// Every username the emulator holds, through `export`.
fn exported(emu: &Emulator) -> Vec<String> {
    let out = run(emu, &["export", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = text(&out.stdout);
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("username,uuid,activated,nickname,created,modified")
    );
    lines
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

fn kill_at_random(mut child: Child, max_ms: u64) -> bool {
    std::thread::sleep(Duration::from_millis(fastrand::u64(200..max_ms)));
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill(); // SIGKILL: no chance to save anything
    let _ = child.wait();
    !finished
}

#[test]
fn an_import_killed_at_random_moments_and_resumed_creates_every_user_once() {
    let emu = limited();
    let d = dir();
    let file = d.join("users.csv");
    write_users(&file, "k", 20_000);
    // One row's user exists before the import: it stays "already existed".
    let pre = run(
        &emu,
        &["import", "--quiet", "--json", &{
            let f = d.join("pre.csv");
            std::fs::write(&f, "username,password\nk77,pw-000077\n").unwrap();
            f.display().to_string()
        }],
    );
    assert!(pre.status.success(), "{}", text(&pre.stderr));
    let file_arg = file.display().to_string();
    let mut kills = 0;
    for _ in 0..4 {
        let journal = d.join("users.csv.journal");
        let mut args = vec!["import", file_arg.as_str(), "--quiet"];
        if journal.exists() {
            args.push("--resume");
        }
        let child = command(&emu, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if kill_at_random(child, 1000) {
            kills += 1;
        }
    }
    assert!(
        kills >= 2,
        "at least two runs were killed mid-import ({kills})"
    );
    let last = run(
        &emu,
        &["import", &file_arg, "--resume", "--quiet", "--json"],
    );
    let s = summary(&last);
    assert_eq!(last.status.code(), Some(0), "{s} {}", text(&last.stderr));
    assert_eq!(s["rows"], 20_000, "{s}");
    assert_eq!(s["created"], 19_999, "{s}");
    assert_eq!(s["already_existed"], 1, "{s}");
    assert_eq!(s["failed"], 0, "{s}");
    let names = exported(&emu);
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(
        (names.len(), unique.len()),
        (20_000, 20_000),
        "each user once"
    );
    assert!((0..20_000).all(|i| unique.contains(&format!("k{i}"))));
}

#[test]
fn bad_rows_are_reported_with_their_line_and_never_sent() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let d = dir();
    let file = d.join("users.csv");
    std::fs::write(
        &file,
        "username,password,email\nalice,pw-1,a@x\nbad name,pw-2,b@x\ncarol,,c@x\nALICE,pw-3,d@x\ndave,pw-4,e@x\n",
    )
    .unwrap();
    let failures = d.join("failed.csv");
    let out = run(
        &emu,
        &[
            "import",
            &file.display().to_string(),
            "--json",
            "--failures",
            &failures.display().to_string(),
        ],
    );
    let s = summary(&out);
    assert_eq!(out.status.code(), Some(1), "some rows skipped: {s}");
    assert_eq!(
        (s["created"].as_u64(), s["skipped"].as_u64()),
        (Some(2), Some(3)),
        "{s}"
    );
    assert_eq!(s["ignored_columns"], serde_json::json!(["email"]));
    assert_eq!(emu.stats().users, 2, "the bad rows were never sent");
    let report = std::fs::read_to_string(&failures).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "line,username,kind,reason");
    assert!(lines[1].starts_with("3,bad name,INVALID_ROW,"), "{report}");
    assert!(
        lines[2].starts_with("4,carol,INVALID_ROW,no password"),
        "{report}"
    );
    assert!(
        lines[3].starts_with("5,ALICE,INVALID_ROW,the username is on an earlier line"),
        "{report}"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ignored columns: email"), "{stderr}");
    assert!(
        !report.contains("pw-") && !stderr.contains("pw-"),
        "no password is ever written"
    );
}

#[test]
fn secrets_on_the_command_line_are_refused_and_never_shown() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    for (args, var) in [
        (
            vec!["export", "--client-secret", "S3CRET-VALUE"],
            "CHAT_PLATFORM_CLIENT_SECRET",
        ),
        (
            vec!["export", "--app-certificate", "S3CRET-VALUE"],
            "CHAT_PLATFORM_APP_CERTIFICATE",
        ),
        (
            vec![
                "export",
                "--shared-store",
                "redis://:S3CRET-VALUE@127.0.0.1:1/0",
            ],
            "CHAT_PLATFORM_SHARED_STORE",
        ),
    ] {
        let out = run(&emu, &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(var) && stderr.contains("visible to every user"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("S3CRET-VALUE"),
            "the secret is not repeated: {stderr}"
        );
    }
    assert_eq!(emu.stats().total_requests, 0, "nothing was sent");
    // Missing configuration says which variable to set.
    let out = Command::new(BIN)
        .args(["export"])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("CHAT_PLATFORM_BASE_URL"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_existing_journal_needs_resume_or_restart() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let d = dir();
    let file = d.join("users.csv");
    write_users(&file, "j", 130);
    let f = file.display().to_string();
    assert!(run(&emu, &["import", &f, "--quiet"]).status.success());
    let again = run(&emu, &["import", &f, "--quiet"]);
    let stderr = text(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--resume") && stderr.contains("--restart"),
        "{stderr}"
    );
    // Resuming a finished import does nothing more.
    let resumed = run(&emu, &["import", &f, "--resume", "--quiet", "--json"]);
    let s = summary(&resumed);
    assert_eq!(
        (s["created"].as_u64(), s["sent_this_run"].as_u64()),
        (Some(130), Some(0)),
        "{s}"
    );
    // Starting over: every user now exists.
    let restarted = run(&emu, &["import", &f, "--restart", "--quiet", "--json"]);
    let s = summary(&restarted);
    assert_eq!(
        (s["created"].as_u64(), s["already_existed"].as_u64()),
        (Some(0), Some(130)),
        "{s}"
    );
    // A changed input is not resumed.
    write_users(&file, "j", 131);
    let changed = run(&emu, &["import", &f, "--resume", "--quiet"]);
    assert_eq!(changed.status.code(), Some(2));
    assert!(
        text(&changed.stderr).contains("the input changed"),
        "{}",
        text(&changed.stderr)
    );
}

#[test]
fn ctrl_c_finishes_the_requests_in_flight_saves_the_journal_and_resume_finishes() {
    let emu = limited();
    let d = dir();
    let file = d.join("users.csv");
    write_users(&file, "i", 20_000);
    let f = file.display().to_string();
    let child = command(&emu, &["import", &f, "--quiet"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("--resume` goes on"), "{stderr}");
    let done_first = emu.stats().users;
    assert!(done_first > 0 && done_first < 20_000, "{done_first}");
    let last = run(&emu, &["import", &f, "--resume", "--quiet", "--json"]);
    let s = summary(&last);
    assert_eq!(
        (s["created"].as_u64(), s["failed"].as_u64()),
        (Some(20_000), Some(0)),
        "{s}"
    );
    assert_eq!(emu.stats().users, 20_000);
}

#[test]
fn export_status_and_delete_what_was_imported() {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let d = dir();
    let file = d.join("users.jsonl");
    let rows: String = (0..250)
        .map(|i| format!("{{\"username\":\"e{i}\",\"password\":\"pw-{i:06}\"}}\n"))
        .collect();
    std::fs::write(&file, rows).unwrap();
    assert!(
        run(&emu, &["import", &file.display().to_string(), "--quiet"])
            .status
            .success()
    );
    assert_eq!(exported(&emu).len(), 250);
    let names = d.join("names.txt");
    std::fs::write(
        &names,
        (0..250).map(|i| format!("e{i}\n")).collect::<String>(),
    )
    .unwrap();
    emu.set_presence("e3", true);
    let presence = d.join("presence.csv");
    let st = run(
        &emu,
        &[
            "status",
            &names.display().to_string(),
            "-o",
            &presence.display().to_string(),
            "--quiet",
        ],
    );
    assert!(st.status.success(), "{}", text(&st.stderr));
    let csv = std::fs::read_to_string(&presence).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        (lines.len(), lines[0], lines[1], lines[4]),
        (251, "username,status", "e0,offline", "e3,online")
    );
    // Without a terminal, delete needs --yes.
    let refused = run(&emu, &["delete", &names.display().to_string()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("--yes"));
    let del = run(
        &emu,
        &[
            "delete",
            &names.display().to_string(),
            "--yes",
            "--quiet",
            "--json",
        ],
    );
    let s = summary(&del);
    assert_eq!(
        (s["deleted"].as_u64(), s["failed"].as_u64()),
        (Some(250), Some(0)),
        "{s}"
    );
    assert_eq!(emu.stats().users, 0);
    let again = run(
        &emu,
        &[
            "delete",
            &names.display().to_string(),
            "--yes",
            "--restart",
            "--quiet",
            "--json",
        ],
    );
    assert_eq!(summary(&again)["already_gone"], 250);
}

#[test]
fn help_shows_every_command_with_examples() {
    let out = Command::new(BIN).args(["help", "import"]).output().unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    for want in [
        "--resume",
        "--restart",
        "--journal",
        "--failures",
        "--format",
        "Examples:",
        "CHAT_PLATFORM_BASE_URL",
    ] {
        assert!(help.contains(want), "`help import` lacks {want}:\n{help}");
    }
    let top = text(&Command::new(BIN).arg("--help").output().unwrap().stdout);
    for want in [
        "import",
        "export",
        "delete",
        "status",
        "CHAT_PLATFORM_CLIENT_SECRET",
        "Exit status",
    ] {
        assert!(top.contains(want), "--help lacks {want}");
    }
}
