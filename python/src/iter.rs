//! Lazy iterators over the core's paged streams (users, muted users,
//! contacts): one page in memory at a time, sync and async.

use std::sync::Arc;

use chat_platform as core;
use futures_util::StreamExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;

use crate::records::PyUser;
use crate::records::{PyContact, PyMuteEntry};
use crate::runtime;

/// A sync and an async iterator class over a core stream, each item wrapped
/// in its Python class.
macro_rules! item_iterators {
    ($sync:ident, $async_:ident, $stream:ty, $wrap:expr, $item:ty, $sdoc:literal, $adoc:literal) => {
        #[doc = $sdoc]
        #[pyclass(module = "chat_platform")]
        pub struct $sync {
            stream: Arc<tokio::sync::Mutex<$stream>>,
        }

        impl $sync {
            pub(crate) fn new(stream: $stream) -> Self {
                $sync {
                    stream: Arc::new(tokio::sync::Mutex::new(stream)),
                }
            }
        }

        #[pymethods]
        impl $sync {
            fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
                slf
            }

            fn __next__(&self, py: Python<'_>) -> PyResult<Option<$item>> {
                let stream = self.stream.clone();
                let next =
                    runtime::block_on(
                        py,
                        async move { stream.lock().await.next().await.transpose() },
                    )?;
                Ok(next.map($wrap))
            }
        }

        #[doc = $adoc]
        #[pyclass(module = "chat_platform")]
        pub struct $async_ {
            stream: Arc<tokio::sync::Mutex<$stream>>,
        }

        impl $async_ {
            pub(crate) fn new(stream: $stream) -> Self {
                $async_ {
                    stream: Arc::new(tokio::sync::Mutex::new(stream)),
                }
            }
        }

        #[pymethods]
        impl $async_ {
            fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
                slf
            }

            fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let stream = self.stream.clone();
                runtime::awaitable_py(py, concat!(stringify!($async_), ".__anext__"), async move {
                    match stream.lock().await.next().await {
                        Some(Ok(u)) => Ok($wrap(u)),
                        None => Err(PyStopAsyncIteration::new_err(())),
                        Some(Err(e)) => Err(crate::errors::to_py(e)),
                    }
                })
            }
        }
    };
}

item_iterators!(
    UserIterator,
    AsyncUserIterator,
    core::UserStream,
    PyUser,
    PyUser,
    "Iterates over every user (`for user in client.iter_users()`).",
    "Iterates over every user (`async for user in client.iter_users()`)."
);
item_iterators!(
    MuteIterator,
    AsyncMuteIterator,
    core::ItemStream<core::MuteEntry>,
    PyMuteEntry,
    PyMuteEntry,
    "Iterates over every muted user, one entry per chat type (`for m in client.iter_mutes()`).",
    "Iterates over every muted user (`async for m in client.iter_mutes()`)."
);
item_iterators!(
    ContactIterator,
    AsyncContactIterator,
    core::ItemStream<core::Contact>,
    PyContact,
    PyContact,
    "Iterates over a user's contacts with remarks (`for c in client.iter_contacts(owner)`).",
    "Iterates over a user's contacts with remarks (`async for c in client.iter_contacts(owner)`)."
);
