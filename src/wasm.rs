//! The browser's way in: a `Checker` class exported with wasm-bindgen.
//!
//! ```js
//! import init, { Checker } from './pkg/clauselens.js';
//! await init();
//! const checker = new Checker();             // the built-in rule pack
//! const report = checker.check(text);        // offsets are UTF-16, as JS indexes
//! const again = checker.recheck(edited);     // the same report, quicker after an edit
//! const next = checker.recheckEdit(from, to, typed); // the same, given only the edit
//! const diff = checker.compare(draft, final); // changes concern by concern
//! const card = checker.scorecard(text);      // the 13 N&P principles
//! ```
//!
//! `compare` and `scorecard` (and their Markdown forms) exist only in the
//! build with the `compare` feature: the page loads that build when the
//! person compares two texts or opens the scorecard, and keeps the first
//! load small.
//!
//! Errors cross as JS `Error`s whose message is one readable line; a rule
//! pack error also carries `file`, `rule` and `field` properties.
//!
//! Wasm memory grows and never shrinks, so what crosses the boundary is
//! sized with care: a text comes in as exactly its UTF-8 bytes, and a report
//! goes out as JSON in small pieces that are joined and parsed on the
//! JavaScript side.

use crate::incremental::Rechecker;
use crate::rules::{PackError, RuleSet};
use js_sys::{Array, JsString, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsString) -> Uint8Array;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json(text: &JsString) -> Result<JsValue, JsValue>;
}

/// Checks text against a rule pack.
#[wasm_bindgen]
pub struct Checker {
    rules: RuleSet,
    /// The last text given to `recheck`, for the next, most likely an edit of it.
    rechecker: Rechecker,
}

#[wasm_bindgen]
impl Checker {
    /// A checker with the built-in rule pack.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Checker {
        console_error_panic_hook::set_once();
        Checker { rules: RuleSet::builtin(), rechecker: Rechecker::new() }
    }

    /// A checker with the rules of `pack`, a plain object shaped like a TOML
    /// pack (`{ rules: [{ id, category, severity, ... }] }`; the page parses
    /// a TOML file itself). `name`, the pack's file name, is used in errors.
    #[wasm_bindgen(js_name = withRules)]
    pub fn with_rules(pack: JsValue, name: Option<String>) -> Result<Checker, JsValue> {
        console_error_panic_hook::set_once();
        let file = name.unwrap_or_else(|| "<rules>".into());
        // Read as JSON text: one reader for packs, whichever way they come.
        let json = js_sys::JSON::stringify(&pack).ok().and_then(|json| json.as_string());
        let value: serde_json::Value = json.as_deref().map(serde_json::from_str).and_then(Result::ok).ok_or_else(|| {
            pack_error(&PackError { file: file.clone(), rule: None, field: None, message: "not a rule pack: give an object such as { rules: [...] }".into() })
        })?;
        RuleSet::from_value(&file, value).map(|rules| Checker { rules, rechecker: Rechecker::new() }).map_err(|e| pack_error(&e))
    }

    /// Checks `text`; returns the report (see `docs/report.md`).
    pub fn check(&self, text: &JsString) -> Result<JsValue, JsValue> {
        let report = crate::check(&utf8(text, 0)?, &self.rules);
        to_js(&report)
    }

    /// Checks `text` as `check` does; quicker when `text` is an edit of the
    /// last text given to `recheck`, whose units and findings the checker
    /// keeps (see `src/incremental.rs`). Returns the report, or, when it
    /// follows from the one the last `recheck` returned, the changes to that
    /// one: a report of only the new findings, with `kept` (for each finding
    /// in order, its index in that report, or -1 for the next new one),
    /// `ids` (each finding's id) and `moved` (where the edit began, the
    /// bytes and UTF-16 units it took out and put in, and the UTF-16 offset
    /// after which kept passages moved). `www/js/report-changes.js` puts the
    /// report together.
    pub fn recheck(&mut self, text: &JsString) -> Result<JsValue, JsValue> {
        let text = utf8(text, crate::incremental::ROOM)?;
        self.rechecker.check(text, &self.rules);
        self.recheck_reply()
    }

    /// `recheck` of the last text given to `recheck` with its UTF-16
    /// `from..to` replaced by `inserted`: after a key only the key crosses
    /// into the Wasm, not the whole text. Fails, changing nothing, when the
    /// checker holds no text or `from..to` is not between its characters.
    #[wasm_bindgen(js_name = recheckEdit)]
    pub fn recheck_edit(&mut self, from: u32, to: u32, inserted: &JsString) -> Result<JsValue, JsValue> {
        let inserted = utf8(inserted, 0)?;
        if self.rechecker.edit(from as usize, to as usize, &inserted, &self.rules).is_none() {
            return Err(js_sys::Error::new("the edit does not fit the text the checker holds").into());
        }
        self.recheck_reply()
    }
}

