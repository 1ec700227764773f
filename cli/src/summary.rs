//! The summary at the end of a job: a sentence on standard error, or one
//! JSON object on standard output with `--json`; and the exit status.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use crate::args::Output;
use crate::journal::Tally;

pub struct Summary {
    pub job: &'static str,
    /// Every run's outcomes (the journal's and this run's).
    pub tally: Tally,
    /// Rows this run sent, and how long it took.
    pub sent: u64,
    pub elapsed: Duration,
    /// The service's ceiling for this job, rows per second.
    pub ceiling: Option<f64>,
    pub ignored_columns: Vec<String>,
    pub interrupted: bool,
    /// The journal, when the job can resume from it.
    pub journal: Option<PathBuf>,
    pub failures: Option<PathBuf>,
    /// How to run this job again (for the resume hint).
    pub again: String,
    /// The results go to standard output: the JSON summary then goes to
    /// standard error.
    pub results_on_stdout: bool,
}

impl Summary {
    /// Prints the summary and returns the exit status: 130 interrupted, 1
    /// some rows failed or skipped, 0 all done.
    pub fn finish(&self, out: &Output) -> i32 {
        let secs = self.elapsed.as_secs_f64().max(1e-3);
        let rate = self.sent as f64 / secs;
        let share = self.ceiling.map(|c| rate / c);
        let t = &self.tally;
        if out.json {
            let v = json!({
                "job": self.job,
                "rows": t.done(),
                "created": t.created,
                "already_existed": t.existed,
                "deleted": t.deleted,
                "already_gone": t.gone,
                "failed": t.failed_total(),
                "failed_by_kind": t.failed,
                "skipped": t.failed.get("INVALID_ROW").copied().unwrap_or(0),
                "sent_this_run": self.sent,
                "elapsed_s": (secs * 1000.0).round() / 1000.0,
                "per_second": rate.round(),
                "budget_share": share.map(|s| (s * 1000.0).round() / 1000.0),
                "ignored_columns": self.ignored_columns,
                "interrupted": self.interrupted,
                "journal": self.journal,
                "failures": self.failures,
            });
            if self.results_on_stdout {
                eprintln!("{v}");
            } else {
                println!("{v}");
            }
        }
        let mut parts = Vec::new();
        if self.job == "delete" {
            parts.push(format!("{} deleted", t.deleted));
            parts.push(format!("{} already gone", t.gone));
        } else if self.job == "status" {
            parts.push(format!("{} answered", t.existed));
        } else {
            parts.push(format!("{} created", t.created));
            parts.push(format!("{} already existed", t.existed));
        }
        let failed = t.failed_total();
        if failed > 0 {
            let kinds: Vec<String> = t.failed.iter().map(|(k, n)| format!("{n} {k}")).collect();
            parts.push(format!("{failed} failed ({})", kinds.join(", ")));
        } else {
            parts.push("0 failed".into());
        }
        let speed = match share {
            Some(s) => format!(
                "{rate:.0} rows/s, {:.1}% of the budget's {:.0}/s",
                s * 100.0,
                self.ceiling.unwrap_or(0.0)
            ),
            None => format!("{rate:.0} rows/s"),
        };
        eprintln!(
            "{}: {} row{}: {}; this run sent {} in {:.1} s ({speed})",
            self.job,
            t.done(),
            if t.done() == 1 { "" } else { "s" },
            parts.join(", "),
            self.sent,
            secs
        );
        if !self.ignored_columns.is_empty() {
            eprintln!(
                "{}: ignored columns: {}",
                self.job,
                self.ignored_columns.join(", ")
            );
        }
        if let Some(f) = &self.failures {
            if failed > 0 {
                eprintln!("{}: the rows not done are in {}", self.job, f.display());
            }
        }
        if self.interrupted {
            match &self.journal {
                Some(j) => eprintln!(
                    "{}: interrupted; the journal {} is saved: `{} --resume` goes on",
                    self.job,
                    j.display(),
                    self.again
                ),
                None => eprintln!(
                    "{}: interrupted (no journal: give --journal PATH to make it resumable)",
                    self.job
                ),
            }
            return 130;
        }
        if failed > 0 {
            1
        } else {
            0
        }
    }
}
