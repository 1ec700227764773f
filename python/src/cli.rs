//! The `chat-platform` command, as the wheel's console script runs it
//! (`chat_platform._cli:main`): the same program as the release binary.

use pyo3::prelude::*;

/// Runs the `chat-platform` command line `args` (the program's name first)
/// and returns its exit status; the GIL is released while it runs.
#[pyfunction]
pub fn _run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
    py.detach(|| chat_platform_cli::run(args))
}
