//! The devices a user is logged in on.

use chat_platform as core;
use pyo3::prelude::*;

use crate::json::to_py_value;

record! {
    /// One device a user is logged in on.
    PyDevice(core::Device) as "Device" {
        /// The resource as the service names it (`android_1a2b`): what `logout_device` takes.
        resource: String = |d| d.resource.clone(),
        /// `android`, `ios`, `web`, ...
        platform: String = |d| d.platform.clone(),
        /// The device's UUID, when reported.
        device_uuid: Option<String> = |d| d.device_uuid.clone(),
        /// The device's name, when reported.
        device_name: Option<String> = |d| d.device_name.clone(),
    }
}
