//! `uniffi-bindgen generate <library> --language kotlin|swift`: generates the
//! foreign bindings from the built library (library mode).
fn main() {
    uniffi::uniffi_bindgen_main()
}
