//! The records, enums and small objects of the operations, one file per
//! resource as the core's `src/api/` (and its models): what each language
//! sees of a user, a page, a token, a mute, ...

mod account;
mod attributes;
mod contacts;
mod devices;
mod mutes;
mod presence;
mod push;
mod tokens;
mod users;
mod webhooks;

pub use account::*;
pub use attributes::*;
pub use contacts::*;
pub use devices::*;
pub use mutes::*;
pub use presence::*;
pub use push::*;
pub use tokens::*;
pub use users::*;
pub use webhooks::*;
