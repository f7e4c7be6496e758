//! The checker's side of typing, in Node with the browser's Wasm build: the
//! same keys as `bench/typing.mjs` (the start of a sentence typed key by key
//! at 20, 50 and 80% of a 1 MB document, then `y`, Backspace, a space in a
//! highlighted clause and a letter in a heading), each given to
//! `Checker.recheckEdit` and its changes applied as the worker does, then
//! the edits that change how the text is split: an article heading typed
//! key by key and taken out again, a heading pasted and cut, a marker
//! typed, a short line typed at three places (the third makes it a running
//! header); then keys in a 10 MB document. Beside them a whole `check` of
//! the same text, and Wasm memory (it never shrinks: its size is the peak).
//! The same edits in 10 MB run in a fresh process (`--size 10000000`), for
//! its own peak. Figures, not assertions: record them in BENCHMARKS.md. The
//! last report is compared with a whole check's.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadPackage } from '../scripts/lib/wasm.mjs';
import { applyChanges } from '../www/js/report-changes.js';
import { corpus, textOfSize } from './corpus.mjs';

const PREFIX = 'Any person who publishes false news shall be guilt';
const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1_000_000;

const pkg = await loadPackage();
// The instance's exports (initialised already: this returns them).
const wasm = pkg.initSync({});
const memory = () => wasm.memory.buffer.byteLength;
// What a checker keeps whatever it checks (patterns compiled, DFA caches)
// is the constant; what the text adds on top grows with the input.
const warmUp = new pkg.Checker();
for (const t of corpus) warmUp.check(t);
warmUp.free();

const checker = new pkg.Checker();
const warm = memory();
let text = textOfSize(size);
let report = checker.recheck(text);
const first = memory();
const times = new Map();
// Every edit's time, with what it was, for the slowest.
const edits = [];

/** Replaces `removed` characters at `at` with `typed`, as the worker is told; times it under `kind`. */
const edit = (at, removed, typed, kind) => {
  const started = performance.now();
  const reply = checker.recheckEdit(at, at + removed, typed);
  report = reply.moved ? applyChanges(report, reply) : reply;
  const ms = performance.now() - started;
  text = text.slice(0, at) + typed + text.slice(at + removed);
  if (!times.has(kind)) times.set(kind, []);
  times.get(kind).push(ms);
  edits.push({ ms, kind, what: removed ? `${removed} out${typed ? `, ${JSON.stringify(typed)} in` : ''}` : JSON.stringify(typed), at: (at / text.length * 100).toFixed(0) });
};
const type = (at, typed, kind) => [...typed].forEach((key, i) => edit(at + i, 0, key, kind));

for (const fraction of [0.2, 0.5, 0.8]) {
  const heading = text.indexOf('Article  2  \n\nIllegal access', Math.floor(text.length * fraction));
  type(heading, PREFIX, 'the keys of the sentences');
  const end = heading + PREFIX.length;
  edit(end, 0, 'y', 'the measured edits (as typing.mjs)');
  edit(end, 1, '', 'the measured edits (as typing.mjs)');
  const clause = text.indexOf('when committed intentionally, the access', heading) + 'when committed intentionally, the'.length;
  edit(clause, 0, ' ', 'the measured edits (as typing.mjs)');
  edit(text.indexOf('Illegal access', heading) + 'Illegal'.length, 0, 'x', 'the measured edits (as typing.mjs)');

  const next = text.indexOf('Article  3', heading);
  type(next, 'Article  2A\n\n', 'an article heading typed key by key');
  for (let i = 0; i < 'Article  2A\n\n'.length; i++) edit(next, 1, '', 'the same taken out key by key');
  edit(next, 0, 'Article  2A\n\nFalse news\n\n', 'a heading pasted, then cut');
  edit(next, 'Article  2A\n\nFalse news\n\n'.length, '', 'a heading pasted, then cut');
  const line = text.indexOf('\n', text.indexOf('Article  3', heading) + 20) + 1;
  type(line, '(a) ', 'a marker typed at a line\'s start');
  type(text.indexOf('\n', line) + 1, 'Draft for consultation\n', 'a short line typed (the third time, a running header)');
}
const typed = memory();

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} ms, median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
const mb = (bytes) => `${((bytes - warm) / 1e6).toFixed(1)} MB, ${((bytes - warm) / text.length).toFixed(2)}x the input`;
const name = `${size / 1e6} MB`;
console.log(`${name} document, recheckEdit + applyChanges, as the worker checks:`);
for (const [kind, values] of times) console.log(`  ${kind} (${values.length}): ${stats(values)}`);
const all = [...times.values()].flat();
console.log(`  every edit (${all.length}): ${stats(all)}`);
const slowest = [...edits].sort((a, b) => b.ms - a.ms).slice(0, 3);
console.log(`  slowest: ${slowest.map((e) => `${e.ms.toFixed(1)} ms (${e.kind}: ${e.what} at ${e.at}%)`).join('; ')}`);
console.log(`  Wasm memory above the constant: first text ${mb(first)}; after all the edits ${mb(typed)}`);
const same = JSON.stringify(report) === JSON.stringify(checker.check(text));
console.log(`  the last report ${same ? 'equals' : 'DIFFERS FROM'} a whole check's`);
if (sizeArg > 0) process.exit(0);

const whole = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  checker.check(text);
  whole.push(performance.now() - started);
}
console.log(`  check, the whole 1 MB: ${stats(whole)}`);

// A fresh instance's memory would be needed for the 10 MB peak: only times here.
const big = new pkg.Checker();
let bigText = textOfSize(10_000_000);
big.recheck(bigText);
const bigTimes = { 'in the middle': [], 'near the end': [] };
for (const [kind, at] of [['in the middle', Math.floor(bigText.length / 2)], ['near the end', bigText.length - 3000]]) {
  const clause = bigText.indexOf('shall', at) + 'shall'.length;
  for (const [i, key] of [...' not'].entries()) {
    const started = performance.now();
    big.recheckEdit(clause + i, clause + i, key);
    bigTimes[kind].push(performance.now() - started);
  }
  bigText = `${bigText.slice(0, clause)} not${bigText.slice(clause)}`;
}
console.log('10 MB document, recheckEdit (changes not applied):');
for (const [kind, values] of Object.entries(bigTimes)) console.log(`  a key ${kind} (${values.length}): ${stats(values)}`);

// The same edits in 10 MB, in a fresh process: its own memory peak.
console.log(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--size', '10000000'], { encoding: 'utf8' }).trimEnd());
