//! The devices a user is logged in on. The core's `src/api/devices.rs`, from Python.

use super::prelude::*;

operations! {
    /// The devices a user is logged in on (empty when offline).
    fn list_devices [username] (c, username: String) -> Vec<PyDevice> {
        c.list_devices(&username).await.map(|d| d.into_iter().map(PyDevice).collect::<Vec<_>>())
    }

    /// Logs a user out of one device (`resource` from `list_devices`); False
    /// when that device was not online.
    fn logout_device [username, resource] (c, username: String, resource: String) -> bool {
        c.logout_device(&username, &resource).await
    }
}
