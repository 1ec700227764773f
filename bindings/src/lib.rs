//! UniFFI bindings of chat-platform: Kotlin package `io.chatplatform`, Swift
//! module `ChatPlatform`. Each file is one concern; every behaviour lives in
//! the core crate.

#![warn(missing_docs)]
// UniFFI hands the error to Kotlin and Swift by value, fields and all.
#![allow(clippy::result_large_err)]

mod api;
mod bulk;
mod client;
mod emulator;
mod error;
mod events;
mod logging;
mod paging;
mod records;
mod stop;

pub use bulk::{
    AttributesBatch, AttributesBatches, BulkProgress, ItemFailure, NameSource, ProgressSink,
    RegisterBatch, RegisterBatches, SourceError, StatusBatch, StatusBatches, UserSource,
};
pub use client::{debug_panic_for_tests, Client, ClientConfig, Credentials, Region};
pub use emulator::{Emulator, EmulatorDevice};
pub use error::ChatPlatformError;
pub use events::{ClientEvent, EventKind, EventSink};
pub use logging::{clear_log_sink, set_log_sink, LogLevel, LogRecord, LogSink};
pub use paging::{ContactPager, MutePager, UserPager};
pub use records::*;
pub use stop::StopSignal;

uniffi::setup_scaffolding!();
