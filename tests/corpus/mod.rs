//! The real law texts in `../shared/corpus` (beside the repository), read
//! the one way every test and the native bench read them: by name, or all of
//! them in name order. A missing corpus fails with where it was looked for.
#![allow(dead_code)] // each includer uses the part it needs

use std::path::PathBuf;

/// The corpus folder.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The path of corpus text `name` (`budapest_convention_2001.txt`).
pub fn path(name: &str) -> PathBuf {
    dir().join(name)
}

/// The text of corpus file `name`.
pub fn text(name: &str) -> String {
    let path = path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every corpus text as (file name, text), in file name order.
pub fn all() -> Vec<(String, String)> {
    let dir = dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus is at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "expected the corpus texts in {}", dir.display());
    names
        .into_iter()
        .map(|name| {
            let text = text(&name);
            (name, text)
        })
        .collect()
}
