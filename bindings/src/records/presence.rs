//! Presence and offline message delivery.

use chat_platform as core;

/// Whether a user is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Presence {
    /// Connected.
    Online,
    /// Not connected.
    Offline,
}

impl From<core::Presence> for Presence {
    fn from(p: core::Presence) -> Self {
        match p {
            core::Presence::Online => Presence::Online,
            core::Presence::Offline => Presence::Offline,
        }
    }
}

/// The presence of one user of a batch query.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UserPresence {
    /// The username as asked.
    pub username: String,
    /// Its presence.
    pub presence: Presence,
}

impl From<core::UserPresence> for UserPresence {
    fn from(p: core::UserPresence) -> Self {
        UserPresence {
            username: p.username,
            presence: p.presence.into(),
        }
    }
}

/// Delivery status of an offline message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum DeliveryStatus {
    /// Delivered.
    Delivered,
    /// Still waiting.
    Undelivered,
}

impl From<core::DeliveryStatus> for DeliveryStatus {
    fn from(d: core::DeliveryStatus) -> Self {
        match d {
            core::DeliveryStatus::Delivered => DeliveryStatus::Delivered,
            core::DeliveryStatus::Undelivered => DeliveryStatus::Undelivered,
        }
    }
}
