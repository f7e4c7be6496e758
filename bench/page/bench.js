// The browser side of the benchmark: the real Wasm checker against a plain
// JavaScript checker that runs the same rule patterns with RegExp.
import init, { Checker } from '/www/pkg/clauselens.js';

const wasm = await init();

/** Every pattern of every rule, converted to JavaScript syntax. */
function patternsOf(rules) {
  const out = [];
  for (const r of rules) {
    const lists = [r.triggers, r.requires, r.unless, r.expects,
      ...(r.mitigations ?? []).map((m) => m.patterns), ...(r.context ?? []).map((m) => m.patterns)];
    for (const list of lists) for (const p of list ?? []) out.push(p.replaceAll('(?P<', '(?<'));
  }
  return out;
}

/**
 * The honest alternative: one RegExp per pattern with `gi` flags over the
 * text, collecting every match (pattern, index, length).
 */
function plainCheck(regexps, text) {
  const matches = [];
  for (let i = 0; i < regexps.length; i++) {
    for (const m of text.matchAll(regexps[i])) matches.push([i, m.index, m[0].length]);
  }
  return matches;
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

function timeIt(runs, f) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  return { ...stats(times), first: times[0], result };
}

window.bench = {
  /**
   * Time from `new Checker()` to ready, rules included; `first` is the
   * first call in the page, which also compiles the code it runs.
   */
  start(runs) {
    return timeIt(runs, () => new Checker().free());
  },
  /** The Wasm check and the plain-JS baseline, interleaved, on `text`. */
  compare(text, runs) {
    const checker = new Checker();
    const sources = patternsOf(checker.rules());
    const compile = timeIt(1, () => sources.map((p) => new RegExp(p, 'gi')));
    const regexps = compile.result;
    checker.check(text); // first use compiles the patterns it needs
    plainCheck(regexps, text);
    const wasmTimes = [];
    const jsTimes = [];
    let findings = 0;
    let matches = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      findings = checker.check(text).findings.length;
      wasmTimes.push(performance.now() - t);
      t = performance.now();
      matches = plainCheck(regexps, text).length;
      jsTimes.push(performance.now() - t);
    }
    checker.free();
    return { wasm: stats(wasmTimes), js: stats(jsTimes), patterns: sources.length, findings, matches };
  },
  /**
   * The compare build, as the app loads it on demand: the time to import and
   * start it, then comparing `a` with `b` and scoring `a`.
   */
  async compareBuild(a, b, runs) {
    const started = performance.now();
    const module = await import('/www/pkg-compare/clauselens_compare.js');
    await module.default();
    const checker = new module.Checker();
    const load = performance.now() - started;
    const compare = timeIt(runs, () => checker.compare(a, b).changes.length);
    const scorecard = timeIt(runs, () => checker.scorecard(a).principles.length);
    checker.free();
    return { load, compare, scorecard, changes: compare.result };
  },
  /**
   * Wasm memory after checking `text` once in this fresh page. With
   * `warmUp` texts, those are checked first, so that the patterns they use
   * are compiled and their DFA caches filled (memory that a checker keeps,
   * whatever it checks next); `warm` is the memory after that.
   */
  memory(text, warmUp = []) {
    const before = wasm.memory.buffer.byteLength;
    const checker = new Checker();
    for (const t of warmUp) checker.check(t);
    const warm = wasm.memory.buffer.byteLength;
    const t = performance.now();
    checker.check(text);
    const ms = performance.now() - t;
    return { before, warm, after: wasm.memory.buffer.byteLength, ms };
  },
  /**
   * The same for the app's way, `recheck` and then `recheckEdit` (the
   * worker gives the core each edit), which keeps the last text, its clean
   * form, units and report: memory after the first text, after a key typed
   * in its middle (re-read around the key), and after a key at its very
   * start (before any unit).
   */
  recheckMemory(text, warmUp = []) {
    const before = wasm.memory.buffer.byteLength;
    const checker = new Checker();
    for (const t of warmUp) checker.check(t);
    const warm = wasm.memory.buffer.byteLength;
    checker.recheck(text);
    const first = wasm.memory.buffer.byteLength;
    const middle = Math.floor(text.length / 2);
    let t = performance.now();
    const partly = checker.recheckEdit(middle, middle, 'y').moved !== undefined;
    const keyMs = performance.now() - t;
    const key = wasm.memory.buffer.byteLength;
    t = performance.now();
    const whole = checker.recheckEdit(0, 0, 'y').moved === undefined;
    const startMs = performance.now() - t;
    return { before, warm, first, key, keyMs, partly, start: wasm.memory.buffer.byteLength, startMs, whole };
  },
};
window.benchReady = true;
