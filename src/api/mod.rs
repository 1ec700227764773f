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

/// Runs the decoders of the operations beyond the reference on `body` (the
/// fuzz targets); returns how many accepted it. Must never panic.
pub(crate) fn decode_beyond(body: &[u8]) -> usize {
    let mut ok = 0;
    ok += tokens::user_token(body).is_ok() as usize;
    ok += devices::devices(body).is_ok() as usize;
    ok += attributes::attribute_map(body).is_ok() as usize;
    ok += mutes::mute_status(body, "user1").is_ok() as usize;
    ok += mutes::mute_page(body, 1, Some(10)).is_ok() as usize;
    ok += contacts::contact_page(body).is_ok() as usize;
    ok += push::push_setting(body).is_ok() as usize;
    ok += push::language(body).is_ok() as usize;
    ok += crate::webhook::verify(body, "secret").is_ok_and(|v| v.is_valid()) as usize;
    ok += crate::chat_token::parse(&String::from_utf8_lossy(body)).is_ok() as usize;
    ok
}
