//! Online status (one user or many) and offline messages. The core's `src/api/presence.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Whether a user is online.
    fn user_status(username: String) -> Presence {
        c => c.user_status(&username).await.map(Presence::from)
    }

    /// The presence of many users, in the order asked (requests of 100 paced
    /// at the service's budget). `progress` hears after each batch. `stop`,
    /// fired, ends the call with what was answered before (Kotlin's
    /// `usersStatus` and Swift's `usersStatus(usernames:)` fire it when cancelled).
    #[default(progress = None, stop = None)]
    fn users_status_until(usernames: Vec<String>, progress: Option<Arc<dyn ProgressSink>>, stop: Option<Arc<StopSignal>>) -> Vec<UserPresence> {
        c => {
            let all = c.users_status_until(&usernames, progress_fn(progress), until(stop)).await?;
            Ok(all.into_iter().map(UserPresence::from).collect())
        }
    }

    /// How many offline messages wait for a user.
    fn offline_message_count(username: String) -> i64 {
        c => c.offline_message_count(&username).await.map(|n| n as i64)
    }

    /// Whether one offline message was delivered.
    fn offline_message_status(username: String, msg_id: String) -> DeliveryStatus {
        c => c.offline_message_status(&username, &msg_id).await.map(DeliveryStatus::from)
    }
}

#[uniffi::export]
impl Client {
    /// The presence of users from a lazy source, a request of 100 at a time;
    /// pull the batches as answers arrive.
    #[uniffi::method(default(total = None))]
    pub fn users_status_stream(
        &self,
        source: Arc<dyn NameSource>,
        total: Option<i64>,
    ) -> Result<Arc<StatusBatches>, ChatPlatformError> {
        let total = core::validate::total_arg("users_status", total)?;
        Ok(StatusBatches::new(self.core.users_status_stream(
            names_of("users_status", source),
            total,
        )))
    }
}
