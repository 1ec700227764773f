//! Bulk operations from Python: lists, or lazy sources (iterables and, on
//! `AsyncClient`, async iterables) read an item at a time, with the results
//! handed back batch by batch and progress reported as it goes. The core
//! does the work (`register_users_stream`, `users_status_stream` and their
//! reports); this file adapts Python's iteration protocols to it.

use std::sync::Arc;

use chat_platform as core;
use futures_util::stream::{self, BoxStream, StreamExt};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::args::wrong_type;
use crate::client::{AsyncClient, Client};
use crate::records::PyUserAttributes;
use crate::runtime::{self, ForkSafe};
use crate::types::{name, new_user, PyRegisterFailure, PyRegisterReport, PyUser, PyUserPresence};

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

/// One request's worth of a bulk registration, as it came back.
#[pyclass(name = "RegisterBatch", module = "chat_platform", frozen)]
pub struct PyRegisterBatch(pub core::RegisterBatch);

#[pymethods]
impl PyRegisterBatch {
    /// The input index of the batch's first user.
    #[getter]
    fn first_index(&self) -> u64 {
        self.0.first_index
    }
    /// How many input users the batch holds.
    #[getter]
    fn count(&self) -> usize {
        self.0.count
    }
    /// Users created.
    #[getter]
    fn created(&self) -> Vec<PyUser> {
        self.0.created.iter().cloned().map(PyUser).collect()
    }
    /// Users not created, each with its reason and input index.
    #[getter]
    fn failed(&self) -> Vec<PyRegisterFailure> {
        self.0
            .failed
            .iter()
            .cloned()
            .map(PyRegisterFailure)
            .collect()
    }
    /// The whole operation's progress after this batch.
    #[getter]
    fn progress(&self) -> PyProgress {
        PyProgress(self.0.progress)
    }
    fn __repr__(&self) -> String {
        format!(
            "RegisterBatch(first_index={}, created=<{} users>, failed=<{} users>)",
            self.0.first_index,
            self.0.created.len(),
            self.0.failed.len()
        )
    }
}

/// One request's worth of a bulk presence query, as it came back.
#[pyclass(name = "StatusBatch", module = "chat_platform", frozen)]
pub struct PyStatusBatch {
    batch: core::StatusBatch,
}

#[pymethods]
impl PyStatusBatch {
    /// The input index of the batch's first username.
    #[getter]
    fn first_index(&self) -> u64 {
        self.batch.first_index
    }
    /// How many input usernames the batch holds.
    #[getter]
    fn count(&self) -> usize {
        self.batch.count
    }
    /// Their presence, in input order (empty when the request failed).
    #[getter]
    fn presences(&self) -> Vec<PyUserPresence> {
        self.batch
            .presences
            .iter()
            .cloned()
            .map(PyUserPresence)
            .collect()
    }
    /// Why the request failed (a `ChatPlatformError`), or None.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.batch.error.clone().map(|e| {
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
        PyProgress(self.batch.progress)
    }
    fn __repr__(&self) -> String {
        format!(
            "StatusBatch(first_index={}, presences=<{} users>, error={})",
            self.batch.first_index,
            self.batch.presences.len(),
            self.batch.error.is_some()
        )
    }
}

/// One request's worth of a bulk attribute query, as it came back.
#[pyclass(name = "AttributesBatch", module = "chat_platform", frozen)]
pub struct PyAttributesBatch {
    batch: core::AttributesBatch,
}

#[pymethods]
impl PyAttributesBatch {
    /// The input index of the batch's first username.
    #[getter]
    fn first_index(&self) -> u64 {
        self.batch.first_index
    }
    /// How many input usernames the batch holds.
    #[getter]
    fn count(&self) -> usize {
        self.batch.count
    }
    /// Each user's attributes, in input order (empty when the request failed).
    #[getter]
    fn users(&self) -> Vec<PyUserAttributes> {
        self.batch
            .users
            .iter()
            .cloned()
            .map(PyUserAttributes)
            .collect()
    }
    /// Why the request failed (a `ChatPlatformError`), or None.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.batch.error.clone().map(|e| {
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
        PyProgress(self.batch.progress)
    }
    fn __repr__(&self) -> String {
        format!(
            "AttributesBatch(first_index={}, users=<{} users>, error={})",
            self.batch.first_index,
            self.batch.users.len(),
            if self.batch.error.is_some() {
                "True"
            } else {
                "False"
            }
        )
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

fn finish_attributes(
    py: Python<'_>,
    (users, failure): (Vec<core::UserAttributes>, Option<core::Error>),
    raised: &Raised,
    callback: &Raised,
) -> PyResult<Vec<PyUserAttributes>> {
    let users: Vec<PyUserAttributes> = users.into_iter().map(PyUserAttributes).collect();
    if let Some(e) = failure {
        let done = PyList::new(py, users)?.into_any().unbind();
        return Err(interrupted(py, e, raised.take(), ("users", done)));
    }
    if let Some(e) = callback.take() {
        let done = PyList::new(py, users)?.into_any().unbind();
        return Err(with_work(py, e, ("users", done)));
    }
    Ok(users)
}

#[pymethods]
impl Client {
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
    ) -> PyResult<Vec<PyUserAttributes>> {
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
        finish_attributes(py, out, &raised, &callback)
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
        let (batches, raised) = iterator_parts(
            Batches::Attributes(
                c.users_attributes_stream(input.names, &keys, input.total)
                    .boxed(),
            ),
            raised,
        );
        Ok(BatchIterator { batches, raised })
    }
}

