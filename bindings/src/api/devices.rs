//! The devices a user is logged in on. The core's `src/api/devices.rs`, from Kotlin and Swift.

use super::prelude::*;

operations! {
    /// The devices a user is logged in on (empty when offline).
    fn list_devices(username: String) -> Vec<Device> {
        c => c.list_devices(&username).await.map(|d| d.into_iter().map(Device::from).collect())
    }

    /// Logs a user out of one device (`resource` from `listDevices`); false
    /// when that device was not online.
    fn logout_device(username: String, resource: String) -> bool {
        c => c.logout_device(&username, &resource).await
    }
}
