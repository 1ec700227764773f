//! User attributes: set, get, delete, many users' at once, and the app's usage. The core's `src/api/attributes.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Sets attributes of a user (others are kept); resolves to what was"]
    #[doc = " stored. Keys and values together are checked against the service's"]
    #[doc = " 2 KB per user before sending."]
    fn set_user_attributes("username: string, attributes: Record<string, string>, options?: CallOptions | null", "Promise<Record<string, string>>")
        (username: String, attributes: args::Attributes) -> std::collections::HashMap<String, String> {
        c => c.set_user_attributes(&username, &attributes.0).await.map(|m| m.into_iter().collect())
    }

    #[doc = " A user's attributes (`{}` when none, or no such user)."]
    fn get_user_attributes("username: string, options?: CallOptions | null", "Promise<Record<string, string>>") (username: String) -> std::collections::HashMap<String, String> {
        c => c.get_user_attributes(&username).await.map(|m| m.into_iter().collect())
    }

    #[doc = " Deletes all of a user's attributes."]
    fn delete_user_attributes("username: string, options?: CallOptions | null", "Promise<void>") (username: String) -> () {
        c => c.delete_user_attributes(&username).await
    }

    #[doc = " How many bytes of attributes the whole app stores."]
    fn user_attributes_usage("options?: CallOptions | null") () -> i64 {
        c => c.user_attributes_usage().await.map(|n| n as i64)
    }
}

#[napi]
impl Client {
    /// The attributes named in `keys` of many users, one result per user in
    /// the order asked (requests of 100, paced at the service's budget): an
    /// array, an iterable or an async iterable of usernames. `onProgress` is
    /// called after each batch. If a request fails, the Promise rejects with
    /// `users` holding every answer received; an aborted `signal` rejects at
    /// once with an `AbortError` whose `users` holds what was answered before.
    #[napi(
        ts_args_type = "usernames: Array<string> | Iterable<string> | AsyncIterable<string>, keys: Array<string>, options?: BulkOptions | undefined | null",
        ts_return_type = "Promise<Array<UserAttributes>>"
    )]
    pub fn users_attributes<'env>(
        &self,
        env: &'env Env,
        usernames: Unknown<'_>,
        keys: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<PromiseRaw<'env, Vec<UserAttributes>>> {
        const OP: &str = "users_attributes";
        let c = self.core.clone();
        let keys = attribute_keys(env, keys)?;
        let opts = bulk_options(env, OP, options)?;
        let input = names_input(env, OP, usernames, opts.total)?;
        let work = move |i: Input<_>, progress, until| async move {
            c.users_attributes_report(i.items, &keys, i.total, progress, until)
                .await
        };
        run_bulk(env, (OP, "users"), input, opts, work, items)
    }

    /// The attributes named in `keys` of users from an array, an iterable or
    /// an async iterable, a batch at a time as answers arrive; a failed
    /// request fails its batch only (`batch.error`).
    #[napi(
        ts_args_type = "usernames: Array<string> | Iterable<string> | AsyncIterable<string>, keys: Array<string>, options?: BulkOptions | undefined | null",
        ts_return_type = "AsyncGenerator<AttributesBatch, void, void>"
    )]
    pub fn users_attributes_stream(
        &self,
        env: Env,
        usernames: Unknown<'_>,
        keys: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<BatchIterator> {
        const OP: &str = "users_attributes_stream";
        let c = self.core.clone();
        let keys = attribute_keys(&env, keys)?;
        let opts = bulk_options(&env, OP, options)?;
        let input = names_input(&env, "users_attributes", usernames, opts.total)?;
        let s = c.users_attributes_stream(input.items, &keys, input.total);
        BatchIterator::new(&env, (OP, opts.watch), s, input.thrown, Either3::C)
    }
}
