fn main() {
    napi_build::setup();
    // On macOS the addon's install name says what it is, not the build
    // machine's path (Node loads it by path; nothing resolves the name).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/chat-platform.node");
    }
}
