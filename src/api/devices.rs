//! A user's online devices, and logging one out.

use serde_json::Value;

use crate::call::{route, Call};
use crate::client::Client;
use crate::decode;
use crate::error::{Error, InOperation, Result};
use crate::models::Device;
use crate::transport::Method;
use crate::validate;

impl Client {
    /// The devices a user is logged in on (empty when offline).
    pub async fn list_devices(&self, username: &str) -> Result<Vec<Device>> {
        let path = route!("/users/{username}/resources", username);
        let call = Call::on_user("list_devices", Method::Get, path, username)?;
        self.answer(&call, devices).await
    }

    /// Logs a user out of one device (`resource` as [`Client::list_devices`]
    /// gives it: `android_123...`); true when the service logged it out,
    /// false when that device was not online.
    pub async fn logout_device(&self, username: &str, resource: &str) -> Result<bool> {
        const OP: &str = "logout_device";
        validate::username("username", username).in_op(OP)?;
        validate::path_id("resource", resource).in_op(OP)?;
        let path = route!(
            "/users/{username}/disconnect/{resource}",
            username,
            resource
        );
        let call = Call::new(OP, Method::Delete, path).about_user(username);
        self.answer(&call, decode::result_flag).await
    }
}

/// `data: [{res, device_uuid, device_name}]`.
pub(crate) fn devices(body: &[u8]) -> Result<Vec<Device>> {
    let m = decode::object(body)?;
    let items = match m.get("data") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(Error::decode("`data` is not a list of devices")),
    };
    items
        .iter()
        .map(|d| {
            let o = d
                .as_object()
                .ok_or_else(|| Error::decode("a device is not an object"))?;
            let resource = o
                .get("res")
                .or_else(|| o.get("resource"))
                .and_then(decode::as_string)
                .ok_or_else(|| Error::decode("a device has no `res`"))?;
            let platform = resource
                .split_once('_')
                .map_or(resource.as_str(), |(p, _)| p)
                .to_owned();
            Ok(Device {
                platform,
                device_uuid: o
                    .get("device_uuid")
                    .and_then(decode::as_string)
                    .filter(|s| !s.is_empty()),
                device_name: o
                    .get("device_name")
                    .and_then(decode::as_string)
                    .filter(|s| !s.is_empty()),
                resource,
            })
        })
        .collect()
}
