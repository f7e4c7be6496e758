//! Reads the data files people write (rule packs, the principle mapping) in
//! TOML or JSON into one JSON value, so the rest of the crate checks one shape.
//!
//! The browser build has no TOML parser (the page parses TOML itself and
//! hands over an object); its built-in data is converted to JSON at build
//! time by `build.rs`.

/// Parses `text` from the file `name`: JSON when the name ends in `.json` or
/// the text starts with `{`, TOML otherwise.
pub fn parse(name: &str, text: &str) -> Result<serde_json::Value, String> {
    let json = name.to_ascii_lowercase().ends_with(".json") || text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
    if json {
        return serde_json::from_str(text).map_err(|e| format!("not valid JSON: {}", one_line(&e.to_string())));
    }
    parse_toml(text)
}

#[cfg(feature = "toml")]
fn parse_toml(text: &str) -> Result<serde_json::Value, String> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| format!("not valid TOML: {}", one_line(&e.to_string())))?;
    serde_json::to_value(table).map_err(|e| e.to_string())
}

#[cfg(not(feature = "toml"))]
fn parse_toml(_: &str) -> Result<serde_json::Value, String> {
    Err("this build reads JSON only; convert the TOML to JSON first".into())
}

/// Folds a multi-line message into one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
