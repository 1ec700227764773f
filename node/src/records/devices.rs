//! The devices a user is logged in on.

use chat_platform as core;
use napi_derive::napi;

/// One device a user is logged in on.
#[napi(object)]
pub struct Device {
    /// The resource as the service names it (`android_1a2b`): what `logoutDevice` takes.
    pub resource: String,
    /// `android`, `ios`, `web`, ...
    pub platform: String,
    /// The device's UUID, when reported.
    pub device_uuid: Option<String>,
    /// The device's name, when reported.
    pub device_name: Option<String>,
}

impl From<core::Device> for Device {
    fn from(d: core::Device) -> Self {
        Device {
            resource: d.resource,
            platform: d.platform,
            device_uuid: d.device_uuid,
            device_name: d.device_name,
        }
    }
}
