//! Native benchmark: `cargo bench --bench native` prints check speed on the
//! corpus, time and peak memory at 0.1, 1 and 10 MB, and the cost of loading
//! the built-in rules and the heap the checker holds. Figures, not
//! assertions: record them in BENCHMARKS.md.

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use clauselens::{check, RuleSet};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live and peak heap bytes, to report memory per input size.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The corpus texts one after another, repeated to `bytes` (cut on a line).
pub fn text_of_size(corpus: &[(String, String)], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 100_000);
    while out.len() < bytes {
        for (_, text) in corpus {
            out.push_str(text);
            out.push_str("\n\n");
        }
    }
    let cut = out[..bytes].rfind('\n').unwrap_or(bytes);
    out.truncate(cut);
    out
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2], times[runs - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let corpus = corpus::all();
    let (min, med, max) = time(20, || drop(RuleSet::builtin()));
    println!("load built-in rules (lazy compile): min {:.2} ms, median {:.2} ms, max {:.2} ms", ms(min), ms(med), ms(max));
    let (min, med, max) = time(5, || drop(RuleSet::from_packs(&clauselens::rules::builtin_sources()).unwrap()));
    println!("load built-in rules, compiling every pattern: min {:.1} ms, median {:.1} ms, max {:.1} ms", ms(min), ms(med), ms(max));
    let before_rules = LIVE.load(Ordering::Relaxed);
    let rules = RuleSet::builtin();
    let rules_heap = LIVE.load(Ordering::Relaxed) - before_rules;
    println!("{} rules, {:.1} MB of heap", rules.rules.len(), rules_heap as f64 / 1e6);

    println!("\ncorpus texts (one core):");
    let mut total_bytes = 0;
    let mut total_time = 0.0;
    for (name, text) in &corpus {
        let (min, med, max) = time(15, || drop(check(text, &rules)));
        total_bytes += text.len();
        total_time += med.as_secs_f64();
        println!(
            "  {name:<48} {:>7} B  min {:.2} ms  median {:.2} ms  max {:.2} ms  {:.0} MB/s",
            text.len(),
            ms(min),
            ms(med),
            ms(max),
            text.len() as f64 / med.as_secs_f64() / 1e6
        );
    }
    println!("  all corpus texts: {:.0} MB/s (median times)", total_bytes as f64 / total_time / 1e6);
    let held = LIVE.load(Ordering::Relaxed) - before_rules - rules_heap;
    println!("  then held by the checker (patterns compiled, DFA caches): {:.1} MB of heap", held as f64 / 1e6);

    println!("\nscale (one core; peak heap during the check, input excluded):");
    for (label, size, runs) in [("0.1 MB", 100_000, 15), ("1 MB", 1_000_000, 9), ("10 MB", 10_000_000, 3)] {
        let text = text_of_size(&corpus, size);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let (min, med, max) = time(runs, || drop(check(&text, &rules)));
        let peak = PEAK.load(Ordering::Relaxed) - before;
        println!(
            "  {label:>6}: min {:.1} ms  median {:.1} ms  max {:.1} ms  {:.0} MB/s  peak heap {:.1} MB ({:.2}x input)",
            ms(min),
            ms(med),
            ms(max),
            text.len() as f64 / med.as_secs_f64() / 1e6,
            peak as f64 / 1e6,
            peak as f64 / text.len() as f64
        );
    }
}
