//! The emulator answers every route with the reference's envelopes, error
//! bodies, status codes and limits, one module per resource.

#[path = "../common/mod.rs"]
mod common;
mod robustness;
mod social;
mod users;

use chat_platform_emulator::{Emulator, EmulatorConfig};
use common::Api;

fn start() -> (Emulator, Api) {
    let emu = Emulator::start(EmulatorConfig::default()).unwrap();
    let api = Api::new(&emu);
    (emu, api)
}
