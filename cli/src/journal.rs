//! The journal of a resumable job: JSON lines appended beside the input,
//! a header (the job, the input's identity, when the first run started),
//! then the rows done, synced to disk as they complete (a thread writes and
//! syncs, so the requests never wait for the disk).
//!
//! What a killed run did not record is done again by the next run: a user it
//! had created comes back "exists" and is counted created when the service
//! created it after the first run started (`Client::user_created_since`),
//! so a lost record never makes a row created twice or reported wrongly.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::CliError;

/// How a row ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The user was created (by this job).
    Created,
    /// The user existed before the job.
    Existed,
    /// The user was deleted.
    Deleted,
    /// The user to delete did not exist (or an earlier run deleted it).
    Gone,
    /// Not done: the error's kind (`CONFLICT`, ..., or `INVALID_ROW` for a
    /// row skipped before sending) and reason.
    Failed { kind: String, reason: String },
}

impl Outcome {
    fn code(&self) -> &'static str {
        match self {
            Outcome::Created => "c",
            Outcome::Existed => "e",
            Outcome::Deleted => "d",
            Outcome::Gone => "g",
            Outcome::Failed { .. } => "f",
        }
    }
}

/// One row done.
#[derive(Clone, Debug)]
pub struct Done {
    pub line: u64,
    pub username: String,
    pub outcome: Outcome,
}

/// Counts of outcomes.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub created: u64,
    pub existed: u64,
    pub deleted: u64,
    pub gone: u64,
    /// Failures by kind.
    pub failed: BTreeMap<String, u64>,
}

impl Tally {
    pub fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Existed => self.existed += 1,
            Outcome::Deleted => self.deleted += 1,
            Outcome::Gone => self.gone += 1,
            Outcome::Failed { kind, .. } => *self.failed.entry(kind.clone()).or_default() += 1,
        }
    }

    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    pub fn done(&self) -> u64 {
        self.created + self.existed + self.deleted + self.gone + self.failed_total()
    }
}

/// The lines done, as a bit set (a million lines: 125 KB).
#[derive(Clone, Default)]
pub struct Lines(Vec<u64>);

impl Lines {
    pub fn contains(&self, line: u64) -> bool {
        let (w, b) = ((line / 64) as usize, line % 64);
        self.0.get(w).is_some_and(|x| x & (1 << b) != 0)
    }

    fn insert(&mut self, line: u64) {
        let (w, b) = ((line / 64) as usize, line % 64);
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << b;
    }
}

/// An open journal: what earlier runs did, and the writer for this one.
pub struct Journal {
    pub path: PathBuf,
    /// When the first run of the job started (this machine's clock).
    pub started: SystemTime,
    /// Whether earlier runs left rows done (this run resumes them).
    pub resumed: bool,
    /// The lines earlier runs did.
    pub done: Lines,
    /// Their outcomes.
    pub before: Tally,
    tx: Option<mpsc::Sender<String>>,
    writer: Option<JoinHandle<std::io::Result<()>>>,
}

/// Where the journal of `input` goes by default.
pub fn default_path(input: &Path) -> Option<PathBuf> {
    (input.as_os_str() != "-").then(|| {
        let mut p = input.as_os_str().to_owned();
        p.push(".journal");
        PathBuf::from(p)
    })
}

