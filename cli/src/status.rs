//! `chat-platform status FILE`: the presence of each user listed (the
//! core's batch status, paced), as CSV in input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::time::Instant;

use chat_platform::{Presence, RateLimits, StatusBatch};
use futures_util::StreamExt;

use crate::args::{Connection, Output, StatusArgs};
use crate::connect;
use crate::error::CliError;
use crate::input;
use crate::journal::{Outcome, Tally};
use crate::progress::Progress;
use crate::summary::Summary;

pub async fn run(conn: &Connection, out: &Output, a: StatusArgs) -> Result<i32, CliError> {
    let client = connect::client(conn)?;
    let names = input::usernames(&a.file)?;
    let sink: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(
            File::create(p)
                .map_err(|e| CliError::usage(format!("{}: cannot write it: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::Writer::from_writer(sink);
    let fail = |e: csv::Error| CliError::failed(format!("cannot write the presences: {e}"));
    w.write_record(["username", "status"]).map_err(fail)?;
    let mut progress = Progress::new("status", input::count_lines(&a.file), out.quiet);
    let started = Instant::now();
    let input =
        futures_util::stream::iter(names.map(|(_, n)| Ok::<String, chat_platform::Error>(n)));
    let mut batches = std::pin::pin!(client.users_status_stream(input, None));
    // Batches complete out of order: held until the ones before are written.
    let mut waiting: BTreeMap<u64, StatusBatch> = BTreeMap::new();
    let (mut next, mut tally, mut first_error) = (0u64, Tally::default(), None);
    while let Some(batch) = batches.next().await {
        let batch = batch?;
        waiting.insert(batch.first_index, batch);
        while let Some(b) = waiting.remove(&next) {
            next += b.count as u64;
            match &b.error {
                None => {
                    for p in &b.items {
                        let s = if p.presence == Presence::Online {
                            "online"
                        } else {
                            "offline"
                        };
                        w.write_record([p.username.as_str(), s]).map_err(fail)?;
                        tally.add(&Outcome::Existed);
                    }
                }
                Some(e) => {
                    for _ in 0..b.count {
                        tally.add(&Outcome::Failed {
                            kind: e.kind().code().to_string(),
                            reason: e.to_string(),
                        });
                    }
                    first_error.get_or_insert_with(|| e.to_string());
                }
            }
            progress.update(tally.done(), tally.failed_total());
        }
    }
    w.flush()
        .map_err(|e| CliError::failed(format!("cannot write the presences: {e}")))?;
    progress.finish();
    if let Some(e) = &first_error {
        eprintln!("status: some requests failed (their users are not in the output): {e}");
    }
    let sent = tally.done();
    Ok(Summary {
        job: "status",
        tally,
        sent,
        elapsed: started.elapsed(),
        ceiling: Some(RateLimits::documented().batch_status * 100.0 * conn.rate_limit_scale),
        ignored_columns: Vec::new(),
        interrupted: false,
        journal: None,
        failures: None,
        again: String::new(),
        results_on_stdout: a.output.is_none(),
    }
    .finish(out))
}
