//! Python bindings of chat-platform: the native module `chat_platform._native`.
//! Each file is one concern; every behaviour lives in the core crate.

mod api;
mod args;
mod bulk;
mod cli;
mod client;
mod emulator;
mod errors;
mod events;
mod iter;
mod json;
mod logging;
mod records;
mod runtime;
mod sources;

use pyo3::prelude::*;

/// Raises a Rust panic inside a call, to prove it becomes an exception (tests only).
#[pyfunction]
#[pyo3(signature = (asynchronous=false))]
fn _debug_panic(py: Python<'_>, asynchronous: bool) -> PyResult<Py<PyAny>> {
    async fn boom() -> chat_platform::Result<u8> {
        panic!("forced panic for a test")
    }
    if asynchronous {
        Ok(runtime::awaitable(py, "_debug_panic", boom())?.unbind())
    } else {
        let v = runtime::block_on(py, boom())?;
        Ok(v.into_pyobject(py)?.into_any().unbind())
    }
}

/// Re-reads the `chat_platform` logger's level now (it is also re-read every second).
#[pyfunction]
fn _refresh_log_level(py: Python<'_>) {
    logging::refresh(py);
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::Client>()?;
    m.add_class::<client::AsyncClient>()?;
    m.add_class::<client::Region>()?;
    m.add_class::<records::PyUser>()?;
    m.add_class::<records::PyUserPage>()?;
    m.add_class::<records::PyRegisterReport>()?;
    m.add_class::<records::PyUserPresence>()?;
    m.add_class::<records::PyTokenInfo>()?;
    m.add_class::<records::PyNewUser>()?;
    m.add_class::<records::Presence>()?;
    m.add_class::<records::DeliveryStatus>()?;
    m.add_class::<records::DisplayStyle>()?;
    m.add_class::<iter::UserIterator>()?;
    m.add_class::<iter::AsyncUserIterator>()?;
    m.add_class::<iter::MuteIterator>()?;
    m.add_class::<iter::AsyncMuteIterator>()?;
    m.add_class::<iter::ContactIterator>()?;
    m.add_class::<iter::AsyncContactIterator>()?;
    m.add_class::<records::PyDevice>()?;
    m.add_class::<records::PyDeletion>()?;
    m.add_class::<records::PyUserAttributes>()?;
    m.add_class::<records::PyMuteStatus>()?;
    m.add_class::<records::PyMuteEntry>()?;
    m.add_class::<records::PyMutePage>()?;
    m.add_class::<records::PyContact>()?;
    m.add_class::<records::PyContactPage>()?;
    m.add_class::<records::PyItemFailure>()?;
    // One class, the names each operation's documentation uses.
    m.add("RegisterFailure", m.getattr("ItemFailure")?)?;
    m.add("PushNicknameFailure", m.getattr("ItemFailure")?)?;
    m.add_class::<records::PyPushNicknameReport>()?;
    m.add_class::<records::PyPushSetting>()?;
    m.add_class::<records::PyWebhookVerification>()?;
    m.add_class::<records::PyChatTokenInfo>()?;
    m.add_class::<records::PyUserToken>()?;
    m.add_class::<records::PyMintedToken>()?;
    m.add_function(wrap_pyfunction!(records::chat_user_token, m)?)?;
    m.add_function(wrap_pyfunction!(records::chat_app_token, m)?)?;
    m.add_function(wrap_pyfunction!(records::parse_chat_token, m)?)?;
    m.add_function(wrap_pyfunction!(records::verify_chat_token, m)?)?;
    m.add_function(wrap_pyfunction!(records::verify_webhook, m)?)?;
    m.add_class::<events::PyEvent>()?;
    m.add_class::<bulk::PyProgress>()?;
    m.add_class::<bulk::PyBatch>()?;
    for name in ["RegisterBatch", "StatusBatch", "AttributesBatch"] {
        m.add(name, m.getattr("Batch")?)?;
    }
    m.add_class::<bulk::BatchIterator>()?;
    m.add_class::<bulk::AsyncBatchIterator>()?;
    m.add_class::<emulator::Emulator>()?;
    m.add_function(wrap_pyfunction!(cli::_run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_refresh_log_level, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::_shutdown_runtimes, m)?)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (m.getattr("_shutdown_runtimes")?,))?;
    logging::install(m.py());
    Ok(())
}
