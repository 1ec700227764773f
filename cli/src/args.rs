//! The command line: every option, its default and an example (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "The jobs run by hand against the Chat Platform API: import, export, \
delete, status. Paced at the service's budget; import and delete are resumable.";

const CONFIG_HELP: &str = "\
Configuration (each also an option above, except the secrets):
  CHAT_PLATFORM_BASE_URL or CHAT_PLATFORM_REGION   where the service is
  CHAT_PLATFORM_APP_KEY                            org#app
  CHAT_PLATFORM_CLIENT_ID, CHAT_PLATFORM_CLIENT_SECRET
      or CHAT_PLATFORM_APP_ID, CHAT_PLATFORM_APP_CERTIFICATE
  CHAT_PLATFORM_SHARED_STORE                       fleet mode: a Redis URL
Secrets are never taken on the command line (every user of the machine can read it): use the
variables, or --client-secret-file / --app-certificate-file.

Exit status: 0 all done, 1 some rows failed or were skipped, 2 bad usage or configuration,
130 interrupted (resume with --resume).

Examples:
  export CHAT_PLATFORM_REGION=singapore1 CHAT_PLATFORM_APP_KEY='my-org#my-app'
  export CHAT_PLATFORM_CLIENT_ID=YXA6... CHAT_PLATFORM_CLIENT_SECRET=YXA6...
  chat-platform import users.csv --failures failed.csv
  chat-platform import users.csv --resume
  chat-platform export --format jsonl -o users.jsonl
  chat-platform status names.txt -o presence.csv
  chat-platform delete leavers.txt --yes";

/// `chat-platform`.
#[derive(Parser, Debug)]
#[command(name = "chat-platform", version, about = ABOUT, after_help = CONFIG_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub connection: Connection,
    #[command(flatten)]
    pub output: Output,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the service is and who the app is. Secrets come from the
/// environment or files only.
#[derive(Args, Debug)]
#[command(next_help_heading = "Connection")]
pub struct Connection {
    /// The service's base URL (e.g. https://a1.easecdn.com, or an emulator's URL)
    #[arg(
        long,
        env = "CHAT_PLATFORM_BASE_URL",
        hide_env_values = true,
        global = true
    )]
    pub base_url: Option<String>,
    /// A documented data center instead of --base-url
    #[arg(
        long,
        env = "CHAT_PLATFORM_REGION",
        hide_env_values = true,
        value_enum,
        global = true
    )]
    pub region: Option<RegionArg>,
    /// The app key, org#app
    #[arg(
        long,
        env = "CHAT_PLATFORM_APP_KEY",
        hide_env_values = true,
        global = true
    )]
    pub app_key: Option<String>,
    /// The app's client id (its secret: CHAT_PLATFORM_CLIENT_SECRET or --client-secret-file)
    #[arg(
        long,
        env = "CHAT_PLATFORM_CLIENT_ID",
        hide_env_values = true,
        global = true
    )]
    pub client_id: Option<String>,
    /// A file holding the client secret (instead of CHAT_PLATFORM_CLIENT_SECRET)
    #[arg(long, value_name = "FILE", global = true)]
    pub client_secret_file: Option<PathBuf>,
    /// The Agora app ID, to use an app certificate instead of a client secret
    #[arg(
        long,
        env = "CHAT_PLATFORM_APP_ID",
        hide_env_values = true,
        global = true
    )]
    pub app_id: Option<String>,
    /// A file holding the app certificate (instead of CHAT_PLATFORM_APP_CERTIFICATE)
    #[arg(long, value_name = "FILE", global = true)]
    pub app_certificate_file: Option<PathBuf>,
    /// Fleet mode: a Redis URL shared with the app's other processes (one with a password only
    /// from CHAT_PLATFORM_SHARED_STORE)
    #[arg(long, value_name = "URL", global = true)]
    pub shared_store: Option<String>,
    /// A plan with higher limits: the documented ones times this
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0, global = true)]
    pub rate_limit_scale: f64,
    /// Refused: use CHAT_PLATFORM_CLIENT_SECRET or --client-secret-file
    #[arg(long, hide = true, global = true)]
    pub client_secret: Option<String>,
    /// Refused: use CHAT_PLATFORM_APP_CERTIFICATE or --app-certificate-file
    #[arg(long, hide = true, global = true)]
    pub app_certificate: Option<String>,
}

/// What the command prints besides its results.
#[derive(Args, Debug, Clone, Copy)]
#[command(next_help_heading = "Output")]
pub struct Output {
    /// No progress display (the summary is still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The summary as one JSON object on standard output
    #[arg(long, global = true)]
    pub json: bool,
}

/// The documented data centers.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RegionArg {
    Domestic1,
    Domestic2,
    Singapore1,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Registers every row of a CSV or JSON Lines file, at the service's budget, resumably
    #[command(after_help = "\
Input: CSV with a header naming username and password (nickname optional; other columns are
ignored and named in the summary), or JSON Lines of {\"username\", \"password\", \"nickname\"}.
Bad rows (an invalid username, no password, a username twice, ignoring case) are reported with
their line number and skipped, never sent.

The journal (FILE.journal, or --journal) records every row done; killed at any moment, `import
FILE --resume` goes on where it stopped: each row created exactly once or reported failed once.
Ctrl-C finishes the requests in flight and saves the journal; a second Ctrl-C aborts.

Examples:
  chat-platform import users.csv
  chat-platform import users.csv --resume --failures failed.csv
  cat users.jsonl | chat-platform import - --format jsonl --journal users.journal")]
    Import(ImportArgs),
    /// Writes every user as CSV or JSON Lines, page by page
    #[command(after_help = "\
Columns: username, uuid, activated, nickname, created, modified (ms since the epoch).

Examples:
  chat-platform export -o users.csv
  chat-platform export --format jsonl | gzip > users.jsonl.gz")]
    Export(ExportArgs),
    /// Deletes the users listed in a file (one username a line, or a CSV username column), resumably
    #[command(after_help = "\
Asks for confirmation on a terminal unless --yes; without a terminal --yes is required.
Each user is reported deleted, already gone or failed; the journal works as import's.

Examples:
  chat-platform delete leavers.txt
  chat-platform delete leavers.csv --yes --failures not-deleted.csv")]
    Delete(DeleteArgs),
    /// Writes the presence of each user listed in a file, as CSV (username,status)
    #[command(after_help = "\
Example:
  chat-platform status names.txt -o presence.csv")]
    Status(StatusArgs),
}

/// The format of an input or output file.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header
    Csv,
    /// One JSON object a line
    Jsonl,
}

/// How a journal that exists is treated.
#[derive(Args, Debug, Clone)]
pub struct JournalArgs {
    /// The journal (default: the input's path with .journal added)
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// Go on from the journal of an earlier run
    #[arg(long, conflicts_with = "restart")]
    pub resume: bool,
    /// Start over, discarding the journal of an earlier run
    #[arg(long)]
    pub restart: bool,
    /// Write the rows that failed or were skipped as CSV (line,username,kind,reason)
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The users: a CSV or JSON Lines file, or - for standard input
    pub file: PathBuf,
    /// The input's format [default: jsonl for .jsonl and .ndjson files, else csv]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub journal: JournalArgs,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The output's format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// The output file [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// The usernames: one a line, or a CSV file with a username column; - for standard input
    pub file: PathBuf,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
    #[command(flatten)]
    pub journal: JournalArgs,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The usernames: one a line, or a CSV file with a username column; - for standard input
    pub file: PathBuf,
    /// The output file [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
