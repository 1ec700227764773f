//! Online status (one user or many) and offline messages. The core's `src/api/presence.rs`, from Python.

use super::prelude::*;

operations! {
    /// Whether a user is online.
    fn user_status [username] (c, username: String) -> Presence { c.user_status(&username).await.map(Presence::from) }

    /// How many offline messages wait for a user.
    fn offline_message_count [username] (c, username: String) -> u64 { c.offline_message_count(&username).await }

    /// Whether one offline message was delivered.
    fn offline_message_status [username, msg_id] (c, username: String, msg_id: String) -> DeliveryStatus {
        c.offline_message_status(&username, &msg_id).await.map(DeliveryStatus::from)
    }
}

#[pymethods]
impl Client {
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
        total: Option<i64>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_status", usernames, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(
                c.users_status_report(input.names, input.total, on_progress, None)
                    .await,
            )
        })?;
        finish_items(py, out, &raised, &callback)
    }

    /// The presence of users from a list or any iterable, a batch
    /// (`StatusBatch`) at a time as answers arrive.
    #[pyo3(signature = (usernames, total=None))]
    fn users_status_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        total: Option<i64>,
    ) -> PyResult<BatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = names_input("users_status", usernames, total, &raised, false)?;
        let batches = batches(c.users_status_stream(input.names, input.total));
        Ok(BatchIterator { batches, raised })
    }
}

#[pymethods]
impl AsyncClient {
    /// As `Client.users_status`, as an awaitable; `usernames` may also be an
    /// async iterable.
    /// Cancelled, it stops at once and the `CancelledError` carries what
    /// was answered as `presences`.
    #[pyo3(signature = (usernames, progress=None, total=None))]
    fn users_status<'py>(
        &self,
        py: Python<'py>,
        usernames: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_status", usernames, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::stoppable_py(
            py,
            "AsyncClient.users_status",
            "presences",
            |until| async move {
                let out = c
                    .users_status_report(input.names, input.total, on_progress, Some(until))
                    .await;
                Python::attach(|py| finish_items(py, out, &raised, &callback))
            },
        )
    }

    /// As `Client.users_status_iter`, an async iterator; `usernames` may also
    /// be an async iterable.
    #[pyo3(signature = (usernames, total=None))]
    fn users_status_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        total: Option<i64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let raised = Raised::default();
        let input = names_input("users_status", usernames, total, &raised, true)?;
        let batches = batches(c.users_status_stream(input.names, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }
}
