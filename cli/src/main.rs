//! `chat-platform`: import, export, delete and status jobs against the Chat
//! Platform API (see `chat-platform --help`).

fn main() {
    std::process::exit(chat_platform_cli::run(std::env::args_os()));
}
