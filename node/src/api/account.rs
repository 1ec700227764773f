//! A user's password, push display, do-not-disturb, and ban, unban, force offline. The core's `src/api/account.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " Sets a user's password."]
    fn set_password("username: string, newPassword: string, options?: CallOptions | null", "Promise<void>") (username: String, new_password: String) -> () {
        c => c.set_password(&username, &new_password).await
    }

    #[doc = " Sets the nickname shown in push notifications (at most 100 characters)."]
    fn set_push_nickname("username: string, nickname: string, options?: CallOptions | null") (username: String, nickname: String) -> User {
        c => c.set_push_nickname(&username, &nickname).await.map(User::from)
    }

    #[doc = " Sets how push notifications are displayed: 0 notification only, 1 with details."]
    fn set_notification_display_style("username: string, style: 0 | 1, options?: CallOptions | null") (username: String, style: i64) -> User {
        c => {
            let style = core::DisplayStyle::from_code(style).map_err(|e| e.with_operation("set_notification_display_style"))?;
            c.set_notification_display_style(&username, style).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb on from `startHour` to `endHour` (0-23)."]
    fn set_no_disturb("username: string, startHour: number, endHour: number, options?: CallOptions | null") (username: String, start_hour: i64, end_hour: i64) -> User {
        c => {
            let start_hour = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour)?;
            let end_hour = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour)?;
            c.set_no_disturb(&username, start_hour, end_hour).await.map(User::from)
        }
    }

    #[doc = " Turns do-not-disturb off."]
    fn clear_no_disturb("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.clear_no_disturb(&username).await.map(User::from)
    }

    #[doc = " Deactivates (bans) a user; resolves to it."]
    fn deactivate_user("username: string, options?: CallOptions | null") (username: String) -> User {
        c => c.deactivate_user(&username).await.map(User::from)
    }

    #[doc = " Activates (unbans) a user."]
    fn activate_user("username: string, options?: CallOptions | null", "Promise<void>") (username: String) -> () {
        c => c.activate_user(&username).await
    }

    #[doc = " Forces a user offline; resolves to true when the service confirmed it."]
    fn disconnect_user("username: string, options?: CallOptions | null") (username: String) -> bool {
        c => c.disconnect_user(&username).await
    }
}
