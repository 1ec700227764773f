//! User attributes: set, get, delete, many users' at once, and the app's usage. The core's `src/api/attributes.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Sets attributes of a user (others are kept); returns what was stored.
    /// Keys and values together are checked against the service's 2 KB per
    /// user before sending.
    fn set_user_attributes(username: String, attributes: HashMap<String, String>) -> HashMap<String, String> {
        c => {
            let attrs: core::Attributes = attributes.into_iter().collect();
            c.set_user_attributes(&username, &attrs).await.map(|m| m.into_iter().collect())
        }
    }

    /// A user's attributes (empty when none, or no such user).
    fn get_user_attributes(username: String) -> HashMap<String, String> {
        c => c.get_user_attributes(&username).await.map(|m| m.into_iter().collect())
    }

    /// Deletes all of a user's attributes.
    fn delete_user_attributes(username: String) -> () {
        c => c.delete_user_attributes(&username).await
    }

    /// The attributes named in `keys` of many users, one result per user in
    /// the order asked (requests of 100 paced at the service's budget).
    /// `progress` hears after each batch. `stop`, fired, ends the call with
    /// what was answered before (Kotlin's `usersAttributes` and Swift's
    /// `usersAttributes(usernames:keys:)` fire it when cancelled).
    #[default(progress = None, stop = None)]
    fn users_attributes_until(usernames: Vec<String>, keys: Vec<String>, progress: Option<Arc<dyn ProgressSink>>, stop: Option<Arc<StopSignal>>) -> Vec<UserAttributes> {
        c => {
            let all = c.users_attributes_until(&usernames, &keys, progress_fn(progress), until(stop)).await?;
            Ok(all.into_iter().map(UserAttributes::from).collect())
        }
    }

    /// How many bytes of attributes the whole app stores.
    fn user_attributes_usage() -> i64 {
        c => c.user_attributes_usage().await.map(|n| n as i64)
    }
}

#[uniffi::export]
impl Client {
    /// The attributes named in `keys` of users from a lazy source, a request
    /// of 100 at a time; pull the batches as answers arrive. A failed request
    /// fails its batch only (`batch.error`).
    #[uniffi::method(default(total = None))]
    pub fn users_attributes_stream(
        &self,
        source: Arc<dyn NameSource>,
        keys: Vec<String>,
        total: Option<i64>,
    ) -> Result<Arc<AttributesBatches>, ChatPlatformError> {
        let total = core::validate::total_arg("users_attributes", total)?;
        Ok(AttributesBatches::new(self.core.users_attributes_stream(
            names_of("users_attributes", source),
            &keys,
            total,
        )))
    }
}
