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
const COLUMNS: [&str; 6] = ["username", "uuid", "activated", "nickname", "created", "modified"];

pub async fn run(conn: &Connection, out: &Output, a: ExportArgs) -> Result<i32, CliError> {
    let client = connect::client(conn)?;
    let sink: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(File::create(p).map_err(|e| CliError::usage(format!("{}: cannot write it: {e}", p.display())))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::new(sink);
    let write_err = |e: std::io::Error| CliError::failed(format!("cannot write the export: {e}"));
    let mut csv_out = (a.format == Format::Csv).then(|| csv::Writer::from_writer(Vec::new()));
    if let Some(c) = &mut csv_out {
        c.write_record(COLUMNS).map_err(|e| CliError::failed(e.to_string()))?;
        flush_csv(c, &mut w).map_err(write_err)?;
    }
    let mut progress = Progress::new("export", None, out.quiet || a.output.is_none());
    let started = Instant::now();
    let mut users = client.iter_users(100)?;
    let mut exported = 0u64;
    while let Some(u) = users.try_next().await? {
        let created = u.created.map(|t| t.to_string()).unwrap_or_default();
        let modified = u.modified.map(|t| t.to_string()).unwrap_or_default();
        match &mut csv_out {
            Some(c) => {
                let activated = u.activated.to_string();
                let nickname = u.nickname.clone().unwrap_or_default();
                c.write_record([u.username.as_str(), &u.uuid, &activated, &nickname, &created, &modified])
                    .map_err(|e| CliError::failed(e.to_string()))?;
                flush_csv(c, &mut w).map_err(write_err)?;
            }
            None => {
                let v = json!({"username": u.username, "uuid": u.uuid, "activated": u.activated,
                               "nickname": u.nickname, "created": u.created, "modified": u.modified});
                writeln!(w, "{v}").map_err(write_err)?;
            }
        }
        exported += 1;
        progress.update(exported, 0);
    }
    w.flush().map_err(write_err)?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let to = a.output.as_ref().map_or("standard output".to_string(), |p| p.display().to_string());
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

/// Moves what the CSV writer holds to the output.
fn flush_csv(c: &mut csv::Writer<Vec<u8>>, w: &mut impl Write) -> std::io::Result<()> {
    c.flush()?;
    let buf = std::mem::take(c.get_mut());
    w.write_all(&buf)
}
