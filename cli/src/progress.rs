//! Progress: a bar with rate and time left on a terminal, a line every few
//! seconds otherwise (a pipe, CI), nothing with `--quiet`.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How often a line is printed when standard error is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

pub enum Progress {
    Bar(ProgressBar),
    Lines {
        job: &'static str,
        total: Option<u64>,
        start: Instant,
        last: Instant,
    },
    Quiet,
}

impl Progress {
    /// `total`: the rows to do, when known.
    pub fn new(job: &'static str, total: Option<u64>, quiet: bool) -> Self {
        if quiet {
            return Progress::Quiet;
        }
        if std::io::stderr().is_terminal() {
            let bar = match total {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                "{prefix} {wide_bar} {pos}/{len} rows, {rate}, {msg}, {eta} left"
            } else {
                "{prefix} {spinner} {pos} rows, {rate}, {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.with_key(
                    "rate",
                    |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} rows/s", s.per_sec());
                    },
                ));
            }
            bar.set_prefix(job);
            bar.set_message("0 failed");
            return Progress::Bar(bar);
        }
        let now = Instant::now();
        Progress::Lines {
            job,
            total,
            start: now,
            last: now,
        }
    }

    /// `done` rows so far, `failed` of them not done.
    pub fn update(&mut self, done: u64, failed: u64) {
        match self {
            Progress::Bar(bar) => {
                bar.set_position(done);
                bar.set_message(format!("{failed} failed"));
            }
            Progress::Lines {
                job,
                total,
                start,
                last,
            } => {
                if last.elapsed() < LINE_EVERY {
                    return;
                }
                *last = Instant::now();
                let secs = start.elapsed().as_secs_f64().max(1e-3);
                let rate = done as f64 / secs;
                let of = total.map(|t| format!("/{t}")).unwrap_or_default();
                let left = match total {
                    Some(t) if rate > 0.0 && *t > done => {
                        format!(", {:.0} s left", (*t - done) as f64 / rate)
                    }
                    _ => String::new(),
                };
                eprintln!("{job}: {done}{of} rows, {rate:.0} rows/s, {failed} failed{left}");
            }
            Progress::Quiet => {}
        }
    }

    pub fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
