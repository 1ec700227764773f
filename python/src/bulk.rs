//! Bulk operations from Python: lists, or lazy sources (iterables and, on
//! `AsyncClient`, async iterables) read an item at a time, with the results
//! handed back batch by batch and progress reported as it goes. The core
//! does the work (`register_users_stream`, `users_status_stream` and their
//! reports); this file adapts Python's iteration protocols to it.

use std::sync::Arc;

use chat_platform as core;
use futures_util::stream::{BoxStream, StreamExt};
use pyo3::exceptions::{PyAttributeError, PyStopAsyncIteration};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::records::{PyItemFailure, PyUserAttributes};
use crate::records::{PyRegisterReport, PyUser, PyUserPresence};
use crate::runtime;
pub(crate) use crate::sources::{attribute_keys, names_input, register_input, Raised};

/// How far a bulk operation has got (passed to `progress` callbacks and
/// carried by every batch).
#[pyclass(name = "Progress", module = "chat_platform", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyProgress(pub core::Progress);

#[pymethods]
impl PyProgress {
    /// Input items handled so far.
    #[getter]
    fn done(&self) -> u64 {
        self.0.done
    }
    /// All the input items, when known (a list, or `total=` given).
    #[getter]
    fn total(&self) -> Option<u64> {
        self.0.total
    }
    /// Items that succeeded (users created, names answered).
    #[getter]
    fn succeeded(&self) -> u64 {
        self.0.succeeded
    }
    /// Items that failed.
    #[getter]
    fn failed(&self) -> u64 {
        self.0.failed
    }
    /// Seconds since the operation started.
    #[getter]
    fn elapsed(&self) -> f64 {
        self.0.elapsed.as_secs_f64()
    }
    /// `done / total`, when the total is known.
    #[getter]
    fn fraction(&self) -> Option<f64> {
        self.0.fraction()
    }
    fn __repr__(&self) -> String {
        let p = &self.0;
        format!(
            "Progress(done={}, total={}, succeeded={}, failed={}, elapsed={:.3})",
            p.done,
            p.total.map_or("None".into(), |t| t.to_string()),
            p.succeeded,
            p.failed,
            p.elapsed.as_secs_f64()
        )
    }
}

/// A kind of item the core's bulk operations answer with, as Python sees it.
pub(crate) trait Item: Send + 'static {
    /// How a batch of these is named in its repr, and the older name of its
    /// `items` (`created`, `presences`, `users`), still answered.
    const BATCH: &'static str;
    const ITEMS: &'static str;
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl Item for core::User {
    const BATCH: &'static str = "RegisterBatch";
    const ITEMS: &'static str = "created";
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, PyUser(self))?.into_any())
    }
}

impl Item for core::UserPresence {
    const BATCH: &'static str = "StatusBatch";
    const ITEMS: &'static str = "presences";
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, PyUserPresence(self))?.into_any())
    }
}

impl Item for core::UserAttributes {
    const BATCH: &'static str = "AttributesBatch";
    const ITEMS: &'static str = "users";
    fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, PyUserAttributes(self))?.into_any())
    }
}

fn py_items<T: Item>(py: Python<'_>, items: Vec<T>) -> PyResult<Vec<Py<PyAny>>> {
    items.into_iter().map(|i| i.into_py(py)).collect()
}

/// One request's worth of a bulk operation, as it came back (the batches
/// of `register_users_iter`, `users_status_iter`, `users_attributes_iter`;
/// `RegisterBatch`, `StatusBatch` and `AttributesBatch` name this class).
/// Each of its `count` input items is in `items` or in `failed`.
#[pyclass(name = "Batch", module = "chat_platform", frozen)]
pub struct PyBatch {
    name: &'static str,
    items_name: &'static str,
    first_index: u64,
    count: usize,
    items: Vec<Py<PyAny>>,
    failed: Vec<core::ItemFailure>,
    error: Option<core::Error>,
    progress: core::Progress,
}

