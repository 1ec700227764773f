//! User attributes: set, get, delete, many users' at once, and the app's usage. The core's `src/api/attributes.rs`, from Python.

use super::prelude::*;

operations! {
    /// Sets attributes of a user (others are kept) from a dict of str; returns
    /// what was stored. Keys and values together are checked against the
    /// service's 2 KB per user before sending.
    fn set_user_attributes [username, attributes] (c, username: String, attributes: Attributes) -> std::collections::BTreeMap<String, String> {
        c.set_user_attributes(&username, &attributes.0).await
    }

    /// A user's attributes (`{}` when none, or no such user).
    fn get_user_attributes [username] (c, username: String) -> std::collections::BTreeMap<String, String> {
        c.get_user_attributes(&username).await
    }

    /// Deletes all of a user's attributes.
    fn delete_user_attributes [username] (c, username: String) -> Nothing {
        c.delete_user_attributes(&username).await.map(|()| Nothing)
    }

    /// How many bytes of attributes the whole app stores.
    fn user_attributes_usage [] (c) -> u64 { c.user_attributes_usage().await }
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
        total: Option<i64>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_attributes", usernames, total, &raised, false)?;
        let on_progress = progress_fn(progress, callback.clone());
        let out = runtime::block_on(py, async move {
            Ok(
                c.users_attributes_report(input.names, &keys, input.total, on_progress, None)
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
        total: Option<i64>,
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
    /// As `Client.users_attributes`, as an awaitable; `usernames` may also
    /// be an async iterable.
    /// Cancelled, it stops at once and the `CancelledError` carries what
    /// was answered as `users`.
    #[pyo3(signature = (usernames, keys, progress=None, total=None))]
    fn users_attributes<'py>(
        &self,
        py: Python<'py>,
        usernames: &Bound<'py, PyAny>,
        keys: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        total: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let (raised, callback) = (Raised::default(), Raised::default());
        let input = names_input("users_attributes", usernames, total, &raised, true)?;
        let on_progress = progress_fn(progress, callback.clone());
        runtime::stoppable_py(
            py,
            "AsyncClient.users_attributes",
            "users",
            |until| async move {
                let out = c
                    .users_attributes_report(
                        input.names,
                        &keys,
                        input.total,
                        on_progress,
                        Some(until),
                    )
                    .await;
                Python::attach(|py| finish_items(py, out, &raised, &callback))
            },
        )
    }

    /// As `Client.users_attributes_iter`, an async iterator; `usernames` may
    /// also be an async iterable.
    #[pyo3(signature = (usernames, keys, total=None))]
    fn users_attributes_iter(
        &self,
        usernames: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        total: Option<i64>,
    ) -> PyResult<AsyncBatchIterator> {
        let c = self.shared.core()?;
        let keys = attribute_keys(keys)?;
        let raised = Raised::default();
        let input = names_input("users_attributes", usernames, total, &raised, true)?;
        let batches = batches(c.users_attributes_stream(input.names, &keys, input.total));
        Ok(AsyncBatchIterator { batches, raised })
    }
}
