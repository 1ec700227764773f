//! The crate README's Rust example (docs/rust.md, what crates.io shows) is
//! examples/readme.rs verbatim (which the compiler checks with every
//! `cargo test --all-targets`).

#[test]
fn readme_rust_block_is_the_compiled_example() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{repo}/docs/rust.md")).unwrap();
    let section = readme
        .split_once("\n## Quick start")
        .expect("docs/rust.md has a Quick start section")
        .1;
    let section = section.split_once("\n## ").map_or(section, |(s, _)| s);
    let block = section
        .split_once("```rust\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the Quick start section has a ```rust block")
        .0;
    let example = std::fs::read_to_string(format!("{repo}/examples/readme.rs")).unwrap();
    let marked = example
        .split_once("    // README begin\n")
        .and_then(|(_, rest)| rest.split_once("    // README end\n"))
        .expect("examples/readme.rs has the README markers")
        .0;
    let unindented: String = marked
        .lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        unindented, block,
        "docs/rust.md's Rust block must match examples/readme.rs between the markers"
    );
}
