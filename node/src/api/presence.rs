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
    /// of usernames. `onProgress` is called after each batch.
    #[napi(ts_return_type = "Promise<Array<UserPresence>>")]
    pub fn users_status<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "Array<string> | Iterable<string> | AsyncIterable<string>")] usernames: Unknown<'_>,
        mut options: Option<BulkOptions>,
    ) -> Result<PromiseRaw<'env, Vec<UserPresence>>> {
        let c = self.core.clone();
        let total = options.as_ref().and_then(|o| o.total);
        let input = names_input(env, "users_status", usernames, total)?;
        let progress_threw = Thrown::default();
        let (on_progress, calls) = progress_calls(&mut options, progress_threw.clone());
        settle(
            env,
            "presences",
            (input.thrown, progress_threw),
            async move {
                let work = c.users_status_report(input.items, input.total, on_progress);
                let (c, ()) = futures_util::join!(work, calls);
                items(c)
            },
        )
    }

    /// The presence of users from an array, an iterable or an async
    /// iterable, a batch at a time as answers arrive.
    #[napi(ts_return_type = "AsyncGenerator<StatusBatch, void, void>")]
    pub fn users_status_stream(
        &self,
        env: Env,
        #[napi(ts_arg_type = "Array<string> | Iterable<string> | AsyncIterable<string>")] usernames: Unknown<'_>,
        options: Option<BulkOptions>,
    ) -> Result<BatchIterator> {
        let c = self.core.clone();
        let input = names_input(
            &env,
            "users_status",
            usernames,
            options.and_then(|o| o.total),
        )?;
        let s = c.users_status_stream(input.items, input.total);
        Ok(BatchIterator::new(s, input.thrown, Either3::B))
    }
}
