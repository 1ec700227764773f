//! Lazy user iterators over the core's `UserStream`: one page in memory at a time.

use std::sync::Arc;

use chat_platform::UserStream;
use futures_util::StreamExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;

use crate::runtime;
use crate::types::PyUser;

/// Iterates over every user (`for user in client.iter_users()`).
#[pyclass(module = "chat_platform")]
pub struct UserIterator {
    stream: Arc<tokio::sync::Mutex<UserStream>>,
}

impl UserIterator {
    pub(crate) fn new(stream: UserStream) -> Self {
        UserIterator {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
        }
    }
}

#[pymethods]
impl UserIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyUser>> {
        let stream = self.stream.clone();
        let next = runtime::block_on(
            py,
            async move { stream.lock().await.next().await.transpose() },
        )?;
        Ok(next.map(PyUser))
    }
}

/// Iterates over every user (`async for user in client.iter_users()`).
#[pyclass(module = "chat_platform")]
pub struct AsyncUserIterator {
    stream: Arc<tokio::sync::Mutex<UserStream>>,
}

impl AsyncUserIterator {
    pub(crate) fn new(stream: UserStream) -> Self {
        AsyncUserIterator {
            stream: Arc::new(tokio::sync::Mutex::new(stream)),
        }
    }
}

#[pymethods]
impl AsyncUserIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stream = self.stream.clone();
        runtime::awaitable_py(py, async move {
            match stream.lock().await.next().await {
                Some(Ok(u)) => Ok(PyUser(u)),
                None => Err(PyStopAsyncIteration::new_err(())),
                Some(Err(e)) => Err(crate::errors::to_py(e)),
            }
        })
    }
}
