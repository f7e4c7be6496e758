//! Following edits (www/js/edits.js): the edit found between two texts, and
//! highlights that stay on their words across it. Tables of cases a person
//! makes while typing: a key, a Backspace, a paste over a selection, an undo.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeEdits, diffText, Places, wholeCharacters } from '../../www/js/edits.js';

/** Where `span` is after `edit`, or null when the edit removed it. */
const moved = (span, edit) => {
  const places = new Places([span]);
  places.move(edit);
  return places.get(0);
};

/** Applies `edit` to `before` with the inserted text taken from `after`. */
const apply = (before, after, { from, to, inserted }) => before.slice(0, from) + after.slice(from, from + inserted) + before.slice(to);

test('the edit between two texts is found, and replaying it gives the new text', () => {
  const long = 'Article 5. Each Party shall adopt measures. '.repeat(5000); // ~220 KB: several compare blocks
  const cases = [
    ['a key typed', 'the access', 'the xaccess', { from: 4, to: 4, inserted: 1 }],
    ['a Backspace', 'guilty', 'guilt', { from: 5, to: 6, inserted: 0 }],
    ['a selection typed over', 'any serious crime', 'any crime', { from: 4, to: 12, inserted: 0 }],
    ['a paste at the start', 'text', 'new text', { from: 0, to: 0, inserted: 4 }],
    ['everything replaced', 'abc', 'xyz', { from: 0, to: 3, inserted: 3 }],
    ['emptied', 'abc', '', { from: 0, to: 3, inserted: 0 }],
    ['a key in the middle of a long text', long, `${long.slice(0, 150_001)}Q${long.slice(150_001)}`, { from: 150_001, to: 150_001, inserted: 1 }],
    ['a cut near the end of a long text', long, long.slice(0, -5000) + long.slice(-10), { from: long.length - 5000, to: long.length - 10, inserted: 0 }],
  ];
  for (const [what, before, after, expected] of cases) {
    const edit = diffText(before, after);
    assert.deepEqual(edit, expected, what);
    assert.equal(apply(before, after, edit), after, `${what}: replayed`);
  }
  assert.equal(diffText('same', 'same'), null, 'no edit');
});

test('an edit sent to the checker takes in whole characters, never half of one written as two UTF-16 units', () => {
  const cases = [
    // 😀 to 😁: the same first unit, so the edit found starts between the two.
    ['one emoji for another', 'a 😀 b', 'a 😁 b', { from: 2, to: 4, inserted: 2 }],
    // 🈀 to 😀: the same second unit, so the edit found ends between the two.
    ['an emoji whose second half stays', 'a 🈀 b', 'a 😀 b', { from: 2, to: 4, inserted: 2 }],
    ['an emoji typed', 'a  b', 'a 😀 b', { from: 2, to: 2, inserted: 2 }],
    ['a key after an emoji', 'a 😀 b', 'a 😀x b', { from: 4, to: 4, inserted: 1 }],
    // A lone first half made whole by the key: the checker read it as one character.
    ['a lone half completed', 'a \ud83d b', 'a \ud83d\ude00 b', { from: 2, to: 3, inserted: 2 }],
  ];
  // The editor's snapshots (TextBox.snapshot) have `length` and `slice`, not `charCodeAt`.
  const snapshot = (text) => ({ length: text.length, slice: (from, to) => text.slice(from, to), toString: () => text });
  for (const [what, before, after, expected] of cases) {
    const edit = wholeCharacters(diffText(before, after), before, after);
    assert.deepEqual(edit, expected, what);
    assert.equal(apply(before, after, edit), after, `${what}: replayed`);
    assert.deepEqual(wholeCharacters(diffText(before, after), snapshot(before), snapshot(after)), expected, `${what}: from snapshots`);
  }
});

