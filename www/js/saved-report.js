//! The last report, kept on this device beside the text, so that a person
//! who comes back sees their findings at once instead of after the checker
//! has started and checked the whole text again (which it still does, and
//! its report replaces this one).
//!
//! A saved report is shown only for exactly what made it: it is stored
//! under a fingerprint of the text it was made from and of the Wasm build
//! (the core and the built-in rules: pkg/build.js, written by
//! scripts/build-wasm), and recalled only when the text being restored has
//! the same fingerprint under the build this page loaded. Reports made with
//! a custom rule pack are not kept. `forget` removes it (Clear).

import { BUILD } from '../pkg/build.js';
import * as store from './store.js';

const KEY = 'report';
/**
 * How long reports must pause before the newest is saved: a report of a
 * long text takes a while to store (10 MB of text, some 40 ms), which is
 * spent once a person stops editing rather than after every check.
 */
const QUIET_MS = 2000;

/** How many characters of the text are encoded in one task: a 1 MB text at once took 7-13 ms. */
const PART = 65_536;

/** Lets the page's other tasks run (scheduler.yield where there is one: no timer clamping). */
const nextTask = () => globalThis.scheduler?.yield?.() ?? new Promise((resolve) => { setTimeout(resolve); });

/**
 * SHA-256 of the build and the text (a string or a TextBox snapshot), in
 * hex. The text is encoded a part at a time, each in a task of its own, so
 * that a key typed meanwhile need not wait; a part never ends between the
 * two halves of a surrogate pair, so the bytes are those of the whole text.
 */
async function fingerprint(text) {
  const encoder = new TextEncoder();
  const parts = [encoder.encode(`${BUILD}\0`)];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + PART);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.slice(end - 1, end))) end += 1;
    parts.push(encoder.encode(text.slice(at, end)));
    at = end;
    if (at < text.length) await nextTask();
  }
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => {
    bytes.set(part, offset);
    return offset + part.length;
  }, 0);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Read as soon as the page starts, beside the text it belongs to.
const stored = store.load(KEY).catch(() => undefined);

/** The saved report of `text` made by this build, or null. */
export async function recall(text) {
  const saved = await stored;
  if (!saved?.report || !text) return null;
  return saved.fingerprint === await fingerprint(text) ? saved.report : null;
}

// The timer, then the idle callback, that will save the newest report.
let waiting;
let idle;
// Writes and removals run in the order they were asked for, and a removal
// cancels a write not yet made: a report never outlives a Clear.
let writes = Promise.resolve();
let generation = 0;

/** Cancels a report waiting to be saved. */
function cancel() {
  clearTimeout(waiting);
  cancelIdleCallback(idle);
}

/**
 * Keeps `report`, the built-in rules' report of `text`, once reports have
 * paused and the page is idle; a newer report replaces it.
 */
export function keep(text, report) {
  cancel();
  const asked = generation;
  waiting = setTimeout(() => {
    idle = requestIdleCallback(async () => {
      const key = await fingerprint(text);
      writes = writes.then(() => asked === generation && store.save({ fingerprint: key, report }, KEY))
        // Not kept: the next visit checks the text before showing findings, as it always could.
        .catch(() => {});
    }, { timeout: QUIET_MS });
  }, QUIET_MS);
}

/** Removes the saved report, and any about to be saved. */
export function forget() {
  cancel();
  generation += 1;
  writes = writes.then(() => store.clear(KEY)).catch(() => {});
  return writes;
}