impl Checker {
    /// The last recheck's report, or its changes (see `recheck`).
    fn recheck_reply(&self) -> Result<JsValue, JsValue> {
        let Some(changes) = self.rechecker.changes() else {
            return self.rechecker.report().map_or(Ok(JsValue::NULL), to_js);
        };
        let report = changes.report;
        let kept: Vec<i32> = changes.kept.iter().map(|k| k.map_or(-1, |i| i as i32)).collect();
        let ids: Array = report.findings.iter().map(|f| JsValue::from_str(&f.id)).collect();
        let m = changes.moved;
        let moved: Array = [m.at, m.bytes_out, m.bytes_in, m.utf16_out, m.utf16_in, m.after16].iter().map(|&n| JsValue::from_f64(n as f64)).collect();
        let added = changes.report.findings.iter().zip(changes.kept).filter(|(_, k)| k.is_none()).map(|(f, _)| f.clone()).collect();
        let out = to_js(&crate::Report { version: report.version, findings: added, summary: report.summary.clone() })?;
        for (key, value) in [("kept", js_sys::Int32Array::from(&kept[..]).into()), ("ids", ids.into()), ("moved", moved.into())] {
            js_sys::Reflect::set(&out, &JsValue::from_str(key), &value)?;
        }
        Ok(out)
    }
}

#[wasm_bindgen]
impl Checker {
    #[cfg(feature = "compare")]
    /// Checks texts `a` (earlier) and `b` (later) and compares them: both
    /// reports, the provisions paired, the findings paired, and the changes
    /// concern by concern (see `docs/compare-and-scorecard.md`).
    pub fn compare(&self, a: &JsString, b: &JsString) -> Result<JsValue, JsValue> {
        to_js(&crate::compare::compare(&utf8(a, 0)?, &utf8(b, 0)?, &self.rules))
    }

    #[cfg(feature = "compare")]
    /// Checks `text` and scores it against the 13 Necessary and Proportionate
    /// principles. Its findings' ids are those `check(text)` gives.
    pub fn scorecard(&self, text: &JsString) -> Result<JsValue, JsValue> {
        let text = utf8(text, 0)?;
        let report = crate::check(&text, &self.rules);
        to_js(&crate::scorecard::score(&text, &report))
    }

    #[cfg(feature = "compare")]
    /// The comparison of `a` and `b` as Markdown, as `clauselens compare
    /// --format markdown` prints it, naming the texts `name_a` and `name_b`.
    /// With `categories` not empty, only the changes of those categories.
    #[wasm_bindgen(js_name = compareMarkdown)]
    pub fn compare_markdown(&self, a: &str, b: &str, name_a: &str, name_b: &str, categories: Vec<String>) -> String {
        let mut comparison = crate::compare::compare(a, b, &self.rules);
        if !categories.is_empty() {
            comparison.only(&categories);
        }
        crate::compare::markdown(&comparison, name_a, name_b)
    }

    #[cfg(feature = "compare")]
    /// The scorecard of `text` as a Markdown section, as `clauselens check
    /// --scorecard --format markdown` prints it for a document called `name`.
    #[wasm_bindgen(js_name = scorecardMarkdown)]
    pub fn scorecard_markdown(&self, text: &str, name: &str) -> String {
        let report = crate::check(text, &self.rules);
        crate::scorecard::markdown(&crate::scorecard::score(text, &report), name)
    }

    /// Every rule's id, category, severity, title and documentation.
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        let specs: Vec<_> = self.rules.rules.iter().map(|r| &r.spec).collect();
        to_js(&specs)
    }

    /// The ClauseLens version.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

impl Default for Checker {
    fn default() -> Self {
        Checker::new()
    }
}

/// The UTF-8 bytes of a JavaScript string, encoded by the browser. The glue
/// that wasm-bindgen makes for a `&str` reserves three bytes per character
/// in Wasm memory before it knows the length; this reserves exactly one copy,
/// and `room` bytes more (to edit it in place).
fn utf8(text: &JsString, room: usize) -> Result<String, JsValue> {
    let encoded = TextEncoder::new().encode(text);
    let mut bytes = Vec::with_capacity(encoded.length() as usize + room);
    bytes.resize(encoded.length() as usize, 0);
    encoded.copy_to(&mut bytes);
    // TextEncoder writes valid UTF-8 (a lone surrogate becomes U+FFFD).
    String::from_utf8(bytes).map_err(|_| js_sys::Error::new("the text could not be read as Unicode").into())
}

/// Hands a value to JavaScript as plain objects. One `JSON.parse` costs far
/// less than creating thousands of small objects across the boundary one
/// property at a time; the JSON goes out in pieces (see [`JsonPieces`]).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let mut out = JsonPieces { pending: Vec::new(), pieces: Array::new() };
    serde_json::to_writer(&mut out, value).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    out.send(out.pending.len());
    parse_json(&out.pieces.join(""))
}

/// JSON written as JavaScript strings of about [`JsonPieces::SIZE`] bytes,
/// so that a large report's JSON is never whole in Wasm memory.
struct JsonPieces {
    pending: Vec<u8>,
    pieces: Array,
}

impl JsonPieces {
    const SIZE: usize = 64 * 1024;

    /// Sends the first `len` pending bytes, less any character they cut.
    fn send(&mut self, len: usize) {
        let whole = match std::str::from_utf8(&self.pending[..len]) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&self.pending[..e.valid_up_to()]).unwrap_or_default(),
        };
        let sent = whole.len();
        self.pieces.push(&JsValue::from_str(whole));
        self.pending.drain(..sent);
    }
}

impl std::io::Write for JsonPieces {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= Self::SIZE {
            self.send(self.pending.len());
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn pack_error(e: &PackError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let set = |key: &str, value: Option<&str>| {
        let value = value.map_or(JsValue::NULL, JsValue::from_str);
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("file", Some(&e.file));
    set("rule", e.rule.as_deref());
    set("field", e.field.as_deref());
    error.set_name("RulePackError");
    error.into()
}
