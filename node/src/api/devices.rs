//! The devices a user is logged in on. The core's `src/api/devices.rs`, from JavaScript.

use super::prelude::*;

operations! {
    #[doc = " The devices a user is logged in on (empty when offline)."]
    fn list_devices("username: string, options?: CallOptions | null") (username: String) -> Vec<Device> {
        c => c.list_devices(&username).await.map(|d| d.into_iter().map(Device::from).collect())
    }

    #[doc = " Logs a user out of one device (`resource` from `listDevices`);"]
    #[doc = " resolves to false when that device was not online."]
    fn logout_device("username: string, resource: string, options?: CallOptions | null") (username: String, resource: String) -> bool {
        c => c.logout_device(&username, &resource).await
    }
}
