//! `chat-platform import FILE`: every row registered at the service's
//! budget (the core's `register_users_stream`), bad rows reported and never
//! sent, every row done recorded in the journal.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chat_platform::{validate, Client, ErrorKind, NewUser, RateLimits};
use futures_util::StreamExt;

use crate::args::{Connection, Format, ImportArgs, Output};
use crate::connect;
use crate::error::CliError;
use crate::input::{self, Entries, Entry, UserRow};
use crate::interrupt::Interrupt;
use crate::journal::{self, Done, Journal, Outcome, Tally};
use crate::progress::Progress;
use crate::seen::Seen;
use crate::summary::Summary;

/// The kind of a row reported without being sent.
const INVALID_ROW: &str = "INVALID_ROW";

pub async fn run(conn: &Connection, out: &Output, a: ImportArgs) -> Result<i32, CliError> {
    let client = connect::client(conn)?;
    let format = input::format_of(&a.file, a.format);
    let (entries, ignored_columns) = input::users(&a.file, format)?;
    let (mut journal, resumable) = journal::for_job(&a.file, &a.journal, "import")?;
    let header = u64::from(format == Format::Csv);
    let total = input::count_lines(&a.file).map(|n| n.saturating_sub(header));
    let interrupt = Interrupt::listen("import");
    let mut progress = Progress::new("import", total, out.quiet);

    let source = Source::new(entries, &journal, interrupt.clone());
    let state = source.state.clone();
    let started = Instant::now();
    let users = futures_util::stream::iter(source.map(Ok::<NewUser, chat_platform::Error>));
    let mut batches = std::pin::pin!(client.register_users_stream(users, None));
    let mut tally = journal.before.clone();
    let mut sent = 0u64;
    let mut to_check: Vec<(u64, String)> = Vec::new();
    while let Some(batch) = batches.next().await {
        let batch = batch?;
        sent += batch.count as u64;
        let mut done = state
            .lock()
            .map(|mut s| std::mem::take(&mut s.bad))
            .unwrap_or_default();
        let mut rows = {
            let mut s = state
                .lock()
                .map_err(|_| CliError::failed("internal: the input's state"))?;
            let mut rows = Vec::with_capacity(batch.count);
            for i in &batch.indices {
                if let Some((line, username)) = s.in_flight.remove(i) {
                    rows.push((line, username, None));
                }
            }
            for f in &batch.failed {
                if let Some((line, username)) = s.in_flight.remove(&(f.index as u64)) {
                    rows.push((line, username, Some(f.clone())));
                }
            }
            rows
        };
        for (line, username, failure) in rows.drain(..) {
            let outcome = match failure {
                None => Outcome::Created,
                Some(f) if f.kind == ErrorKind::Conflict && (journal.resumed || f.uncertain) => {
                    // Asked after the stream: its requests in flight hold
                    // the client's slots until it is polled again.
                    to_check.push((line, username));
                    continue;
                }
                Some(f) if f.kind == ErrorKind::Conflict => Outcome::Existed,
                Some(f) => Outcome::Failed {
                    kind: f.kind.code().to_string(),
                    reason: f.reason,
                },
            };
            done.push(Done {
                line,
                username,
                outcome,
            });
        }
        record(&journal, &mut tally, &done);
        progress.update(tally.done(), tally.failed_total());
    }
    let mut done = state
        .lock()
        .map(|mut s| std::mem::take(&mut s.bad))
        .unwrap_or_default();
    done.extend(created_by_this_job(&client, &journal, to_check).await);
    record(&journal, &mut tally, &done);
    progress.finish();
    journal.close(resumable.is_some(), a.journal.failures.as_deref())?;
    let ceiling = RateLimits::documented().user_account * 60.0 * conn.rate_limit_scale;
    Ok(Summary {
        job: "import",
        tally,
        sent,
        elapsed: started.elapsed(),
        ceiling: Some(ceiling),
        ignored_columns,
        interrupted: interrupt.stopped(),
        journal: resumable,
        failures: a.journal.failures.clone(),
        results_on_stdout: false,
        again: format!("chat-platform import {}", a.file.display()),
    }
    .finish(out))
}