impl PyBatch {
    /// `items` by the name this kind of batch knows them by.
    fn items_as(&self, py: Python<'_>, name: &str) -> PyResult<Vec<Py<PyAny>>> {
        if name == self.items_name {
            return Ok(self.items(py));
        }
        Err(PyAttributeError::new_err(format!(
            "a {} has no `{name}`: its items are `{}` (or `items`)",
            self.name, self.items_name
        )))
    }

    fn new<T: Item>(py: Python<'_>, b: core::Batch<T>) -> PyResult<Self> {
        Ok(PyBatch {
            name: T::BATCH,
            items_name: T::ITEMS,
            first_index: b.first_index,
            count: b.count,
            items: py_items(py, b.items)?,
            failed: b.failed,
            error: b.error,
            progress: b.progress,
        })
    }
}

#[pymethods]
impl PyBatch {
    /// The input index of the batch's first item.
    #[getter]
    fn first_index(&self) -> u64 {
        self.first_index
    }
    /// How many input items the batch holds.
    #[getter]
    fn count(&self) -> usize {
        self.count
    }
    /// What the service did for the batch's items, in input order: users
    /// created (also `.created`), presences (`.presences`), users'
    /// attributes (`.users`).
    #[getter]
    fn items(&self, py: Python<'_>) -> Vec<Py<PyAny>> {
        self.items.iter().map(|i| i.clone_ref(py)).collect()
    }
    /// The items not done, each with its reason and input index.
    #[getter]
    fn failed(&self) -> Vec<PyItemFailure> {
        self.failed.iter().cloned().map(PyItemFailure).collect()
    }
    /// Why the request failed as a whole (a `ChatPlatformError`), or None.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.clone().map(|e| {
            crate::errors::to_py(e)
                .value(py)
                .clone()
                .into_any()
                .unbind()
        })
    }
    /// The whole operation's progress after this batch.
    #[getter]
    fn progress(&self) -> PyProgress {
        PyProgress(self.progress)
    }
    /// The users created (a registration's batch: `items`).
    #[getter]
    fn created(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.items_as(py, "created")
    }
    /// The presences answered (a presence query's batch: `items`).
    #[getter]
    fn presences(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.items_as(py, "presences")
    }
    /// The users' attributes (an attribute query's batch: `items`).
    #[getter]
    fn users(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.items_as(py, "users")
    }
    fn __repr__(&self) -> String {
        format!(
            "{}(first_index={}, {}=<{} items>, failed=<{} items>, error={})",
            self.name,
            self.first_index,
            self.items_name,
            self.items.len(),
            self.failed.len(),
            if self.error.is_some() {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// A bulk call's answer in Python: the items, or the first error raised
/// with them attached as `.<items>` (the source's exception as its cause);
/// a `progress` callback's exception is raised at the end, with them too.
pub(crate) fn finish_items<T: Item>(
    py: Python<'_>,
    c: core::Collected<T>,
    raised: &Raised,
    callback: &Raised,
) -> PyResult<Vec<Py<PyAny>>> {
    let failure = c.request_error.or(c.source_error);
    let items = py_items(py, c.items)?;
    let attach = || -> PyResult<Py<PyAny>> {
        let list = PyList::new(py, items.iter().map(|i| i.clone_ref(py)))?;
        Ok(list.into_any().unbind())
    };
    if let Some(e) = failure {
        return Err(interrupted(py, e, raised.take(), (T::ITEMS, attach()?)));
    }
    if let Some(e) = callback.take() {
        return Err(with_work(py, e, (T::ITEMS, attach()?)));
    }
    Ok(items)
}

/// Calls the user's `progress` callback; its first exception is kept and
/// raised once the operation has finished (the work goes on), and it is not
/// called again.
pub(crate) fn progress_fn(
    mut cb: Option<Py<PyAny>>,
    raised: Raised,
) -> impl FnMut(&core::Progress) + Send {
    move |p: &core::Progress| {
        if let Some(f) = &cb {
            let failed = Python::attach(|py| match f.call1(py, (PyProgress(*p),)) {
                Ok(_) => false,
                Err(e) => {
                    raised.keep(e);
                    true
                }
            });
            if failed {
                cb = None;
            }
        }
    }
}

/// The error raised when the source failed: the core's error, with the
/// source's own exception as `__cause__` and what was done attached.
fn interrupted(
    py: Python<'_>,
    e: core::Error,
    cause: Option<PyErr>,
    attach: (&str, Py<PyAny>),
) -> PyErr {
    let err = crate::errors::to_py(e);
    if let Some(c) = cause {
        err.set_cause(py, Some(c));
    }
    let _ = err.value(py).setattr(attach.0, attach.1);
    err
}

/// Ends a registration: the report, or the error with `report` attached.
/// The exception a `progress` callback raised, raised once the work is done,
/// with the work attached when the exception takes attributes.
fn with_work(py: Python<'_>, e: PyErr, attach: (&str, Py<PyAny>)) -> PyErr {
    let _ = e.value(py).setattr(attach.0, attach.1);
    e
}

pub(crate) fn finish_register(
    py: Python<'_>,
    (report, failure): (core::RegisterReport, Option<core::Error>),
    raised: &Raised,
    callback: &Raised,
) -> PyResult<PyRegisterReport> {
    if let Some(e) = failure {
        let report = Py::new(py, PyRegisterReport(report))?.into_any();
        return Err(interrupted(py, e, raised.take(), ("report", report)));
    }
    if let Some(e) = callback.take() {
        let report = Py::new(py, PyRegisterReport(report))?.into_any();
        return Err(with_work(py, e, ("report", report)));
    }
    Ok(PyRegisterReport(report))
}

/// A batch, turned into its Python object once the GIL is held.
type ToPy = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;
type Batches = Arc<tokio::sync::Mutex<BoxStream<'static, core::Result<ToPy>>>>;

/// The batches of any bulk stream, for the one iterator type of each kind.
pub(crate) fn batches<T: Item>(
    s: impl futures_util::Stream<Item = core::Result<core::Batch<T>>> + Send + 'static,
) -> Batches {
    let s = s.map(|r| {
        r.map(|b| {
            Box::new(move |py: Python<'_>| Ok(Py::new(py, PyBatch::new(py, b)?)?.into_any()))
                as ToPy
        })
    });
    Arc::new(tokio::sync::Mutex::new(s.boxed()))
}

/// The batches of a bulk operation, as they arrive (`for batch in ...`).
#[pyclass(module = "chat_platform")]
pub struct BatchIterator {
    pub(crate) batches: Batches,
    pub(crate) raised: Raised,
}

#[pymethods]
impl BatchIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let batches = self.batches.clone();
        let next = runtime::block_on(
            py,
            async move { batches.lock().await.next().await.transpose() },
        );
        match next {
            Ok(Some(to_py)) => to_py(py).map(Some),
            Ok(None) => Ok(None),
            Err(e) => {
                if let Some(c) = self.raised.take() {
                    e.set_cause(py, Some(c));
                }
                Err(e)
            }
        }
    }
}

/// The batches of a bulk operation, as they arrive (`async for batch in ...`).
#[pyclass(module = "chat_platform")]
pub struct AsyncBatchIterator {
    pub(crate) batches: Batches,
    pub(crate) raised: Raised,
}

#[pymethods]
impl AsyncBatchIterator {
    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let batches = self.batches.clone();
        let raised = self.raised.clone();
        runtime::awaitable_py(py, "AsyncBatchIterator.__anext__", async move {
            let next = batches.lock().await.next().await;
            Python::attach(|py| match next {
                Some(Ok(to_py)) => to_py(py),
                None => Err(PyStopAsyncIteration::new_err(())),
                Some(Err(e)) => {
                    let err = crate::errors::to_py(e);
                    if let Some(c) = raised.take() {
                        err.set_cause(py, Some(c));
                    }
                    Err(err)
                }
            })
        })
    }
}
