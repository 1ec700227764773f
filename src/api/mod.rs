//! The operations, one file per resource.

mod account;
mod attributes;
mod blocks;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;

pub use attributes::Attributes;
