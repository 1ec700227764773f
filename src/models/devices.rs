//! A user's online devices.

use serde::Serialize;

/// One device a user is logged in on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Device {
    /// The resource as the service names it, `{platform}_{resource id}`
    /// (`android_123...`): what [`crate::Client::logout_device`] takes.
    pub resource: String,
    /// The platform: the resource's part before the first `_` (`android`,
    /// `ios`, `web`, ...).
    pub platform: String,
    /// The device's UUID, when the service reported one.
    pub device_uuid: Option<String>,
    /// The device's name, when the service reported one.
    pub device_name: Option<String>,
}
