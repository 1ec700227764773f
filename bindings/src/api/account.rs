//! A user's password, push display, do-not-disturb, and ban, unban, force offline. The core's `src/api/account.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// Sets a user's password.
    fn set_password(username: String, new_password: String) -> () {
        c => c.set_password(&username, &new_password).await
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    fn set_push_nickname(username: String, nickname: String) -> User {
        c => c.set_push_nickname(&username, &nickname).await.map(User::from)
    }

    /// Sets how push notifications are displayed.
    fn set_notification_display_style(username: String, style: DisplayStyle) -> User {
        c => c.set_notification_display_style(&username, style.into()).await.map(User::from)
    }

    /// Turns do-not-disturb on from `startHour` to `endHour` (0-23).
    fn set_no_disturb(username: String, start_hour: i32, end_hour: i32) -> User {
        c => {
            let s = core::validate::hour_arg("set_no_disturb", "start_hour", start_hour.into())?;
            let e = core::validate::hour_arg("set_no_disturb", "end_hour", end_hour.into())?;
            c.set_no_disturb(&username, s, e).await.map(User::from)
        }
    }

    /// Turns do-not-disturb off.
    fn clear_no_disturb(username: String) -> User {
        c => c.clear_no_disturb(&username).await.map(User::from)
    }

    /// Deactivates (bans) a user; returns it.
    fn deactivate_user(username: String) -> User {
        c => c.deactivate_user(&username).await.map(User::from)
    }

    /// Activates (unbans) a user.
    fn activate_user(username: String) -> () {
        c => c.activate_user(&username).await
    }

    /// Forces a user offline; true when the service confirmed it.
    fn disconnect_user(username: String) -> bool {
        c => c.disconnect_user(&username).await
    }
}
