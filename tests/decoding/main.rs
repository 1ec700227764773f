//! Decoding every response example of the reference, and every quirk of
//! limits-and-errors.md, through the public API (a scripted transport
//! answers with the documented bodies), one module per resource.

#[path = "../common/mod.rs"]
mod common;
mod errors;
mod social;
mod users;

use common::*;

/// A client whose every non-token request is answered with `status` and `body`.
fn answering(status: u16, body: &'static str) -> chat_platform::Client {
    let t = Scripted::new(move |r, _| {
        if is_token(r) {
            resp(200, TOKEN_OK)
        } else {
            resp(status, body)
        }
    });
    scripted_client(t, None)
}
