//! `chat-platform export`: every user, page by page, as CSV or JSON Lines.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use futures_util::TryStreamExt;
use serde_json::json;

use crate::args::{Connection, ExportArgs, Format, Output};
use crate::connect;
use crate::error::CliError;
use crate::progress::Progress;

/// The columns written, in order.
const COLUMNS: [&str; 6] = [
    "username",
    "uuid",
    "activated",
    "nickname",
    "created",
    "modified",
];

pub async fn run(conn: &Connection, out: &Output, a: ExportArgs) -> Result<i32, CliError> {
    let client = connect::client(conn)?;
    let sink: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(
            File::create(p)
                .map_err(|e| CliError::usage(format!("{}: cannot write it: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let write_err = |e: std::io::Error| CliError::failed(format!("cannot write the export: {e}"));
    let csv_err = |e: csv::Error| CliError::failed(format!("cannot write the export: {e}"));
    let mut progress = Progress::new("export", None, out.quiet || a.output.is_none());
    let started = Instant::now();
    let mut users = client.iter_users(100)?;
    // The first page before the first byte: a service that cannot be
    // reached or refuses the credentials leaves the output empty.
    let mut next = users.try_next().await?;
    let mut w = match a.format {
        Format::Csv => {
            let mut c = csv::Writer::from_writer(sink);
            c.write_record(COLUMNS).map_err(csv_err)?;
            Sink::Csv(Box::new(c))
        }
        Format::Jsonl => Sink::Lines(BufWriter::new(sink)),
    };
    let mut exported = 0u64;
    while let Some(u) = next {
        match &mut w {
            Sink::Csv(c) => {
                let created = u.created.map(|t| t.to_string()).unwrap_or_default();
                let modified = u.modified.map(|t| t.to_string()).unwrap_or_default();
                let activated = u.activated.to_string();
                let nickname = u.nickname.clone().unwrap_or_default();
                c.write_record([
                    u.username.as_str(),
                    &u.uuid,
                    &activated,
                    &nickname,
                    &created,
                    &modified,
                ])
                .map_err(csv_err)?;
            }
            Sink::Lines(l) => {
                let v = json!({"username": u.username, "uuid": u.uuid, "activated": u.activated,
                               "nickname": u.nickname, "created": u.created, "modified": u.modified});
                writeln!(l, "{v}").map_err(write_err)?;
            }
        }
        exported += 1;
        progress.update(exported, 0);
        next = users.try_next().await?;
    }
    match &mut w {
        Sink::Csv(c) => c.flush().map_err(write_err)?,
        Sink::Lines(l) => l.flush().map_err(write_err)?,
    }
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let to = a
        .output
        .as_ref()
        .map_or("standard output".to_string(), |p| p.display().to_string());
    if out.json {
        let v = json!({"job": "export", "users": exported, "elapsed_s": (secs * 1000.0).round() / 1000.0, "output": to});
        // Standard output may be the export itself.
        if a.output.is_some() {
            println!("{v}");
        } else {
            eprintln!("{v}");
        }
    }
    eprintln!("export: {exported} users written to {to} in {secs:.1} s");
    Ok(0)
}

/// Where the users go: CSV (the writer buffers) or one JSON object a line.
enum Sink {
    Csv(Box<csv::Writer<Box<dyn Write>>>),
    Lines(BufWriter<Box<dyn Write>>),
}
