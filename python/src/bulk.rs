//! Bulk operations from Python: lists, or lazy sources (iterables and, on
//! `AsyncClient`, async iterables) read an item at a time, with the results
//! handed back batch by batch and progress reported as it goes. The core
//! does the work (`register_users_stream`, `users_status_stream` and their
//! reports); this file adapts Python's iteration protocols to it.

use std::sync::Arc;

use chat_platform as core;
use futures_util::stream::{self, BoxStream, StreamExt};
use pyo3::exceptions::{PyAttributeError, PyStopAsyncIteration};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::args::wrong_type;
use crate::client::{AsyncClient, Client};
use crate::records::{PyItemFailure, PyUserAttributes};
use crate::runtime::{self, ForkSafe};
use crate::types::{name, new_user, PyRegisterReport, PyUser, PyUserPresence};

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
fn finish_items<T: Item>(
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

/// The Python exception a source (or a progress callback) raised, kept to
/// chain it to the error raised at the end.
type Raised = chat_platform_support::FirstError<PyErr>;

/// Converts input item `i` (with the GIL held).
type Convert<T> = fn(&str, u64, &Bound<'_, PyAny>) -> PyResult<T>;

fn source_error(op: &'static str, py: Python<'_>, e: &PyErr) -> core::Error {
    let kind = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    core::Error::source_failed(op, format!("{kind}: {}", e.value(py)))
}

/// A lazy source read an item at a time: a sync iterator (any client), or an
/// async iterator (`AsyncClient`). The first error (the source's own, or an
/// item of the wrong type) ends it.
fn source<T: Send + 'static>(
    op: &'static str,
    obj: &Bound<'_, PyAny>,
    convert: Convert<T>,
    raised: Raised,
    allow_async: bool,
) -> PyResult<BoxStream<'static, core::Result<T>>> {
    if allow_async && obj.hasattr("__aiter__")? && !obj.hasattr("__iter__")? {
        let it: Py<PyAny> = obj.call_method0("__aiter__")?.unbind();
        let s = stream::unfold((Some(it), 0u64), move |(it, i)| {
            let raised = raised.clone();
            async move {
                let it = it?;
                let next = Python::attach(|py| {
                    let aw = it.bind(py).call_method0("__anext__")?;
                    pyo3_async_runtimes::generic::into_future::<ForkSafe>(aw)
                });
                let got = match next {
                    Ok(f) => f.await,
                    Err(e) => Err(e),
                };
                Python::attach(|py| match got {
                    Err(e) if e.is_instance_of::<PyStopAsyncIteration>(py) => None,
                    Err(e) => {
                        let err = source_error(op, py, &e);
                        raised.keep(e);
                        Some((Err(err), (None, i)))
                    }
                    Ok(obj) => match convert(op, i, obj.bind(py)) {
                        Ok(v) => Some((Ok(v), (Some(it), i + 1))),
                        Err(e) => {
                            let err = source_error(op, py, &e);
                            raised.keep(e);
                            Some((Err(err), (None, i)))
                        }
                    },
                })
            }
        });
        return Ok(s.boxed());
    }
    let it: Py<PyAny> = obj.try_iter()?.into_any().unbind();
    let mut index = 0u64;
    let mut live = Some(it);
    let s = stream::iter(std::iter::from_fn(move || {
        let it = live.as_ref()?;
        let item = Python::attach(|py| {
            let next = it.bind(py).call_method0("__next__");
            match next {
                Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => None,
                Err(e) => {
                    let err = source_error(op, py, &e);
                    raised.keep(e);
                    Some(Err(err))
                }
                Ok(obj) => Some(convert(op, index, &obj).map_err(|e| {
                    let err = source_error(op, py, &e);
                    raised.keep(e);
                    err
                })),
            }
        });
        match &item {
            Some(Ok(_)) => index += 1,
            _ => live = None,
        }
        item
    }));
    Ok(s.boxed())
}

fn new_user_item(op: &str, i: u64, obj: &Bound<'_, PyAny>) -> PyResult<core::NewUser> {
    new_user(op, i, obj)
}

fn name_item(op: &str, i: u64, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    name(op, "usernames", i, obj)
}

/// A list or tuple: read whole (and, for registration, checked whole) first.
fn is_list(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()
}

