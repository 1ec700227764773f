//! `chat-platform`, the command for the jobs users run by hand against the
//! Chat Platform API, on the same core as every binding: `import` (resumable,
//! at the service's budget), `export`, `delete` (resumable), `status`.
//!
//! [`run`] is the whole program: the binary calls it, and so do the Python
//! and Node packages' `chat-platform` commands, with the same arguments.
//!
//! Exit status: 0 all done; 1 some rows failed or were skipped (the report
//! says which); 2 bad usage or configuration; 130 interrupted (the journal
//! saved: `--resume` goes on).

mod args;
mod connect;
mod delete;
mod error;
mod export;
mod import;
mod input;
mod interrupt;
mod journal;
mod progress;
mod seen;
mod status;
mod summary;

use std::ffi::OsString;

use clap::Parser;

pub use error::CliError;

/// Runs the command line `args` (the program's name first) and returns the
/// exit status. Messages go to standard error, results to standard output
/// or the files named.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; usage errors exit 2.
            let _ = e.print();
            return e.exit_code();
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("chat-platform: could not start: {e}");
            return 2;
        }
    };
    match runtime.block_on(dispatch(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("chat-platform: {e}");
            e.code
        }
    }
}

async fn dispatch(cli: args::Cli) -> Result<i32, CliError> {
    let out = cli.output;
    match cli.command {
        args::Command::Import(a) => import::run(&cli.connection, &out, a).await,
        args::Command::Export(a) => export::run(&cli.connection, &out, a).await,
        args::Command::Delete(a) => delete::run(&cli.connection, &out, a).await,
        args::Command::Status(a) => status::run(&cli.connection, &out, a).await,
    }
}