/// Opens the journal at `path` for the job `job` on `input`: goes on from
/// it with `resume`, discards it with `restart`; without either an existing
/// journal is refused (exit 2) with what to do.
pub fn open(
    path: &Path,
    job: &str,
    input: &Path,
    resume: bool,
    restart: bool,
) -> Result<Journal, CliError> {
    // An empty journal is one whose run was killed before its header was
    // written: nothing was sent, so there is nothing to resume either.
    let exists = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    let again = format!("chat-platform {job} {}", input.display());
    if exists && !resume && !restart {
        return Err(CliError::usage(format!(
            "{} holds the journal of an earlier run of this {job}: `{again} --resume` goes on from it, \
             `{again} --restart` starts over (discarding it)",
            path.display()
        )));
    }
    if resume && !exists && !path.exists() {
        return Err(CliError::usage(format!(
            "--resume: no journal at {} (an earlier run writes one there; without --resume a new one starts)",
            path.display()
        )));
    }
    let resume = resume && exists;
    let identity = identity(input)?;
    let mut j = Journal {
        path: path.to_path_buf(),
        started: SystemTime::now(),
        resumed: false,
        done: Lines::default(),
        before: Tally::default(),
        tx: None,
        writer: None,
    };
    if resume {
        j.read(job, &identity)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .truncate(false)
        .open(path)
        .map_err(|e| CliError::io("cannot write the journal", path, e))?;
    if !resume {
        file.set_len(0)
            .map_err(|e| CliError::io("cannot write the journal", path, e))?;
        let started_us = j
            .started
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as u64);
        let header = json!({"journal": format!("chat-platform {job}"), "version": 1,
                            "input": identity, "started_us": started_us});
        writeln!(file, "{header}")
            .and_then(|()| file.sync_data())
            .map_err(|e| CliError::io("cannot write the journal", path, e))?;
    }
    let (tx, rx) = mpsc::channel::<String>();
    j.tx = Some(tx);
    j.writer = Some(std::thread::spawn(move || write_loop(file, rx)));
    Ok(j)
}

impl Journal {
    /// Records rows done (written and synced by the journal's thread).
    pub fn record(&self, rows: &[Done]) {
        if rows.is_empty() {
            return;
        }
        let rows: Vec<Value> = rows
            .iter()
            .map(|d| match &d.outcome {
                Outcome::Failed { kind, reason } => json!([d.line, "f", d.username, kind, reason]),
                o => json!([d.line, o.code(), d.username]),
            })
            .collect();
        if let Some(tx) = &self.tx {
            let _ = tx.send(json!({ "rows": rows }).to_string());
        }
    }

