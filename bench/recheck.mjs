//! The checker's side of typing, in Node with the browser's Wasm build: the
//! same keys as `bench/typing.mjs` (the start of a sentence typed key by key
//! at 20, 50 and 80% of a 1 MB document, then `y`, Backspace, a space in a
//! highlighted clause and a letter in a heading), each checked with
//! `Checker.recheck` and its changes applied as the worker does, side by
//! side with a whole `check` of the same text. Figures, not assertions:
//! record them in BENCHMARKS.md. The last report is compared with a whole
//! check's.

import { loadPackage } from '../scripts/lib/wasm.mjs';
import { applyChanges } from '../www/js/report-changes.js';
import { textOfSize } from './corpus.mjs';

const PREFIX = 'Any person who publishes false news shall be guilt';

const pkg = await loadPackage();
const checker = new pkg.Checker();
let text = textOfSize(1_000_000);
let report = checker.recheck(text);
const times = { typed: [], measured: [], whole: [] };

/** Replaces `removed` characters at `at` with `typed`; times the recheck. */
const edit = (at, removed, typed, kind) => {
  text = text.slice(0, at) + typed + text.slice(at + removed);
  const started = performance.now();
  const reply = checker.recheck(text);
  report = reply.moved ? applyChanges(report, reply) : reply;
  times[kind].push(performance.now() - started);
};

for (const fraction of [0.2, 0.5, 0.8]) {
  const heading = text.indexOf('Article  2  \n\nIllegal access', Math.floor(text.length * fraction));
  for (let i = 0; i < PREFIX.length; i++) edit(heading + i, 0, PREFIX[i], 'typed');
  const end = heading + PREFIX.length;
  edit(end, 0, 'y', 'measured');
  edit(end, 1, '', 'measured');
  edit(text.indexOf('when committed intentionally, the access', heading) + 'when committed intentionally, the'.length, 0, ' ', 'measured');
  edit(text.indexOf('Illegal access', heading) + 'Illegal'.length, 0, 'x', 'measured');
  const started = performance.now();
  checker.check(text);
  times.whole.push(performance.now() - started);
}

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} ms, median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
console.log(`recheck + applyChanges, the ${times.typed.length} keys of the sentences: ${stats(times.typed)}`);
console.log(`recheck + applyChanges, the ${times.measured.length} measured edits: ${stats(times.measured)}`);
console.log(`check, the whole 1 MB, once at each place: ${stats(times.whole)}`);
const same = JSON.stringify(report) === JSON.stringify(checker.check(text));
console.log(`the last report ${same ? 'equals' : 'DIFFERS FROM'} a whole check's`);
