//! Embeds the built-in data: every `rules/*.toml` file (the built-in rule
//! pack, so adding a rule file needs no change to the code) and
//! `data/principles.toml` (the scorecard's mapping). Each is converted to
//! JSON here, so the library reads them without a TOML parser: the browser
//! build leaves TOML out and is smaller for it.
//!
//! It also works out the prefixes of every built-in pattern for the
//! matcher's prefilter (`builtin_prefixes.bin`), with the very code the
//! matcher uses for packs loaded at run time: loading the built-in rules
//! then parses no pattern, which makes `new Checker()` many times faster.
//! Natively it also works out the literals that stand inside every match
//! (`builtin_inside.bin`), which spare most pattern runs.

// Shared with the crate; each side uses its half.
#[allow(dead_code)]
#[path = "src/matcher/prefixes.rs"]
mod prefixes;
#[allow(dead_code)]
#[path = "src/rules/spec.rs"]
mod spec;

use std::collections::BTreeSet;
use std::{env, fs, path::{Path, PathBuf}};

fn read(path: &Path) -> toml::Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

fn to_json(table: &toml::Table) -> String {
    serde_json::to_string(table).expect("a TOML table is valid JSON")
}

/// The browser build keeps each rule's first example of a text it flags (the
/// one the app shows) and no others: the rest are tests, and the test suite
/// runs natively with all of them. Every byte counts in a download.
fn keep_first_examples(pack: &mut toml::Table) {
    let Some(toml::Value::Array(rules)) = pack.get_mut("rules") else { return };
    for rule in rules {
        let Some(toml::Value::Table(examples)) = rule.get_mut("examples") else { continue };
        examples.remove("pass");
        if let Some(toml::Value::Array(list)) = examples.get_mut("flag") {
            list.truncate(1);
        }
    }
}

fn main() {
    // Read when the script runs, not when it was compiled: a build script
    // binary may be reused from a checkout elsewhere that shares the target dir.
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = root.as_path();
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files: Vec<_> = fs::read_dir(&rules)
        .expect("rules/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let browser = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let mut out = String::from(
        "/// The built-in packs: (file name, the file's rules as JSON).\npub const BUILTIN_PACKS: &[(&str, &str)] = &[\n",
    );
    let mut packs = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = format!("rules/{}", path.file_name().unwrap().to_string_lossy());
        let mut pack = read(path);
        if browser {
            keep_first_examples(&mut pack);
        }
        let json = to_json(&pack);
        packs.push(serde_json::from_str::<spec::PackSpec>(&json));
        out += &format!("    ({name:?}, {json:?}),\n");
    }
    out += "];\n";
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out_dir.join("builtin_rules.rs"), out).unwrap();

    // A pack with a mistake gets no table (the test suite reports the
    // mistake with the rule and field at fault); a pattern with one gets
    // no prefixes.
    // The literals inside matches spare most of the pattern runs natively,
    // but in the browser they would cost the checker's start (a larger
    // automaton to build) and the download: the browser's build has none.
    let (table, inside) = match packs.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(packs) => {
            let patterns: BTreeSet<&str> = packs.iter().flat_map(|pack| &pack.rules).flat_map(|rule| rule.patterns()).collect();
            let parsed: Vec<_> = patterns.into_iter().map(|pattern| prefixes::parse(pattern).ok()).collect();
            let entries: Vec<prefixes::Prefixes> = parsed.iter().map(|hir| hir.as_ref().and_then(prefixes::of)).collect();
            let inside = (!browser).then(|| {
                let sets: Vec<_> = parsed.iter().map(|hir| hir.as_ref().map(prefixes::inside).unwrap_or_default()).collect();
                prefixes::write_inside_table(&sets)
            });
            (prefixes::write_table(&entries), inside.unwrap_or_default())
        }
        Err(_) => (Vec::new(), Vec::new()),
    };
    fs::write(out_dir.join("builtin_prefixes.bin"), table).unwrap();
    fs::write(out_dir.join("builtin_inside.bin"), inside).unwrap();

    let principles = root.join("data/principles.toml");
    println!("cargo:rerun-if-changed={}", principles.display());
    fs::write(out_dir.join("principles.json"), to_json(&read(&principles))).unwrap();
}
