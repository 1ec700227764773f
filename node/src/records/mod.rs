//! What the operations return, as JavaScript objects: one file per resource
//! as the core's `src/api/` (and its models). The functions that need no
//! request (chat tokens, webhook checks) sit with their records.

mod attributes;
mod bulk;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;
mod webhooks;

pub(crate) use attributes::*;
pub(crate) use bulk::*;
pub(crate) use contacts::*;
pub(crate) use devices::*;
pub(crate) use mutes::*;
pub(crate) use presence::*;
pub(crate) use push::*;
pub(crate) use tokens::*;
pub(crate) use users::*;