fn refuse_scalars(op: &str, arg: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyResult<()> {
    if obj.is_none()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<pyo3::types::PyDict>()
    {
        return Err(wrong_type(op, arg, expected, obj));
    }
    if !(obj.hasattr("__iter__")? || obj.hasattr("__aiter__")?) {
        return Err(wrong_type(op, arg, expected, obj));
    }
    Ok(())
}

/// Calls the user's `progress` callback; its first exception is kept and
/// raised once the operation has finished (the work goes on), and it is not
/// called again.
fn progress_fn(mut cb: Option<Py<PyAny>>, raised: Raised) -> impl FnMut(&core::Progress) + Send {
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

/// A prepared `register_users` input.
struct RegisterInput {
    users: BoxStream<'static, core::Result<core::NewUser>>,
    total: Option<u64>,
}

fn register_input(
    core_client: &core::Client,
    users: &Bound<'_, PyAny>,
    total: Option<u64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<RegisterInput> {
    const OP: &str = "register_users";
    refuse_scalars(OP, "users", "an iterable of NewUser or dicts", users)?;
    if is_list(users) {
        let list: Vec<core::NewUser> = users
            .try_iter()?
            .enumerate()
            .map(|(i, item)| new_user(OP, i as u64, &item?))
            .collect::<PyResult<_>>()?;
        core_client
            .check_new_users(&list)
            .map_err(crate::errors::to_py)?;
        let n = list.len() as u64;
        return Ok(RegisterInput {
            users: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
        });
    }
    Ok(RegisterInput {
        users: source(OP, users, new_user_item, raised.clone(), allow_async)?,
        total,
    })
}

/// A prepared input of usernames.
struct NamesInput {
    names: BoxStream<'static, core::Result<String>>,
    total: Option<u64>,
}

fn names_input(
    op: &'static str,
    names: &Bound<'_, PyAny>,
    total: Option<u64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<NamesInput> {
    refuse_scalars(op, "usernames", "an iterable of str", names)?;
    if is_list(names) {
        let list = crate::types::names(op, "usernames", names)?;
        core::validate::usernames("usernames", &list, 0, None)
            .map_err(|e| crate::errors::to_py(e.with_operation(op)))?;
        let n = list.len() as u64;
        return Ok(NamesInput {
            names: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
        });
    }
    Ok(NamesInput {
        names: source(op, names, name_item, raised.clone(), allow_async)?,
        total,
    })
}

/// Ends a registration: the report, or the error with `report` attached.
/// The exception a `progress` callback raised, raised once the work is done,
/// with the work attached when the exception takes attributes.
fn with_work(py: Python<'_>, e: PyErr, attach: (&str, Py<PyAny>)) -> PyErr {
    let _ = e.value(py).setattr(attach.0, attach.1);
    e
}

fn finish_register(
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
fn batches<T: Item>(
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
    batches: Batches,
    raised: Raised,
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
    batches: Batches,
    raised: Raised,
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

/// The attribute names of `users_attributes`, checked before anything is read.
fn attribute_keys(keys: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    const OP: &str = "users_attributes";
    let keys = crate::types::names(OP, "keys", keys)?;
    core::validate::attribute_keys("keys", &keys)
        .map_err(|e| crate::errors::to_py(e.with_operation(OP)))?;
    Ok(keys)
}

#[pymethods]
impl Client {
    /// Registers many users: a list or tuple (checked whole first: one bad
    /// entry fails the call and nothing is sent) or any iterable, read lazily
    /// (a bad entry is reported failed). Requests of 60 are paced at the
    /// service's budget. Every user appears once in the report, created or
    /// failed with a reason, in input order. `progress(p)` is called after
    /// each batch with a `Progress`. If the iterable raises, the batches
    /// already sent are completed and an `InvalidInputError` is raised with
    /// the iterable's exception as `__cause__` and `.report` holding what was
    /// done. If `progress` raises, it is not called again, the work goes on,
    /// and its exception is raised at the end with `.report` attached.
    #[pyo3(signature = (users, progress=None, total=None))]
    fn register_users(
        &self,
        py: Python<'_>,
        users: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<PyRegisterReport> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = register_input(&c, users, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(
                c.register_users_report(input.users, input.total, on_progress)
                    .await,
            )
        })?;
        finish_register(py, out, &raised, &callback)
    }

    /// Registers users from a list or any iterable, handing back each batch
    /// (`RegisterBatch`: created, failed, progress) as it completes; nothing
    /// but the requests in flight is held, whatever the input's size.
    /// `total` sets `progress.total` for an iterable of known length.
    #[pyo3(signature = (users, total=None))]
    fn register_users_iter(
        &self,
        users: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<BatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = register_input(&c, users, total, &raised, false)?;
        let batches = batches(c.register_users_stream(input.users, input.total));
        Ok(BatchIterator { batches, raised })
    }

    /// The presence of many users, in the order asked (requests of 100, paced
    /// at the service's budget): a list or any iterable of usernames.
    /// `progress(p)` is called after each batch (if it raises: not again, and
    /// its exception comes at the end with `.presences` attached). If a
    /// request fails, the error raised carries `.presences` with every
    /// answer received.
    #[pyo3(signature = (usernames, progress=None, total=None))]
    fn users_status(
        &self,
        py: Python<'_>,
        usernames: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_status", usernames, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(c.users_status_report(input.names, input.total, on_progress)
                .await)
        })?;
        finish_items(py, out, &raised, &callback)
    }

    /// The presence of users from a list or any iterable, a batch
    /// (`StatusBatch`) at a time as answers arrive.
    #[pyo3(signature = (usernames, total=None))]
    fn users_status_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<BatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = names_input("users_status", usernames, total, &raised, false)?;
        let batches = batches(c.users_status_stream(input.names, input.total));
        Ok(BatchIterator { batches, raised })
    }

    /// The attributes named in `keys` of many users, one `UserAttributes`
    /// per user in the order asked (requests of 100, paced at the service's
    /// budget): a list or any iterable of usernames. `progress(p)` is called
    /// after each batch. If a request fails, the error raised carries
    /// `.users` with every answer received.
    #[pyo3(signature = (usernames, keys, progress=None, total=None))]
    fn users_attributes(
        &self,
        py: Python<'_>,
        usernames: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_attributes", usernames, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(
                c.users_attributes_report(input.names, &keys, input.total, on_progress)
                    .await,
            )
        })?;
        finish_items(py, out, &raised, &callback)
    }

    /// The attributes named in `keys` of users from a list or any iterable,
    /// a batch (`AttributesBatch`) at a time as answers arrive; a failed
    /// request fails its batch only (`batch.error`).
    #[pyo3(signature = (usernames, keys, total=None))]
    fn users_attributes_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<BatchIterator> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let raised = Raised::default();
        let input = names_input("users_attributes", usernames, total, &raised, false)?;
        let batches = batches(c.users_attributes_stream(input.names, &keys, input.total));
        Ok(BatchIterator { batches, raised })
    }
}

