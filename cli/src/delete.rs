//! `chat-platform delete FILE`: deletes the users listed, after a
//! confirmation, resumably; each reported deleted, already gone or failed.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Instant;

use chat_platform::{DeleteOutcome, ErrorKind, RateLimits};
use futures_util::StreamExt;

use crate::args::{Connection, DeleteArgs, Output};
use crate::connect;
use crate::error::CliError;
use crate::input;
use crate::interrupt::Interrupt;
use crate::journal::{self, Done, Outcome};
use crate::progress::Progress;
use crate::summary::Summary;

/// Deletes in flight at once (each is paced by the core at the service's
/// budget; this only has to cover the round trip).
const IN_FLIGHT: usize = 64;

pub async fn run(conn: &Connection, out: &Output, a: DeleteArgs) -> Result<i32, CliError> {
    let client = connect::client(conn)?;
    let names = input::usernames(&a.file)?;
    let total = input::count_lines(&a.file);
    if !a.yes {
        confirm(&a, conn, total)?;
    }
    let (mut journal, resumable) = journal::for_job(&a.file, &a.journal, "delete")?;
    let interrupt = Interrupt::listen("delete");
    let mut progress = Progress::new("delete", total, out.quiet);
    let started = Instant::now();
    let done_before = journal.done.clone();
    let stop = interrupt.clone();
    let c = client.clone();
    let deletes = futures_util::stream::iter(names)
        .filter(move |(line, _)| std::future::ready(!done_before.contains(*line)))
        .take_while(move |_| std::future::ready(!stop.stopped()))
        .map(move |(line, name)| {
            let c = c.clone();
            async move {
                let r = c.delete_user(&name).await;
                (line, name, r)
            }
        })
        .buffer_unordered(IN_FLIGHT);
    let mut deletes = std::pin::pin!(deletes);
    let mut tally = journal.before.clone();
    let mut sent = 0u64;
    while let Some((line, username, r)) = deletes.next().await {
        sent += 1;
        let outcome = match r {
            Ok(d) if d.outcome == DeleteOutcome::AlreadyGone => Outcome::Gone,
            Ok(_) => Outcome::Deleted,
            // Not there: already gone (before the job, or by an earlier run).
            Err(e) if e.kind() == ErrorKind::NotFound => Outcome::Gone,
            Err(e) => Outcome::Failed {
                kind: e.kind().code().to_string(),
                reason: e.to_string(),
            },
        };
        let d = Done {
            line,
            username,
            outcome,
        };
        journal.record(std::slice::from_ref(&d));
        tally.add(&d.outcome);
        progress.update(tally.done(), tally.failed_total());
    }
    progress.finish();
    journal.close(resumable.is_some(), a.journal.failures.as_deref())?;
    Ok(Summary {
        job: "delete",
        tally,
        sent,
        elapsed: started.elapsed(),
        ceiling: Some(RateLimits::documented().user_account * conn.rate_limit_scale),
        ignored_columns: Vec::new(),
        interrupted: interrupt.stopped(),
        journal: resumable,
        failures: a.journal.failures.clone(),
        results_on_stdout: false,
        again: format!("chat-platform delete {} --yes", a.file.display()),
    }
    .finish(out))
}

/// Asks on the terminal; without one, `--yes` is required.
fn confirm(a: &DeleteArgs, conn: &Connection, total: Option<u64>) -> Result<(), CliError> {
    let stdin = std::io::stdin();
    if a.file.as_os_str() == "-" || !stdin.is_terminal() {
        return Err(CliError::usage(
            "delete asks for confirmation on a terminal; without one (a pipe, CI, names on standard input) pass --yes",
        ));
    }
    let app = conn.app_key.as_deref().unwrap_or("the app");
    let count = total.map(|n| format!(" ({n} lines)")).unwrap_or_default();
    eprint!(
        "Delete the users listed in {}{count} from {app}? This cannot be undone. Type yes to go on: ",
        a.file.display()
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::usage(format!("no answer: {e}")))?;
    if answer.trim().eq_ignore_ascii_case("yes") || answer.trim().eq_ignore_ascii_case("y") {
        Ok(())
    } else {
        Err(CliError::usage("not confirmed: nothing deleted"))
    }
}
