//! The shared guide's (docs/guide.md) repeat-safety table is the core's: every operation that
//! sends a request, with what a repeat does.

use chat_platform::effects::OPERATIONS;

#[test]
fn the_readme_table_is_the_cores() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/guide.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("What a repeat does"))
        .expect("a docs/guide.md section \"What a repeat does\"");
    let mut rows: Vec<(String, String)> = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let effect = cells[2].trim_matches('*').to_owned();
        for op in cells[1].split(", ") {
            rows.push((op.trim_matches('`').to_owned(), effect.clone()));
        }
    }
    let mut expected: Vec<(String, String)> = OPERATIONS
        .iter()
        .map(|(op, e)| ((*op).to_owned(), e.name().to_owned()))
        .collect();
    rows.sort();
    expected.sort();
    assert_eq!(rows, expected);
}
