//! Following edits: what one keystroke (or paste, or cut) changed in the
//! text, and where a span of the old text now is. While the next check runs,
//! the highlights of the last one move with the words they cover, as an
//! editor's markers do, so they never point at the wrong words.

/**
 * The edit that turns `before` into `after`, as `{ from, to, inserted }`:
 * the old text's [from, to) was replaced by `inserted` characters. Found by
 * keeping the longest common start and end, compared in blocks (a string
 * compare is a memory compare) so a 1 MB text costs well under a
 * millisecond. `null` when the texts are equal.
 */
export function diffText(before, after) {
  if (before === after) return null;
  const most = Math.min(before.length, after.length);
  const from = commonStart(before, after, most);
  const tail = commonEnd(before, after, most - from);
  return { from, to: before.length - tail, inserted: after.length - tail - from };
}

/**
 * `edit` of `before` (giving `after`) widened to whole characters: an edit
 * that keeps one half of a character written as two UTF-16 units (😀 to 😁)
 * would give the checker half a character, which it cannot place.
 */
export function wholeCharacters(edit, before, after) {
  // The texts are strings or the editor's snapshots, which have `slice`.
  const low = (text, at) => {
    const code = text.slice(at, at + 1).charCodeAt(0);
    return code >= 0xdc00 && code <= 0xdfff;
  };
  let { from, to, inserted } = edit;
  // (What follows the edit is the same in both texts.)
  if (from > 0 && (low(before, from) || low(after, from))) {
    from -= 1;
    inserted += 1;
  }
  if (low(before, to)) {
    to += 1;
    inserted += 1;
  }
  return { from, to, inserted };
}

const BLOCK = 4096;

function commonStart(a, b, most) {
  let i = 0;
  while (i + BLOCK <= most && a.startsWith(b.slice(i, i + BLOCK), i)) i += BLOCK;
  while (i < most && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

/** How many characters `a` and `b` share at their ends, at most `most`. */
function commonEnd(a, b, most) {
  let n = 0;
  while (n + BLOCK <= most && a.endsWith(b.slice(b.length - n - BLOCK, b.length - n), a.length - n)) n += BLOCK;
  while (n < most && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n += 1;
  return n;
}

/**
 * The places of a report's highlights, [start, end) each, moved through
 * each edit in place: after every key in a long text hundreds of them move,
 * and a new array for each would be garbage to collect. Text typed inside a
 * span widens it; text typed just before or just after it stays outside, so
 * typing next to a highlight doesn't extend it. A span the edit removed
 * all of is gone.
 */
export class Places {
  #starts;
  #ends;

  /** `spans`: a [start, end] pair per span, or null for one already edited away. */
  constructor(spans = []) {
    this.#starts = new Float64Array(spans.length).fill(-1);
    this.#ends = new Float64Array(spans.length);
    spans.forEach((span, i) => {
      if (!span) return;
      [this.#starts[i], this.#ends[i]] = span;
    });
  }

  /** Moves every span through `edit` (edits.js's `{ from, to, inserted }`). */
  move({ from, to, inserted }) {
    const shift = inserted - (to - from);
    const starts = this.#starts;
    const ends = this.#ends;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      const end = ends[i];
      if (start < 0 || end <= from) continue; // gone, or before the edit
      const newStart = start < from ? start : start >= to ? start + shift : from + inserted;
      const newEnd = end > to ? end + shift : from;
      starts[i] = newEnd > newStart ? newStart : -1;
      ends[i] = newEnd;
    }
  }

  /** Whether span `i` is still there. */
  has(i) {
    return this.#starts[i] >= 0;
  }

  start(i) {
    return this.#starts[i];
  }

  end(i) {
    return this.#ends[i];
  }

  /** Span `i` as [start, end], or null when edited away. */
  get(i) {
    return this.has(i) ? [this.#starts[i], this.#ends[i]] : null;
  }
}

/**
 * One edit doing what `first` then `second` did: the span from the first
 * change to the last, replaced. Coarser than the two (text between them
 * counts as replaced), so it serves to say which part of a view to
 * rebuild, not to move highlights (Places.move each edit in turn for that).
 */
export function composeEdits(first, second) {
  const firstShift = first.inserted - (first.to - first.from);
  const from = Math.min(first.from, second.from);
  const end = Math.max(first.from + first.inserted, second.to); // in the text between the two edits
  return { from, to: end - firstShift, inserted: end - from + second.inserted - (second.to - second.from) };
}
