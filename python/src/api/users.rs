//! Register, get, list and delete users: one at a time, in bulk, or every user lazily. The core's `src/api/users.rs`, from Python.

use super::prelude::*;

operations! {
    /// Registers one user without a token (open registration).
    fn register_user_open [username, password, nickname=None] (c, username: String, password: String, nickname: Option<String>) -> PyUser {
        c.register_user_open(&username, &password, nickname.as_deref()).await.map(PyUser)
    }

    /// Registers one user with the app token (authorized registration).
    fn register_user [username, password, nickname=None] (c, username: String, password: String, nickname: Option<String>) -> PyUser {
        c.register_user(&username, &password, nickname.as_deref()).await.map(PyUser)
    }

    /// Gets one user (the username is matched ignoring case).
    fn get_user [username] (c, username: String) -> PyUser { c.get_user(&username).await.map(PyUser) }

    /// One page of users in creation order: `limit` 1-100 (service default 10),
    /// `cursor` from the previous page.
    fn list_users [limit=None, cursor=None] (c, limit: Option<Limit>, cursor: Option<String>) -> PyUserPage {
        c.list_users(limit.map(|l| l.0), cursor.as_deref()).await.map(PyUserPage)
    }

    /// Deletes one user. The `Deletion` holds the user as the service
    /// described it; when an earlier attempt got no answer and the repeat
    /// found no such user, `outcome` is `"already_gone"` (the lost attempt
    /// deleted it). A user missing at the first attempt raises `NotFoundError`.
    fn delete_user [username] (c, username: String) -> PyDeletion { c.delete_user(&username).await.map(PyDeletion) }

    /// Deletes the `limit` (1-500) oldest users and returns them. Never retried
    /// after an ambiguous failure: a repeat would delete more users.
    fn delete_oldest_users [limit] (c, limit: DeleteLimit) -> PyUserPage { c.delete_oldest_users(limit.0).await.map(PyUserPage) }
}

iterators! {
    /// Every user, fetched `page_size` (1-100) at a time.
    fn iter_users [page_size=None] "(self, page_size=100)" (page_size)
        -> UserIterator / AsyncUserIterator = user_stream;
}

fn user_stream<'py>(
    shared: &Shared,
    py: Python<'py>,
    page_size: Option<Raw<'py>>,
) -> PyResult<core::UserStream> {
    const OP: &str = "iter_users";
    let size: Option<i64> = args::take(py, OP, "page_size", page_size)?;
    let size =
        core::validate::user_page_arg(OP, "page_size", size).map_err(crate::errors::to_py)?;
    shared
        .core()?
        .iter_users(size)
        .map_err(crate::errors::to_py)
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
        total: Option<i64>,
    ) -> PyResult<PyRegisterReport> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = register_input(&c, users, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(
                c.register_users_report(input.users, input.total, on_progress, None)
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
        total: Option<i64>,
    ) -> PyResult<BatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = register_input(&c, users, total, &raised, false)?;
        let batches = batches(c.register_users_stream(input.users, input.total));
        Ok(BatchIterator { batches, raised })
    }
}

#[pymethods]
impl AsyncClient {
    /// As `Client.register_users`, as an awaitable; `users` may also be an
    /// async iterable.
    /// Cancelled, it stops at once and the `CancelledError` carries what
    /// was answered as `report`.
    #[pyo3(signature = (users, progress=None, total=None))]
    fn register_users<'py>(
        &self,
        py: Python<'py>,
        users: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = register_input(&c, users, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::stoppable_py(
            py,
            "AsyncClient.register_users",
            "report",
            |until| async move {
                let out = c
                    .register_users_report(input.users, input.total, on_progress, Some(until))
                    .await;
                Python::attach(|py| finish_register(py, out, &raised, &callback))
            },
        )
    }

    /// As `Client.register_users_iter`, an async iterator; `users` may also
    /// be an async iterable.
    #[pyo3(signature = (users, total=None))]
    fn register_users_iter(
        &self,
        users: &Bound<'_, PyAny>,
        total: Option<i64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = register_input(&c, users, total, &raised, true)?;
        let batches = batches(c.register_users_stream(input.users, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }
}

/// The old name of `delete_oldest_users`, for one release, with a
/// `DeprecationWarning` (it deletes the oldest users, not the ones named).
fn deprecated_delete_users<'py>(
    slf: &Bound<'py, PyAny>,
    limit: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = slf.py();
    py.import("warnings")?.call_method1(
        "warn",
        (
            "delete_users is renamed delete_oldest_users: it deletes the oldest users, \
             not the ones you name",
            py.get_type::<pyo3::exceptions::PyDeprecationWarning>(),
            2,
        ),
    )?;
    slf.call_method1("delete_oldest_users", (limit,))
}

/// `delete_users` on both clients.
macro_rules! deprecated_alias {
    ($($t:ident),*) => {$(
        #[pymethods]
        impl $t {
            /// Deprecated: the old name of `delete_oldest_users`.
            fn delete_users<'py>(
                slf: &Bound<'py, Self>,
                limit: Bound<'py, PyAny>,
            ) -> PyResult<Bound<'py, PyAny>> {
                deprecated_delete_users(slf.as_any(), limit)
            }
        }
    )*};
}
deprecated_alias!(Client, AsyncClient);
