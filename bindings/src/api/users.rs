//! Register, get, list and delete users: one at a time, in bulk, or every user page by page. The core's `src/api/users.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Registers one user without a token (open registration).
    #[default(nickname = None)]
    fn register_user_open(username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user_open(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    /// Registers one user with the app token (authorized registration).
    #[default(nickname = None)]
    fn register_user(username: String, password: String, nickname: Option<String>) -> User {
        c => c.register_user(&username, &password, nickname.as_deref()).await.map(User::from)
    }

    /// Registers many users: requests of 60 paced at the service's budget.
    /// Every input user appears once in the report, created or failed with a
    /// reason; the list is checked whole first. `progress` hears after each
    /// batch. `stop`, fired, ends the call with what was answered before
    /// (Kotlin's `registerUsers` and Swift's `registerUsers(users:)` fire it
    /// when cancelled).
    #[default(progress = None, stop = None)]
    fn register_users_until(users: Vec<Arc<NewUser>>, progress: Option<Arc<dyn ProgressSink>>, stop: Option<Arc<StopSignal>>) -> RegisterReport {
        c => {
            let users: Vec<core::NewUser> = users.iter().map(|u| u.inner.clone()).collect();
            c.register_users_until(&users, progress_fn(progress), until(stop)).await.map(RegisterReport::from)
        }
    }

    /// Gets one user (matched ignoring case).
    fn get_user(username: String) -> User {
        c => c.get_user(&username).await.map(User::from)
    }

    /// One page of users in creation order: `limit` 1-100 (service default 10), `cursor` from the previous page.
    #[default(limit = None, cursor = None)]
    fn list_users(limit: Option<i32>, cursor: Option<String>) -> UserPage {
        c => {
            let limit = limit.map(|l| core::validate::limit_arg("list_users", "limit", l.into())).transpose()?;
            c.list_users(limit, cursor.as_deref()).await.map(UserPage::from)
        }
    }

    /// Deletes one user: a `Deletion` with the user as the service described
    /// it, or `outcome` `ALREADY_GONE` when an earlier attempt got no answer
    /// and the repeat found nothing (the lost attempt deleted it). A user
    /// missing at the first attempt is a `NotFound`.
    fn delete_user(username: String) -> Deletion {
        c => c.delete_user(&username).await.map(Deletion::from)
    }

    /// Deletes the `limit` (1-500) oldest users and returns them.
    fn delete_oldest_users(limit: i32) -> UserPage {
        c => {
            let limit = core::validate::delete_limit_arg("delete_oldest_users", "limit", limit.into())?;
            c.delete_oldest_users(limit).await.map(UserPage::from)
        }
    }
}

#[uniffi::export]
impl Client {
    /// A pager over all users, `pageSize` (1-100) per request.
    pub fn pages(&self, page_size: i32) -> Result<Arc<UserPager>, ChatPlatformError> {
        let pager = self.core.pages(core::validate::limit_arg(
            "iter_users",
            "page_size",
            page_size.into(),
        )?)?;
        Ok(UserPager::new(pager))
    }

    /// Registers users from a lazy source, a request of 60 at a time paced at
    /// the service's budget; pull the batches as they complete. Nothing but
    /// the requests in flight is held. A user that breaks a rule is reported
    /// failed in its batch. `total` sets `progress.total`.
    #[uniffi::method(default(total = None))]
    pub fn register_users_stream(
        &self,
        source: Arc<dyn UserSource>,
        total: Option<i64>,
    ) -> Result<Arc<RegisterBatches>, ChatPlatformError> {
        let total = core::validate::total_arg("register_users", total)?;
        Ok(RegisterBatches::new(
            self.core.register_users_stream(users_of(source), total),
        ))
    }
}
