//! Push nicknames in bulk, per-conversation push settings, push language. The core's `src/api/push.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Sets many users' push nicknames, 50 per request; every input is"]
    #[doc = " reported once, updated or failed with a reason. The array is checked"]
    #[doc = " whole first."]
    fn set_push_nicknames("nicknames: Array<{ username: string, nickname: string }>, options?: CallOptions | null")
        (nicknames: args::Nicknames) -> PushNicknameReport {
        c => c.set_push_nicknames(&nicknames.0).await.map(PushNicknameReport::from)
    }

    #[doc = " A user's push setting: `scope` `'app'` (their own), `'user'` (the"]
    #[doc = " conversation with `target`) or `'group'` (the group `target`)."]
    fn get_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null, options?: CallOptions | null")
        (username: String, scope: String, target: Option<String>) -> PushSetting {
        c => {
            let sc = push_scope("get_push_setting", &scope, target.as_deref())?;
            c.get_push_setting(&username, &sc).await.map(PushSetting::from)
        }
    }

    #[doc = " Changes a user's push setting for a scope (as `getPushSetting`):"]
    #[doc = " `mode`, the daily `dndInterval` (`'HH:MM-HH:MM'`, app scope only, `''`"]
    #[doc = " clears) and a one-off `dndDurationSeconds` (at most 7 days; 0 clears)."]
    fn set_push_setting("username: string, scope: 'app' | 'user' | 'group', target?: string | null, mode?: 'DEFAULT' | 'ALL' | 'AT' | 'NONE' | null, dndInterval?: string | null, dndDurationSeconds?: number | null, options?: CallOptions | null")
        (username: String, scope: String, target: Option<String>, mode: Option<String>, dnd_interval: Option<String>, dnd_duration_seconds: Option<i64>) -> PushSetting {
        c => {
            const OP: &str = "set_push_setting";
            let sc = push_scope(OP, &scope, target.as_deref())?;
            let mode = mode.map(|m| core::PushMode::parse("mode", &m).map_err(|e| e.with_operation(OP))).transpose()?;
            let dnd_duration = core::validate::dnd_duration_arg(OP, dnd_duration_seconds)?;
            let update = core::PushSettingUpdate { mode, dnd_interval, dnd_duration };
            c.set_push_setting(&username, &sc, &update).await.map(PushSetting::from)
        }
    }

    #[doc = " The language a user's push notifications are translated into (`''`: none)."]
    fn get_push_language("username: string, options?: CallOptions | null") (username: String) -> String {
        c => c.get_push_language(&username).await
    }

    #[doc = " Sets the push translation language (a code such as `'EU'`; `''` for none)."]
    fn set_push_language("username: string, language: string, options?: CallOptions | null") (username: String, language: String) -> String {
        c => c.set_push_language(&username, &language).await
    }
}

fn push_scope(
    op: &'static str,
    scope: &str,
    target: Option<&str>,
) -> core::Result<core::PushScope> {
    core::PushScope::parse(scope, target).map_err(|e| e.with_operation(op))
}