fn record(journal: &Journal, tally: &mut Tally, done: &[Done]) {
    journal.record(done);
    for d in done {
        tally.add(&d.outcome);
    }
}

/// Users the service says exist that an earlier run may have sent (this run
/// resumes one) or whose answer was lost: created by this job when the
/// service created them after the job started, else they existed before.
async fn created_by_this_job(
    client: &Client,
    journal: &Journal,
    users: Vec<(u64, String)>,
) -> Vec<Done> {
    let since = journal.started;
    futures_util::stream::iter(users)
        .map(|(line, username)| async move {
            let outcome = match client.user_created_since(&username, since).await {
                Some(_) => Outcome::Created,
                None => Outcome::Existed,
            };
            Done {
                line,
                username,
                outcome,
            }
        })
        .buffer_unordered(16)
        .collect()
        .await
}

/// What the source shares with the loop that reads the answers.
#[derive(Default)]
struct SourceState {
    /// The input index of every user sent and not answered: its line and username.
    in_flight: HashMap<u64, (u64, String)>,
    /// Rows reported without being sent, not yet recorded.
    bad: Vec<Done>,
}

/// The users to send, read lazily: rows an earlier run did are skipped, bad
/// rows set aside; ends early when the job is interrupted.
struct Source {
    entries: Entries,
    /// The usernames seen: about 9 bytes a row.
    seen: Seen,
    done: journal::Lines,
    index: u64,
    interrupt: Interrupt,
    state: Arc<Mutex<SourceState>>,
}

impl Source {
    fn new(entries: Entries, journal: &Journal, interrupt: Interrupt) -> Self {
        Source {
            entries,
            seen: Seen::default(),
            done: journal.done.clone(),
            index: 0,
            interrupt,
            state: Arc::default(),
        }
    }

    fn set_aside(&self, line: u64, username: String, reason: String) {
        if self.done.contains(line) {
            return;
        }
        if let Ok(mut s) = self.state.lock() {
            s.bad.push(Done {
                line,
                username,
                outcome: Outcome::Failed {
                    kind: INVALID_ROW.into(),
                    reason,
                },
            });
        }
    }
}

impl Iterator for Source {
    type Item = NewUser;

    fn next(&mut self) -> Option<NewUser> {
        loop {
            if self.interrupt.stopped() {
                return None;
            }
            let row = match self.entries.next()? {
                Entry::User(row) => row,
                Entry::Unreadable { line, reason } => {
                    self.set_aside(line, String::new(), reason);
                    continue;
                }
            };
            // Checked whether or not an earlier run did the row, so that
            // every run finds the same duplicates.
            if let Some(reason) = problem(&row) {
                self.set_aside(row.line, row.username, reason);
                continue;
            }
            if !self.seen.insert(&row.username) {
                let reason =
                    "the username is on an earlier line (usernames are compared ignoring case)"
                        .to_string();
                self.set_aside(row.line, row.username, reason);
                continue;
            }
            if self.done.contains(row.line) {
                continue;
            }
            let mut user = NewUser::new(row.username.clone(), row.password);
            if let Some(n) = row.nickname {
                user = user.with_nickname(n);
            }
            if let Ok(mut s) = self.state.lock() {
                s.in_flight.insert(self.index, (row.line, row.username));
            }
            self.index += 1;
            return Some(user);
        }
    }
}

/// Why a row cannot be sent (the core's rules), if it cannot.
fn problem(row: &UserRow) -> Option<String> {
    if row.username.is_empty() {
        return Some("no username".into());
    }
    if row.password.is_empty() {
        return Some("no password".into());
    }
    validate::username("username", &row.username)
        .and_then(|()| validate::password("password", &row.password))
        .and_then(|()| {
            row.nickname
                .as_deref()
                .map_or(Ok(()), |n| validate::nickname("nickname", n))
        })
        .err()
        .map(|e| e.to_string())
}
