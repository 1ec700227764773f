//! The usernames an input has shown, to find the duplicates in a file of
//! millions of rows in little memory: a 64-bit digest of each (lower case)
//! in one of 65,536 sorted runs chosen by the digest's top bits. About 9
//! bytes a row (a hash set needs twice that, and three times while it grows:
//! 19 MB and 28 MB at a million rows).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

const RUNS: usize = 1 << 16;

pub struct Seen {
    runs: Vec<Vec<u64>>,
}

impl Default for Seen {
    fn default() -> Self {
        Seen {
            runs: vec![Vec::new(); RUNS],
        }
    }
}

impl Seen {
    /// Records `username` (compared ignoring ASCII case): false when it was
    /// seen before.
    pub fn insert(&mut self, username: &str) -> bool {
        let mut h = DefaultHasher::new();
        username.to_ascii_lowercase().hash(&mut h);
        let digest = h.finish();
        let run = &mut self.runs[(digest >> 48) as usize];
        match run.binary_search(&digest) {
            Ok(_) => false,
            Err(at) => {
                if run.len() == run.capacity() {
                    // Grows by an eighth, not twice: little room unused.
                    run.reserve_exact((run.len() / 8).max(4));
                }
                run.insert(at, digest);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn a_username_is_new_once_whatever_its_case() {
        let mut seen = Seen::default();
        assert!(seen.insert("alice"));
        assert!(seen.insert("bob"));
        assert!(!seen.insert("alice"));
        assert!(!seen.insert("ALICE"));
        assert!(!seen.insert("Bob"));
        assert!(seen.insert("carol"));
    }

    #[test]
    fn a_million_usernames_are_each_new_once_in_little_room() {
        let mut seen = Seen::default();
        let n = 1_000_000;
        for i in 0..n {
            assert!(seen.insert(&format!("user-{i}")), "user-{i} first time");
        }
        for i in (0..n).step_by(7919) {
            assert!(!seen.insert(&format!("USER-{i}")), "user-{i} again");
        }
        let stored: usize = seen.runs.iter().map(Vec::len).sum();
        assert_eq!(stored, n);
        // Room for at most a fifth more than held: under 10 MB for a million.
        let room: usize = seen.runs.iter().map(Vec::capacity).sum();
        assert!(room < n * 6 / 5, "{room} slots for {n} digests");
    }
}
