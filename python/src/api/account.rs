//! A user's password, push display, do-not-disturb, and ban, unban, force offline. The core's `src/api/account.rs`, from Python.

use super::prelude::*;

operations! {
    /// Sets a user's password.
    fn set_password [username, new_password] (c, username: String, new_password: String) -> Nothing {
        c.set_password(&username, &new_password).await.map(|()| Nothing)
    }

    /// Sets the nickname shown in push notifications (at most 100 characters).
    fn set_push_nickname [username, nickname] (c, username: String, nickname: String) -> PyUser {
        c.set_push_nickname(&username, &nickname).await.map(PyUser)
    }

    /// Sets how push notifications are displayed (`DisplayStyle` or 0/1).
    fn set_notification_display_style [username, style] (c, username: String, style: Bound<'py, PyAny>) -> PyUser
    where { let style = style_arg("set_notification_display_style", &style)?; }
    { c.set_notification_display_style(&username, style?).await.map(PyUser) }

    /// Turns do-not-disturb on from `start_hour` to `end_hour` (0-23).
    fn set_no_disturb [username, start_hour, end_hour] (c, username: String, start_hour: Hour, end_hour: Hour) -> PyUser {
        c.set_no_disturb(&username, start_hour.0, end_hour.0).await.map(PyUser)
    }

    /// Turns do-not-disturb off.
    fn clear_no_disturb [username] (c, username: String) -> PyUser { c.clear_no_disturb(&username).await.map(PyUser) }

    /// Deactivates (bans) a user; returns it.
    fn deactivate_user [username] (c, username: String) -> PyUser { c.deactivate_user(&username).await.map(PyUser) }

    /// Activates (unbans) a user.
    fn activate_user [username] (c, username: String) -> Nothing { c.activate_user(&username).await.map(|()| Nothing) }

    /// Forces a user offline; true when the service confirmed it.
    fn disconnect_user [username] (c, username: String) -> bool { c.disconnect_user(&username).await }
}