    /// Waits until every record is on disk.
    pub fn finish(&mut self) -> Result<(), CliError> {
        self.tx = None;
        if let Some(w) = self.writer.take() {
            match w.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(CliError::io("cannot write the journal", &self.path, e)),
                Err(_) => return Err(CliError::failed("the journal's writer stopped")),
            }
        }
        Ok(())
    }

    /// Ends the run: every record on disk, the rows not done written to
    /// `failures` (every run's), a temporary journal (not `keep`) removed.
    pub fn close(&mut self, keep: bool, failures: Option<&Path>) -> Result<(), CliError> {
        self.finish()?;
        if let Some(f) = failures {
            write_failures(self, f)?;
        }
        if !keep {
            let _ = std::fs::remove_file(&self.path);
        }
        Ok(())
    }

    /// Every row of every run that did not succeed, in the order done.
    pub fn failures(&self) -> Result<Vec<Done>, CliError> {
        let mut out = Vec::new();
        for_each_record(&self.path, |d| {
            if matches!(d.outcome, Outcome::Failed { .. }) {
                out.push(d);
            }
        })?;
        Ok(out)
    }

    fn read(&mut self, job: &str, identity: &Value) -> Result<(), CliError> {
        let file = File::open(&self.path)
            .map_err(|e| CliError::io("cannot read the journal", &self.path, e))?;
        let mut lines = BufReader::new(file).lines();
        let header: Value = lines
            .next()
            .and_then(|l| l.ok())
            .and_then(|l| serde_json::from_str(&l).ok())
            .ok_or_else(|| {
                CliError::usage(format!(
                    "{} is not a chat-platform journal (or its first line was cut): use --restart",
                    self.path.display()
                ))
            })?;
        if header["journal"] != format!("chat-platform {job}") {
            return Err(CliError::usage(format!(
                "{} is the journal of another job ({}), not of this {job}",
                self.path.display(),
                header["journal"]
            )));
        }
        if &header["input"] != identity {
            return Err(CliError::usage(format!(
                "the input changed since {} was written (its size or first 64 KiB differ): \
                 --resume needs the same input; --restart starts over",
                self.path.display()
            )));
        }
        let started_us = header["started_us"].as_u64().unwrap_or(0);
        self.started = UNIX_EPOCH + Duration::from_micros(started_us);
        let (done, before) = (&mut self.done, &mut self.before);
        for_each_record(&self.path, |d| {
            done.insert(d.line);
            before.add(&d.outcome);
        })?;
        self.resumed = before.done() > 0;
        Ok(())
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

fn write_loop(mut file: File, rx: mpsc::Receiver<String>) -> std::io::Result<()> {
    while let Ok(first) = rx.recv() {
        writeln!(file, "{first}")?;
        // Whatever else is waiting goes with the same sync.
        while let Ok(more) = rx.try_recv() {
            writeln!(file, "{more}")?;
        }
        file.sync_data()?;
    }
    Ok(())
}

/// Calls `f` for every row recorded in the journal at `path` (a last line
/// cut by a kill is ignored).
fn for_each_record(path: &Path, mut f: impl FnMut(Done)) -> Result<(), CliError> {
    let file = File::open(path).map_err(|e| CliError::io("cannot read the journal", path, e))?;
    for line in BufReader::new(file).lines().skip(1) {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        for r in v["rows"].as_array().into_iter().flatten() {
            let (Some(n), Some(code), Some(user)) = (r[0].as_u64(), r[1].as_str(), r[2].as_str())
            else {
                continue;
            };
            let outcome = match code {
                "c" => Outcome::Created,
                "e" => Outcome::Existed,
                "d" => Outcome::Deleted,
                "g" => Outcome::Gone,
                _ => Outcome::Failed {
                    kind: r[3].as_str().unwrap_or("UNKNOWN").to_string(),
                    reason: r[4].as_str().unwrap_or("").to_string(),
                },
            };
            f(Done {
                line: n,
                username: user.to_string(),
                outcome,
            });
        }
    }
    Ok(())
}

/// What says the input is the same: its size and a digest of its first
/// 64 KiB (standard input: nothing to check).
fn identity(input: &Path) -> Result<Value, CliError> {
    if input.as_os_str() == "-" {
        return Ok(json!("standard input"));
    }
    let mut f = File::open(input)
        .map_err(|e| CliError::usage(format!("{}: cannot open it: {e}", input.display())))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 64 * 1024];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => {
                return Err(CliError::usage(format!(
                    "{}: cannot read it: {e}",
                    input.display()
                )))
            }
        }
    }
    let digest = Sha256::digest(&head[..n]);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    Ok(json!({"size": size, "head": hex}))
}

/// The journal of `job` on `input` as the options say: `--journal`, or
/// beside the input; for standard input without `--journal`, a temporary
/// one (the job then cannot resume: `None` as the second value).
pub fn for_job(
    input: &Path,
    args: &crate::args::JournalArgs,
    job: &str,
) -> Result<(Journal, Option<PathBuf>), CliError> {
    match args.journal.clone().or_else(|| default_path(input)) {
        Some(path) => {
            let j = open(&path, job, input, args.resume, args.restart)?;
            Ok((j, Some(path)))
        }
        None => {
            if args.resume {
                return Err(CliError::usage(
                    "--resume with standard input needs the --journal PATH of the earlier run",
                ));
            }
            let path = std::env::temp_dir().join(format!(
                "chat-platform-{job}-{}.journal",
                std::process::id()
            ));
            let j = open(&path, job, input, false, true)?;
            Ok((j, None))
        }
    }
}

/// Writes every row not done, of every run, to `path` as CSV
/// (line,username,kind,reason), in line order.
pub fn write_failures(journal: &Journal, path: &Path) -> Result<(), CliError> {
    let mut rows = journal.failures()?;
    rows.sort_by_key(|d| d.line);
    let mut w = csv::Writer::from_path(path)
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
    let fail = |e: csv::Error| CliError::failed(format!("cannot write {}: {e}", path.display()));
    w.write_record(["line", "username", "kind", "reason"])
        .map_err(fail)?;
    for d in rows {
        if let Outcome::Failed { kind, reason } = &d.outcome {
            w.write_record([d.line.to_string().as_str(), &d.username, kind, reason])
                .map_err(fail)?;
        }
    }
    w.flush().map_err(|e| CliError::io("cannot write", path, e))
}
