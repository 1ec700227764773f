//! Lazy user iterators: one page in memory at a time.

use std::collections::VecDeque;
use std::sync::Arc;

use chat_platform::{User, UserPager};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;

use crate::runtime;
use crate::types::PyUser;

struct State {
    pager: UserPager,
    buf: VecDeque<User>,
}

impl State {
    /// The next user, fetching the next page when the buffer is empty.
    async fn next(&mut self) -> chat_platform::Result<Option<User>> {
        loop {
            if let Some(u) = self.buf.pop_front() {
                return Ok(Some(u));
            }
            match self.pager.next_page().await? {
                Some(users) => self.buf.extend(users),
                None => return Ok(None),
            }
        }
    }
}

/// Iterates over every user (`for user in client.iter_users()`).
#[pyclass(module = "chat_platform")]
pub struct UserIterator {
    state: Arc<tokio::sync::Mutex<State>>,
}

impl UserIterator {
    pub(crate) fn new(pager: UserPager) -> Self {
        UserIterator {
            state: Arc::new(tokio::sync::Mutex::new(State {
                pager,
                buf: VecDeque::new(),
            })),
        }
    }
}

#[pymethods]
impl UserIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyUser>> {
        let state = self.state.clone();
        let next = runtime::block_on(py, async move { state.lock().await.next().await })?;
        Ok(next.map(PyUser))
    }
}

/// Iterates over every user (`async for user in client.iter_users()`).
#[pyclass(module = "chat_platform")]
pub struct AsyncUserIterator {
    state: Arc<tokio::sync::Mutex<State>>,
}

impl AsyncUserIterator {
    pub(crate) fn new(pager: UserPager) -> Self {
        AsyncUserIterator {
            state: Arc::new(tokio::sync::Mutex::new(State {
                pager,
                buf: VecDeque::new(),
            })),
        }
    }
}

#[pymethods]
impl AsyncUserIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let state = self.state.clone();
        runtime::awaitable_py(py, async move {
            match state.lock().await.next().await {
                Ok(Some(u)) => Ok(PyUser(u)),
                Ok(None) => Err(PyStopAsyncIteration::new_err(())),
                Err(e) => Err(crate::errors::to_py(e)),
            }
        })
    }
}
