//! The `chat-platform` command, as the npm package's `bin` runs it
//! (`cli.js`): the same program as the release binary.

use napi_derive::napi;

/// Runs the `chat-platform` command line `args` (the program's name first)
/// and returns its exit status. It blocks until the job ends: for the
/// package's `chat-platform` command, not for a server's event loop.
#[napi]
pub fn run_cli(args: Vec<String>) -> i32 {
    chat_platform_cli::run(args)
}