#[pymethods]
impl AsyncClient {
    /// As `Client.register_users`, as an awaitable; `users` may also be an
    /// async iterable.
    #[pyo3(signature = (users, progress=None, total=None))]
    fn register_users<'py>(
        &self,
        py: Python<'py>,
        users: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = register_input(&c, users, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::awaitable_py(py, "AsyncClient.register_users", async move {
            let out = c
                .register_users_report(input.users, input.total, on_progress)
                .await;
            Python::attach(|py| finish_register(py, out, &raised, &callback))
        })
    }

    /// As `Client.register_users_iter`, an async iterator; `users` may also
    /// be an async iterable.
    #[pyo3(signature = (users, total=None))]
    fn register_users_iter(
        &self,
        users: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = register_input(&c, users, total, &raised, true)?;
        let batches = batches(c.register_users_stream(input.users, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }

    /// As `Client.users_status`, as an awaitable; `usernames` may also be an
    /// async iterable.
    #[pyo3(signature = (usernames, progress=None, total=None))]
    fn users_status<'py>(
        &self,
        py: Python<'py>,
        usernames: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_status", usernames, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::awaitable_py(py, "AsyncClient.users_status", async move {
            let out = c
                .users_status_report(input.names, input.total, on_progress)
                .await;
            Python::attach(|py| finish_items(py, out, &raised, &callback))
        })
    }

    /// As `Client.users_status_iter`, an async iterator; `usernames` may also
    /// be an async iterable.
    #[pyo3(signature = (usernames, total=None))]
    fn users_status_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = names_input("users_status", usernames, total, &raised, true)?;
        let batches = batches(c.users_status_stream(input.names, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }

    /// As `Client.users_attributes`, as an awaitable; `usernames` may also
    /// be an async iterable.
    #[pyo3(signature = (usernames, keys, progress=None, total=None))]
    fn users_attributes<'py>(
        &self,
        py: Python<'py>,
        usernames: &Bound<'py, PyAny>,
        keys: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_attributes", usernames, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::awaitable_py(py, "AsyncClient.users_attributes", async move {
            let out = c
                .users_attributes_report(input.names, &keys, input.total, on_progress)
                .await;
            Python::attach(|py| finish_items(py, out, &raised, &callback))
        })
    }

    /// As `Client.users_attributes_iter`, an async iterator; `usernames` may
    /// also be an async iterable.
    #[pyo3(signature = (usernames, keys, total=None))]
    fn users_attributes_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        total: Option<u64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let raised = Raised::default();
        let input = names_input("users_attributes", usernames, total, &raised, true)?;
        let batches = batches(c.users_attributes_stream(input.names, &keys, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }
}
