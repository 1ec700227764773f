//! Register, get, list and delete users: one at a time, in bulk, or every user lazily. The core's `src/api/users.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Registers one user without a token (open registration)."]
    fn register_user_open("username: string, password: string, nickname?: string | null, options?: CallOptions | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user_open(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Registers one user with the app token (authorized registration)."]
    fn register_user("username: string, password: string, nickname?: string | null, options?: CallOptions | null")
        (username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    #[doc = " Gets one user (matched ignoring case)."]
    fn get_user("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.get_user(&username).await.map(User::from)
    }

    #[doc = " One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page."]
    fn list_users("limit?: number | null, cursor?: string | null, options?: CallOptions | null") (limit: Option<i64>, cursor: Option<String>) -> UserPage {
        c => {
            let limit = limit.map(|l| core::validate::limit_arg("list_users", "limit", l)).transpose()?;
            c.list_users(limit, cursor.as_deref()).await.map(UserPage::from)
        }
    }

    #[doc = " Deletes one user: a `Deletion` with the user as the service described it, or `outcome`"]
    #[doc = " `'already_gone'` when an earlier attempt got no answer and the repeat found nothing"]
    #[doc = " (the lost attempt deleted it). A user missing at the first attempt rejects with `NOT_FOUND`."]
    fn delete_user("username: string, options?: CallOptions | null") (username: String) -> Deletion {
        c => c.delete_user(&username).await.map(Deletion::from)
    }

    #[doc = " Deletes the `limit` (1-500) oldest users and returns them."]
    fn delete_oldest_users("limit: number, options?: CallOptions | null") (limit: i64) -> UserPage {
        c => {
            let limit = core::validate::delete_limit_arg("delete_oldest_users", "limit", limit)?;
            c.delete_oldest_users(limit).await.map(UserPage::from)
        }
    }
}

#[napi]
impl Client {
    /// Every user, fetched `pageSize` (1-100, default 100) at a time: `for await (const u of client.iterUsers())`.
    /// `{ signal }` last: an abort rejects the pending `next()` with an
    /// `AbortError` and ends the iteration.
    #[napi(ts_args_type = "pageSize?: number | null, options?: CallOptions | null")]
    pub fn iter_users(
        &self,
        env: Env,
        page_size: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<UserIterator> {
        const OP: &str = "iter_users";
        let page_size = args::opt_integer(&env, OP, "page_size", Some(page_size))?;
        let watch = crate::abort::watch(&env, OP, options)?;
        let stream = core::validate::user_page_arg(OP, "page_size", page_size)
            .and_then(|size| self.core.iter_users(size))
            .map_err(|e| to_js(&env, &e))?;
        UserIterator::new(&env, OP, stream, watch)
    }

    /// @deprecated Renamed `deleteOldestUsers`: it deletes the oldest users,
    /// not the ones you name. Warns once (a `DeprecationWarning`).
    #[napi(ts_args_type = "limit: number, options?: CallOptions | null")]
    pub fn delete_users<'env>(
        &self,
        env: &'env Env,
        limit: Unknown<'env>,
        options: Unknown<'env>,
    ) -> Result<PromiseRaw<'env, UserPage>> {
        static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            let process: Object = env.get_global()?.get_named_property("process")?;
            let warn: Function<FnArgs<(String, String)>, Unknown> =
                process.get_named_property("emitWarning")?;
            warn.apply(
                process,
                FnArgs::from((
                    "deleteUsers is renamed deleteOldestUsers: it deletes the oldest users, not the ones you name".into(),
                    "DeprecationWarning".into(),
                )),
            )?;
        }
        self.delete_oldest_users(env, limit, options)
    }

    /// Registers many users: an array (checked whole first: one bad entry
    /// rejects and nothing is sent), or any iterable or async iterable, read
    /// lazily (a bad entry is reported failed). Requests of 60 are paced at
    /// the service's budget. Every user appears once in the report, created
    /// or failed with a reason, in input order. `onProgress` is called after
    /// each batch. If the source throws, the batches already sent complete
    /// and the Promise rejects (code `INVALID_INPUT`) with `report` holding
    /// what was done and `cause` what the source threw; an item that is not
    /// a user (`null`, a number, no `password`) ends the source too.
    /// An aborted `signal` stops it at once (the requests in flight dropped:
    /// their users may have been created) and rejects with an `AbortError`
    /// whose `report` holds what was answered before.
    #[napi(
        ts_args_type = "users: Array<NewUser> | Iterable<NewUser> | AsyncIterable<NewUser>, options?: BulkOptions | undefined | null",
        ts_return_type = "Promise<RegisterReport>"
    )]
    pub fn register_users<'env>(
        &self,
        env: &'env Env,
        users: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<PromiseRaw<'env, RegisterReport>> {
        const OP: &str = "register_users";
        let c = self.core.clone();
        let opts = bulk_options(env, OP, options)?;
        let input = users_input(env, &c, users, opts.total)?;
        let work = move |i: Input<_>, progress, until| async move {
            c.register_users_report(i.items, i.total, progress, until)
                .await
        };
        run_bulk(
            env,
            (OP, "report"),
            input,
            opts,
            work,
            |(report, failure)| (RegisterReport::from(report), failure),
        )
    }

    /// Registers users from an array, an iterable or an async iterable,
    /// handing back each batch (`created`, `failed`, `progress`) as it
    /// completes: `for await (const batch of client.registerUsersStream(users))`.
    /// Nothing but the requests in flight is held, whatever the input's size.
    #[napi(
        ts_args_type = "users: Array<NewUser> | Iterable<NewUser> | AsyncIterable<NewUser>, options?: BulkOptions | undefined | null",
        ts_return_type = "AsyncGenerator<RegisterBatch, void, void>"
    )]
    pub fn register_users_stream(
        &self,
        env: Env,
        users: Unknown<'_>,
        options: Unknown<'_>,
    ) -> Result<BatchIterator> {
        const OP: &str = "register_users_stream";
        let c = self.core.clone();
        let opts = bulk_options(&env, OP, options)?;
        let input = users_input(&env, &c, users, opts.total)?;
        let s = c.register_users_stream(input.items, input.total);
        BatchIterator::new(&env, (OP, opts.watch), s, input.thrown, Either3::A)
    }
}
