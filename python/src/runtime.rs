//! One tokio runtime per process (rebuilt in a forked child), sync calls that
//! release the GIL, coroutines for asyncio, and panics turned into exceptions.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

use futures_util::FutureExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as GenericRuntime};
use pyo3_async_runtimes::TaskLocals;
use tokio::runtime::Runtime;

use crate::errors;
use chat_platform::Stop;

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);
static CURRENT: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// The runtime of `Client` (sync): a current-thread runtime that the calling
/// thread drives itself inside `block_on`, so a call costs no thread hop.
/// Several Python threads may call at once: one drives the I/O for all.
/// A forked child builds its own.
pub(crate) fn current() -> Arc<Runtime> {
    let pid = std::process::id();
    let mut slot = CURRENT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return rt.clone();
        }
        std::mem::forget(slot.take());
    }
    let rt = Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("building the tokio runtime"),
    );
    *slot = Some((pid, rt.clone()));
    rt
}

/// The runtime of `AsyncClient`: worker threads that drive the calls while
/// the asyncio loop runs. A forked child builds its own (the parent's worker
/// threads do not exist in the child).
pub(crate) fn runtime() -> Arc<Runtime> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return rt.clone();
        }
        // Never drop the parent's runtime in the child: its threads are gone.
        std::mem::forget(slot.take());
    }
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("chat-platform")
            .enable_all()
            .build()
            .expect("building the tokio runtime"),
    );
    *slot = Some((pid, rt.clone()));
    rt
}

/// Completions (asyncio `set_result` calls) handed to the blocking pool and not
/// yet finished: they touch Python objects from a runtime thread.
static COMPLETING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An `atexit` hook: waits (with the GIL released, at most one second) for
/// completions in progress. A runtime thread that reached for the GIL while
/// the interpreter was being torn down would be terminated mid-way and could
/// crash the process on its way out.
#[pyfunction]
pub(crate) fn _shutdown_runtimes(py: Python<'_>) {
    py.detach(|| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while COMPLETING.load(std::sync::atomic::Ordering::SeqCst) > 0
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// Runs a core call of the sync `Client` to completion with the GIL released,
/// on the current-thread runtime (the calling thread drives it).
pub(crate) fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = chat_platform::Result<T>> + Send,
    T: Send,
{
    let rt = current();
    let out = py.detach(|| rt.block_on(AssertUnwindSafe(fut).catch_unwind()));
    match out {
        Ok(r) => r.map_err(errors::to_py),
        Err(p) => Err(errors::internal(
            py,
            &chat_platform_support::panic_message(p.as_ref()),
        )),
    }
}

/// Runs a core call as a coroutine named `name` (`AsyncClient.get_user`):
/// see [`awaitable_py`].
pub(crate) fn awaitable<'py, T, F>(
    py: Python<'py>,
    name: &'static str,
    fut: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = chat_platform::Result<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    awaitable_py(py, name, async move { fut.await.map_err(errors::to_py) })
}

/// What starts a call: spawns it and returns its asyncio future.
type StartFn = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A call not started yet; calling it starts it (once).
#[pyclass(module = "chat_platform._native", frozen)]
struct Start(Mutex<Option<StartFn>>);

#[pymethods]
impl Start {
    fn __call__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let start = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this call has already started"))?;
        start(py)
    }
}

/// `chat_platform._coroutine.lazy`: `async def lazy(start): return await start()`.
static LAZY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `chat_platform._coroutine.stoppable`, the coroutine of a bulk call.
static STOPPABLE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Runs a call that produces a Python result as a real coroutine named
/// `name`: nothing starts until it is awaited, and then on the loop that
/// awaits it, so `asyncio.run(client.get_user("a"))` works and a forgotten
/// `await` sends nothing (Python warns that the coroutine was never
/// awaited). Cancelling the awaiting task cancels the call in the core.
pub(crate) fn awaitable_py<'py, T, F>(
    py: Python<'py>,
    name: &'static str,
    fut: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let start = starter(py, fut)?;
    coroutine(py, name, &LAZY, "lazy", (start,))
}

/// A bulk call (`AsyncClient.register_users`, ...) as a coroutine, as
/// [`awaitable_py`], that cancelling stops rather than drops: `make` gets
/// the [`Stop`] the core's collector watches. Cancelled, the coroutine fires
/// it, takes what was answered before (at once: the requests in flight are
/// dropped, nothing more is sent) and raises the `CancelledError` with it as
/// attribute `attach` (`report`, `presences`, `users`), as any other
/// failure of a bulk call carries it.
pub(crate) fn stoppable_py<'py, T, F>(
    py: Python<'py>,
    name: &'static str,
    attach: &'static str,
    make: impl FnOnce(Stop) -> F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    // Fired: stop. The coroutine gone without firing: never.
    let until: Stop = Box::pin(async move {
        if rx.await.is_err() {
            std::future::pending::<()>().await
        }
    });
    let start = starter(py, make(until))?;
    let stop = Bound::new(py, StopCall(Mutex::new(Some(tx))))?;
    coroutine(py, name, &STOPPABLE, "stoppable", (start, stop, attach))
}

/// What starts `fut` on the awaiting loop, once.
fn starter<'py, T, F>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, Start>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let start: StartFn = Box::new(move |py| {
        let call = async move {
            match AssertUnwindSafe(fut).catch_unwind().await {
                Ok(r) => r,
                Err(p) => Err(Python::attach(|py| {
                    errors::internal(py, &chat_platform_support::panic_message(p.as_ref()))
                })),
            }
        };
        let future = pyo3_async_runtimes::generic::future_into_py::<ForkSafe, _, T>(py, call)?;
        Ok(future.unbind())
    });
    Bound::new(py, Start(Mutex::new(Some(start))))
}

/// `chat_platform._coroutine.<function>(args)`, named `name`.
fn coroutine<'py>(
    py: Python<'py>,
    name: &'static str,
    cell: &'static PyOnceLock<Py<PyAny>>,
    function: &'static str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let f = cell.get_or_try_init(py, || {
        Ok::<_, PyErr>(
            py.import("chat_platform._coroutine")?
                .getattr(function)?
                .unbind(),
        )
    })?;
    let coroutine = f.bind(py).call1(args)?;
    coroutine.setattr(pyo3::intern!(py, "__qualname__"), name)?;
    Ok(coroutine)
}

/// What a cancelled bulk coroutine calls to stop the work in the core.
#[pyclass(module = "chat_platform._native", frozen)]
struct StopCall(Mutex<Option<tokio::sync::oneshot::Sender<()>>>);

#[pymethods]
impl StopCall {
    fn __call__(&self) {
        if let Some(tx) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(());
        }
    }
}

/// pyo3-async-runtimes glue over our fork-safe runtime.
pub(crate) struct ForkSafe;

tokio::task_local! {
    static TASK_LOCALS: OnceLock<TaskLocals>;
}

pub(crate) struct Join(tokio::task::JoinError);

impl JoinError for Join {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }
    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

impl GenericRuntime for ForkSafe {
    type JoinError = Join;
    type JoinHandle = Pin<Box<dyn Future<Output = Result<(), Join>> + Send>>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let h = runtime().spawn(fut);
        Box::pin(async move { h.await.map_err(Join) })
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        COMPLETING.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let h = runtime().spawn_blocking(move || {
            struct Done;
            impl Drop for Done {
                fn drop(&mut self) {
                    COMPLETING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
            let _done = Done;
            f()
        });
        Box::pin(async move { h.await.map_err(Join) })
    }
}

impl ContextExt for ForkSafe {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceLock::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|c| c.get().cloned())
            .unwrap_or_default()
    }
}
