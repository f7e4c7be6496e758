//! Segmentation of any text: `Document::parse` must not panic or hang, and
//! its unit tree must nest, stay in bounds and keep to character boundaries.
#![no_main]

use clauselens::Document;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document::parse(&text);
    invariants::assert_document_valid(&text, &doc);
    if text.len() < 4096 {
        invariants::assert_innermost_valid(&text, &doc);
    }
});