#[pymethods]
impl AsyncClient {
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
            Python::attach(|py| finish_attributes(py, out, &raised, &callback))
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
        let (batches, raised) = iterator_parts(
            Batches::Attributes(
                c.users_attributes_stream(input.names, &keys, input.total)
                    .boxed(),
            ),
            raised,
        );
        Ok(AsyncBatchIterator { batches, raised })
    }
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

struct StatusInput {
    names: BoxStream<'static, core::Result<String>>,
    total: Option<u64>,
}

fn status_input(
    names: &Bound<'_, PyAny>,
    total: Option<u64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<StatusInput> {
    names_input("users_status", names, total, raised, allow_async)
}

fn names_input(
    op: &'static str,
    names: &Bound<'_, PyAny>,
    total: Option<u64>,
    raised: &Raised,
    allow_async: bool,
) -> PyResult<StatusInput> {
    refuse_scalars(op, "usernames", "an iterable of str", names)?;
    if is_list(names) {
        let list = crate::types::names(op, "usernames", names)?;
        core::validate::usernames("usernames", &list, 0, None)
            .map_err(|e| crate::errors::to_py(e.with_operation(op)))?;
        let n = list.len() as u64;
        return Ok(StatusInput {
            names: stream::iter(list.into_iter().map(Ok)).boxed(),
            total: Some(n),
        });
    }
    Ok(StatusInput {
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

fn finish_status(
    py: Python<'_>,
    (presences, failure): (Vec<core::UserPresence>, Option<core::Error>),
    raised: &Raised,
    callback: &Raised,
) -> PyResult<Vec<PyUserPresence>> {
    let presences: Vec<PyUserPresence> = presences.into_iter().map(PyUserPresence).collect();
    if let Some(e) = failure {
        let done = PyList::new(py, presences)?.into_any().unbind();
        return Err(interrupted(py, e, raised.take(), ("presences", done)));
    }
    if let Some(e) = callback.take() {
        let done = PyList::new(py, presences)?.into_any().unbind();
        return Err(with_work(py, e, ("presences", done)));
    }
    Ok(presences)
}

enum Batches {
    Register(BoxStream<'static, core::Result<core::RegisterBatch>>),
    Status(BoxStream<'static, core::Result<core::StatusBatch>>),
    Attributes(BoxStream<'static, core::Result<core::AttributesBatch>>),
}

enum Batch {
    Register(core::RegisterBatch),
    Status(core::StatusBatch),
    Attributes(core::AttributesBatch),
}

impl Batches {
    async fn next(&mut self) -> Option<core::Result<Batch>> {
        match self {
            Batches::Register(s) => s.next().await.map(|r| r.map(Batch::Register)),
            Batches::Status(s) => s.next().await.map(|r| r.map(Batch::Status)),
            Batches::Attributes(s) => s.next().await.map(|r| r.map(Batch::Attributes)),
        }
    }
}

fn to_object(py: Python<'_>, b: Batch) -> PyResult<Py<PyAny>> {
    Ok(match b {
        Batch::Register(b) => Py::new(py, PyRegisterBatch(b))?.into_any(),
        Batch::Status(b) => Py::new(py, PyStatusBatch { batch: b })?.into_any(),
        Batch::Attributes(b) => Py::new(py, PyAttributesBatch { batch: b })?.into_any(),
    })
}

/// The batches of a bulk operation, as they arrive (`for batch in ...`).
#[pyclass(module = "chat_platform")]
pub struct BatchIterator {
    batches: Arc<tokio::sync::Mutex<Batches>>,
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
            Ok(Some(b)) => to_object(py, b).map(Some),
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
    batches: Arc<tokio::sync::Mutex<Batches>>,
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
                Some(Ok(b)) => to_object(py, b),
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

fn iterator_parts(batches: Batches, raised: Raised) -> (Arc<tokio::sync::Mutex<Batches>>, Raised) {
    (Arc::new(tokio::sync::Mutex::new(batches)), raised)
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
        let (batches, raised) = iterator_parts(
            Batches::Register(c.register_users_stream(input.users, input.total).boxed()),
            raised,
        );
        Ok(BatchIterator { batches, raised })
    }

    /// The presence of many users, in the order asked (requests of 100, paced
    /// at the service's budget): a list or any iterable of usernames.
    /// `progress(p)` is called after each batch (if it raises: not again, and
    /// its exception comes at the end with `.presences` attached).
    #[pyo3(signature = (usernames, progress=None, total=None))]
    fn users_status(
        &self,
        py: Python<'_>,
        usernames: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<u64>,
    ) -> PyResult<Vec<PyUserPresence>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = status_input(usernames, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(c.users_status_report(input.names, input.total, on_progress)
                .await)
        })?;
        finish_status(py, out, &raised, &callback)
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
        let input = status_input(usernames, total, &raised, false)?;
        let (batches, raised) = iterator_parts(
            Batches::Status(c.users_status_stream(input.names, input.total).boxed()),
            raised,
        );
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
        let (batches, raised) = iterator_parts(
            Batches::Register(c.register_users_stream(input.users, input.total).boxed()),
            raised,
        );
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
        let input = status_input(usernames, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::awaitable_py(py, "AsyncClient.users_status", async move {
            let out = c
                .users_status_report(input.names, input.total, on_progress)
                .await;
            Python::attach(|py| finish_status(py, out, &raised, &callback))
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
        let input = status_input(usernames, total, &raised, true)?;
        let (batches, raised) = iterator_parts(
            Batches::Status(c.users_status_stream(input.names, input.total).boxed()),
            raised,
        );
        Ok(AsyncBatchIterator { batches, raised })
    }
}