test('a highlight keeps covering its words across an edit', () => {
  // The highlight covers "serious" in "any serious crime" (4..11).
  const span = [4, 11];
  const cases = [
    ['a key typed before it shifts it', { from: 0, to: 0, inserted: 3 }, [7, 14]],
    ['a key typed after it leaves it', { from: 12, to: 12, inserted: 1 }, [4, 11]],
    ['a key typed just before its first letter stays outside', { from: 4, to: 4, inserted: 1 }, [5, 12]],
    ['a key typed just after its last letter stays outside', { from: 11, to: 11, inserted: 1 }, [4, 11]],
    ['a key typed inside widens it', { from: 6, to: 6, inserted: 1 }, [4, 12]],
    ['a letter deleted inside narrows it', { from: 6, to: 7, inserted: 0 }, [4, 10]],
    ['a deletion across its start keeps the rest', { from: 2, to: 6, inserted: 0 }, [2, 7]],
    ['a deletion across its end keeps the rest', { from: 9, to: 14, inserted: 0 }, [4, 9]],
    ['a deletion of all of it removes it', { from: 3, to: 12, inserted: 0 }, null],
    ['typing over all of it removes it', { from: 4, to: 11, inserted: 5 }, null],
    ['a deletion before it shifts it back', { from: 0, to: 2, inserted: 0 }, [2, 9]],
  ];
  for (const [what, edit, expected] of cases) assert.deepEqual(moved(span, edit), expected, what);
});

test('a highlight followed through a run of edits spells the same words', () => {
  const texts = [
    'Each Party may order any serious crime to be disclosed.',
    'Each Party may order, for any serious crime to be disclosed.',
    'Each Party may order, for any serious crime, to be disclosed.',
    'In law, each Party may order, for any serious crime, to be disclosed.',
    'In law, each Party may order, for any serious crime, to be disclosed now.',
  ];
  const words = 'any serious crime';
  let span = [texts[0].indexOf(words), texts[0].indexOf(words) + words.length];
  for (let i = 1; i < texts.length; i++) {
    span = moved(span, diffText(texts[i - 1], texts[i]));
    assert.equal(texts[i].slice(...span), words, `after edit ${i}`);
  }
});

test('many highlights followed through a run of edits at once each spell their words, and one edited away stays gone', () => {
  const texts = [
    'Each Party may order any serious crime to be disclosed without a judge.',
    'Each Party may order, for any serious crime to be disclosed without a judge.',
    'Each Party may order, for any serious crime to be disclosed without delay.',
    'In law, each Party may order, for any serious crime to be disclosed without delay.',
  ];
  const words = ['Party', 'any serious crime', 'disclosed', 'a judge'];
  const places = new Places(words.map((w) => [texts[0].indexOf(w), texts[0].indexOf(w) + w.length]));
  for (let i = 1; i < texts.length; i++) {
    places.move(diffText(texts[i - 1], texts[i]));
    const shown = words.map((w, k) => places.get(k) && texts[i].slice(...places.get(k)));
    assert.deepEqual(shown, ['Party', 'any serious crime', 'disclosed', i === 1 ? 'a judge' : null], `after edit ${i}`);
  }
});

test('two edits made one after the other compose into one that covers both', () => {
  // Each case: two edits in turn; the composed edit must turn the first text into the last.
  const text = 'Each Party may order any serious crime to be disclosed.';
  const cases = [
    ['two keys typed in a row', [{ from: 5, to: 5, inserted: 1 }, { from: 6, to: 6, inserted: 1 }]],
    ['a key then a Backspace on it', [{ from: 5, to: 5, inserted: 1 }, { from: 5, to: 6, inserted: 0 }]],
    ['a key, then another earlier in the text', [{ from: 20, to: 20, inserted: 2 }, { from: 3, to: 3, inserted: 1 }]],
    ['a key, then a selection after it typed over', [{ from: 0, to: 0, inserted: 1 }, { from: 10, to: 16, inserted: 3 }]],
    ['a paste, then a cut inside it', [{ from: 10, to: 12, inserted: 8 }, { from: 12, to: 15, inserted: 0 }]],
  ];
  let n = 0;
  for (const [what, [first, second]] of cases) {
    // Replay with marked letters, so any misplaced character shows.
    const insert = (t, { from, to, inserted }) => t.slice(0, from) + String.fromCharCode(65 + (n++ % 26)).repeat(inserted) + t.slice(to);
    const middle = insert(text, first);
    const last = insert(middle, second);
    const edit = composeEdits(first, second);
    assert.equal(text.slice(0, edit.from) + last.slice(edit.from, edit.from + edit.inserted) + text.slice(edit.to), last, `${what}: replayed`);
    assert.ok(edit.from <= Math.min(first.from, second.from), `${what}: it starts at the first change`);
  }
});
