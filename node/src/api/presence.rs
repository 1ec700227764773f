//! Online status (one user or many) and offline messages. The core's `src/api/presence.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Whether a user is online."]
    fn user_status("username: string, options?: CallOptions | null", "Promise<'online' | 'offline'>") (username: String) -> String {
        c => c.user_status(&username).await.map(|p| p.as_str().to_owned())
    }

    #[doc = " How many offline messages wait for a user."]
    fn offline_message_count("username: string, options?: CallOptions | null") (username: String) -> i64 {
        c => c.offline_message_count(&username).await.map(|n| n as i64)
    }

    #[doc = " Whether one offline message was delivered."]
    fn offline_message_status("username: string, msgId: string, options?: CallOptions | null", "Promise<'delivered' | 'undelivered'>") (username: String, msg_id: String) -> String {
        c => c.offline_message_status(&username, &msg_id).await.map(|d| d.as_str().to_owned())
    }
}

#[napi]
impl Client {
    /// The presence of many users, in the order asked (requests of 100, paced
    /// at the service's budget): an array, an iterable or an async iterable
    /// of usernames. `onProgress` is called after each batch; an aborted
    /// `signal` rejects at once with an `AbortError` whose `presences` holds
    /// what was answered before.
    #[napi(
        ts_args_type = "usernames: Array<string> | Iterable<string> | AsyncIterable<string>, options?: BulkOptions | undefined | null",
        ts_return_type = "Promise<Array<UserPresence>>"
    )]
    pub fn users_status<'env>(
        &self,
        env: &'env Env,
        usernames: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<PromiseRaw<'env, Vec<UserPresence>>> {
        const OP: &str = "users_status";
        let c = self.core.clone();
        let opts = bulk_options(env, OP, options)?;
        let input = names_input(env, OP, usernames, opts.total)?;
        let work = move |i: Input<_>, progress, until| async move {
            c.users_status_report(i.items, i.total, progress, until)
                .await
        };
        run_bulk(env, (OP, "presences"), input, opts, work, items)
    }

    /// The presence of users from an array, an iterable or an async
    /// iterable, a batch at a time as answers arrive.
    #[napi(
        ts_args_type = "usernames: Array<string> | Iterable<string> | AsyncIterable<string>, options?: BulkOptions | undefined | null",
        ts_return_type = "AsyncGenerator<StatusBatch, void, void>"
    )]
    pub fn users_status_stream(
        &self,
        env: Env,
        usernames: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<BatchIterator> {
        const OP: &str = "users_status_stream";
        let c = self.core.clone();
        let opts = bulk_options(&env, OP, options)?;
        let input = names_input(&env, "users_status", usernames, opts.total)?;
        let s = c.users_status_stream(input.items, input.total);
        BatchIterator::new(&env, (OP, opts.watch), s, input.thrown, Either3::B)
    }
}
