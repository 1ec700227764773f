//! The operations, one file per resource.

mod account;
mod blocks;
mod contacts;
mod presence;
mod users;
