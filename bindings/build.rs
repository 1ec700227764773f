//! On macOS the library's install name is `@rpath/libchat_platform_ffi.dylib`
//! (the linker would record the build machine's path otherwise); JNA loads
//! it by path and Swift links the static library, so nothing resolves it.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libchat_platform_ffi.dylib");
    }
}
