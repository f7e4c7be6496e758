//! The instructions one check of a text takes, counted by callgrind:
//! `bash scripts/instructions [BYTES]` builds this and runs it under
//! valgrind. On a shared machine the clock moves by more than most
//! changes, and instruction counts do not; the figures in BENCHMARKS.md's
//! "Native run" blocks are this program's.
//!
//! It checks the corpus texts, repeated to BYTES (1 MB unless told), twice
//! and counts the second check only (`measured`): the first compiles the
//! patterns it needs and fills the DFAs' caches, as a checker that has
//! checked a text already would have them. It prints the number of
//! findings and the heap allocations a measured check makes.
//!
//! With REPEAT (`instructions BYTES REPEAT`), the measured check runs that
//! many times: `bash scripts/profile` samples them with `perf`, to see
//! where the time goes. Instructions and time differ: a walk through a
//! large automaton waits on memory for every byte, which callgrind counts
//! as a few instructions.

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use clauselens::{check, RuleSet};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts allocations, to report them per check.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) }
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(p, layout, size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The corpus texts one after another, repeated to `bytes` (cut on a line),
/// as the native bench makes them.
fn text_of_size(bytes: usize) -> String {
    let corpus = corpus::all();
    let mut out = String::with_capacity(bytes + 100_000);
    while out.len() < bytes {
        for (_, text) in &corpus {
            out.push_str(text);
            out.push_str("\n\n");
        }
    }
    let cut = out[..bytes].rfind('\n').unwrap_or(bytes);
    out.truncate(cut);
    out
}

/// The check callgrind counts (`--toggle-collect='*measured*'`).
#[inline(never)]
fn measured(text: &str, rules: &RuleSet) -> usize {
    check(text, rules).findings.len()
}

fn main() {
    let bytes = std::env::args().nth(1).map_or(1_000_000, |b| b.parse().expect("BYTES is a number"));
    let repeat = std::env::args().nth(2).map_or(1, |r| r.parse().expect("REPEAT is a number"));
    let text = text_of_size(bytes);
    let rules = RuleSet::builtin();
    let first = check(&text, &rules).findings.len();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let mut second = 0;
    for _ in 0..repeat {
        second = measured(&text, &rules);
    }
    let allocations = (ALLOCATIONS.load(Ordering::Relaxed) - before) / repeat;
    assert_eq!(first, second, "two checks of one text differ");
    println!("{} bytes: {second} findings, {allocations} allocations a measured check", text.len());
}
