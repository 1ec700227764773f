//! Push nicknames in bulk, per-conversation push settings, push language. The core's `src/api/push.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Sets many users' push nicknames, 50 per request; every input is
    /// reported once, updated or failed with a reason. The list is checked
    /// whole first.
    fn set_push_nicknames(nicknames: Vec<PushNickname>) -> PushNicknameReport {
        c => {
            let list: Vec<core::PushNickname> = nicknames.into_iter().map(Into::into).collect();
            c.set_push_nicknames(&list).await.map(PushNicknameReport::from)
        }
    }

    /// A user's push setting: their app-level one, or a conversation's.
    fn get_push_setting(username: String, scope: PushScope) -> PushSetting {
        c => c.get_push_setting(&username, &scope.into()).await.map(PushSetting::from)
    }

    /// Changes a user's push setting for a scope: `mode`, the daily
    /// `dndInterval` ("HH:MM-HH:MM", app scope only, "" clears) and a one-off
    /// `dndDurationSeconds` (at most 7 days; 0 clears).
    #[default(mode = None, dnd_interval = None, dnd_duration_seconds = None)]
    fn set_push_setting(username: String, scope: PushScope, mode: Option<PushMode>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PushSetting {
        c => {
            const OP: &str = "set_push_setting";
            let dnd_duration = core::validate::dnd_duration_arg(OP, dnd_duration_seconds)?;
            let update = core::PushSettingUpdate { mode: mode.map(Into::into), dnd_interval, dnd_duration };
            c.set_push_setting(&username, &scope.into(), &update).await.map(PushSetting::from)
        }
    }

    /// The language a user's push notifications are translated into ("": none).
    fn get_push_language(username: String) -> String {
        c => c.get_push_language(&username).await
    }

    /// Sets the push translation language (a code such as "EU"; "" for none).
    fn set_push_language(username: String, language: String) -> String {
        c => c.set_push_language(&username, &language).await
    }
}
