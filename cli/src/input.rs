//! Reading the input files lazily, each row with its line number: users
//! (CSV with a header, or JSON Lines) and usernames (one a line, or a CSV
//! username column).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::args::Format;
use crate::error::CliError;

/// A row of the users' file.
#[derive(Debug)]
pub struct UserRow {
    pub line: u64,
    pub username: String,
    pub password: String,
    pub nickname: Option<String>,
}

/// A row as read: a user to check, or a row that could not be read.
#[derive(Debug)]
pub enum Entry {
    User(UserRow),
    Unreadable { line: u64, reason: String },
}

/// The rows of a users' file, read as they are asked for.
pub type Entries = Box<dyn Iterator<Item = Entry> + Send>;

/// The users of `path` (`-`: standard input), lazily, and the header's
/// columns that are ignored (CSV).
pub fn users(path: &Path, format: Format) -> Result<(Entries, Vec<String>), CliError> {
    let reader = open(path)?;
    match format {
        Format::Csv => csv_users(path, reader),
        Format::Jsonl => Ok((Box::new(jsonl_users(reader)), Vec::new())),
    }
}

/// The format of `path` when none is given: JSON Lines for `.jsonl` and
/// `.ndjson`, else CSV.
pub fn format_of(path: &Path, given: Option<Format>) -> Format {
    given.unwrap_or_else(|| {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson") => Format::Jsonl,
            _ => Format::Csv,
        }
    })
}

/// Opens `path`, or standard input for `-`.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>, CliError> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let f = File::open(path)
        .map_err(|e| CliError::usage(format!("{}: cannot open it: {e}", path.display())))?;
    Ok(Box::new(f))
}

/// How many lines `path` has (for the progress display), or `None` for
/// standard input.
pub fn count_lines(path: &Path) -> Option<u64> {
    if path.as_os_str() == "-" {
        return None;
    }
    let mut r = BufReader::with_capacity(1 << 16, File::open(path).ok()?);
    let (mut n, mut last) = (0u64, b'\n');
    loop {
        let buf = r.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        n += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        last = buf[buf.len() - 1];
        let len = buf.len();
        r.consume(len);
    }
    Some(n + u64::from(last != b'\n'))
}

fn csv_users(
    path: &Path,
    reader: Box<dyn Read + Send>,
) -> Result<(Entries, Vec<String>), CliError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| {
            CliError::usage(format!(
                "{}: cannot read the CSV header: {e}",
                path.display()
            ))
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(u), Some(p)) = (find("username"), find("password")) else {
        return Err(CliError::usage(format!(
            "{}: the CSV header must name the columns username and password (nickname is optional); it has: {}",
            path.display(),
            header.join(",")
        )));
    };
    let n = find("nickname");
    let ignored = header
        .iter()
        .enumerate()
        .filter(|(i, h)| ![Some(u), Some(p), n].contains(&Some(*i)) && !h.is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    let rows = rdr.into_records().map_while(move |rec| match rec {
        Ok(r) => {
            let line = r.position().map_or(0, |p| p.line());
            let get = |i: usize| r.get(i).unwrap_or("").to_string();
            Some(Entry::User(UserRow {
                line,
                username: get(u),
                password: get(p),
                nickname: n.map(get).filter(|s| !s.is_empty()),
            }))
        }
        Err(e) if e.is_io_error() => None,
        Err(e) => Some(Entry::Unreadable {
            line: e.position().map_or(0, |p| p.line()),
            reason: format!("not a CSV row: {e}"),
        }),
    });
    Ok((Box::new(rows), ignored))
}

fn jsonl_users(reader: Box<dyn Read + Send>) -> impl Iterator<Item = Entry> + Send {
    numbered_lines(reader).filter_map(|(line, text)| {
        let text = match text {
            Ok(t) => t,
            Err(reason) => return Some(Entry::Unreadable { line, reason }),
        };
        if text.trim().is_empty() {
            return None;
        }
        let v: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                return Some(Entry::Unreadable {
                    line,
                    reason: format!("not a JSON object: {e}"),
                })
            }
        };
        let Some(obj) = v.as_object() else {
            return Some(Entry::Unreadable {
                line,
                reason: "not a JSON object".into(),
            });
        };
        let field = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Some(Entry::User(UserRow {
            line,
            username: field("username").unwrap_or_default(),
            password: field("password").unwrap_or_default(),
            nickname: field("nickname").filter(|s| !s.is_empty()),
        }))
    })
}

/// The usernames of `path` (`-`: standard input): one a line, or, when the
/// first line is a CSV header naming `username`, that column. Empty lines
/// are skipped.
pub fn usernames(path: &Path) -> Result<Box<dyn Iterator<Item = (u64, String)> + Send>, CliError> {
    let mut reader = BufReader::new(open(path)?);
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .map_err(|e| CliError::usage(format!("{}: cannot read it: {e}", path.display())))?;
    let head = first
        .trim_end_matches(['\r', '\n'])
        .trim_start_matches('\u{feff}')
        .to_string();
    let columns: Vec<&str> = head.split(',').map(str::trim).collect();
    if columns.len() > 1 || head.trim().eq_ignore_ascii_case("username") {
        let Some(col) = columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case("username"))
        else {
            return Err(CliError::usage(format!(
                "{}: a CSV file needs a username column; its header has: {head}",
                path.display()
            )));
        };
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let names = rdr.into_records().filter_map(move |rec| {
            let r = rec.ok()?;
            // Line 1 was the header, read before this reader.
            let line = r.position().map_or(0, |p| p.line()) + 1;
            let name = r.get(col)?.trim().to_string();
            (!name.is_empty()).then_some((line, name))
        });
        return Ok(Box::new(names));
    }
    let first_name = head.trim().to_string();
    let rest = numbered_lines(Box::new(reader)).filter_map(|(line, text)| {
        let name = text.ok()?.trim().to_string();
        (!name.is_empty()).then_some((line + 1, name))
    });
    Ok(Box::new(
        (!first_name.is_empty())
            .then_some((1, first_name))
            .into_iter()
            .chain(rest),
    ))
}

/// Lines with their numbers (from 1); a line that is not UTF-8 is an error
/// naming it, and reading stops at an I/O error.
fn numbered_lines(
    reader: Box<dyn Read + Send>,
) -> impl Iterator<Item = (u64, Result<String, String>)> + Send {
    let mut r = BufReader::new(reader);
    let mut line = 0u64;
    std::iter::from_fn(move || {
        let mut buf = Vec::new();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                line += 1;
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                Some((
                    line,
                    String::from_utf8(buf).map_err(|_| "not UTF-8 text".to_string()),
                ))
            }
        }
    })
}
