//! Response decoding must never panic, whatever the service (or a proxy) sends.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    chat_platform::__fuzz::decode_everything(data);
});
