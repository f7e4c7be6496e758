//! The reading view: the text with each finding's span wrapped in <mark>
//! elements, kept in step with the text box while the person types.
//!
//! The text is laid out in blocks of whole lines, about 2,000 characters
//! each, in parts of about eight blocks that the browser skips while they
//! are off screen (CSS `content-visibility`), so a 1 MB text costs what is
//! on screen. (Parts, not blocks: after every change to the page the
//! browser works out whether each skippable element came into view.) An
//! edit rebuilds only the blocks it touched; a new report rebuilds only the
//! blocks whose highlights changed. Either way the page's work is about
//! what changed, not the whole text, so typing in a long text does not wait
//! for this view.
//!
//! Spans may overlap, so a block's text is cut at every span boundary and
//! each piece is marked with all the findings covering it; a finding's
//! highlight is then the run of pieces that carry its number (the page's
//! name for a finding, report-changes.js `numberOf`, which a finding keeps
//! while a recheck keeps it: a finding added before it renumbers no mark).

import { severityRank, SEVERITY_LABEL, categoryTitle } from './categories.js';

/** About how many characters a block holds; it ends at the next line end. */
const BLOCK_SIZE = 2000;
/** About how many characters fit on a line of the view, to guess an unseen part's height. */
const LINE_CHARS = 90;
/** How many blocks a part is made with; an edit may grow one to twice this before it is split. */
const PART_BLOCKS = 8;

/**
 * A highlight to show: a clause finding, its number and the place of its
 * words in the shown text, [start, end). The view reads a span's place
 * only when it is given it (show, edit), so a caller may move the same
 * spans in place and give them again.
 * @typedef {{ number: number, finding: object, start: number, end: number }} Span
 */

export class ReadingView {
  #container;
  /** The length of the text shown. */
  #length = 0;
  /** Consecutive [start, end) ranges covering the text, each with its element, its part and what it shows. */
  #blocks = [];
  /** The spans shown, by start, longer first. */
  #spans = [];

  constructor(container) {
    this.#container = container;
  }

  /**
   * Shows `text` with highlights for `spans` (see Span). An empty view
   * draws all of `text` (a string, or anything with `length` and
   * `toString`). A view showing a text already must have followed (edit)
   * every edit that made `text` of it: then only the blocks whose
   * highlights changed are rebuilt, and only their lines are read, with
   * `text.slice(from, to)` (a string or a TextBox snapshot).
   */
  show(text, spans) {
    this.#spans = ordered(spans, text.length);
    this.#length = text.length;
    if (this.#blocks.length === 0) {
      const whole = String(text);
      this.#blocks = blocksOf(whole, 0, whole.length);
      const found = this.#spansOf(this.#blocks);
      this.#blocks.forEach((block, i) => this.#build(block, found[i], whole));
      const parts = [];
      for (let i = 0; i < this.#blocks.length; i += PART_BLOCKS) parts.push(partOf(this.#blocks.slice(i, i + PART_BLOCKS)));
      this.#container.replaceChildren(...parts);
      return;
    }
    const found = this.#spansOf(this.#blocks);
    this.#blocks.forEach((block, i) => {
      const spans = found[i];
      if (!showsSame(block, spans)) {
        block.element.replaceWith(this.#build(block, spans, text.slice(block.start, block.end), block.start));
      } else if (!numbersSame(block, spans)) renumber(block, spans);
    });
  }

  /**
   * Follows an edit (`{ from, to, inserted }`, see edits.js): rebuilds the
   * blocks it touched and moves the blocks after it. `spans` are the
   * highlights moved through the edit; `slice(from, to)` reads the edited
   * text, of which only the touched lines are read. With nothing shown,
   * there is nothing to follow (the next `show` draws it all).
   */
  edit({ from, to, inserted }, spans, slice) {
    if (this.#blocks.length === 0) return;
    const shift = inserted - (to - from);
    this.#length += shift;
    this.#spans = ordered(spans, this.#length);
    // The blocks the edit touched: from the one holding `from` (or ending
    // there) to the one holding `to` (or starting there). Each ends after a
    // line break the edit left alone, so the text between is whole lines.
    let first = 0;
    while (first < this.#blocks.length - 1 && this.#blocks[first].end < from) first += 1;
    let last = first;
    while (last < this.#blocks.length - 1 && this.#blocks[last + 1].start <= to) last += 1;
    const start = this.#blocks[first].start;
    const end = this.#blocks[last].end + shift;
    const lines = slice(start, end);
    const fresh = blocksOf(lines, 0, lines.length).map((block) => ({ ...block, start: block.start + start, end: block.end + start }));
    const found = this.#spansOf(fresh);
    const elements = fresh.map((block, i) => this.#build(block, found[i], lines, start));
    // The new blocks go into the last touched block's part.
    const part = this.#blocks[last].part;
    for (const block of fresh) block.part = part;
    this.#blocks[last].element.after(...elements);
    const touched = new Set([part]);
    for (const block of this.#blocks.slice(first, last + 1)) {
      block.element.remove();
      touched.add(block.part);
    }
    for (const block of this.#blocks.slice(last + 1)) {
      block.start += shift;
      block.end += shift;
    }
    this.#blocks.splice(first, last - first + 1, ...fresh);
    for (const touchedPart of touched) this.#fit(touchedPart);
  }

  /** After an edit changed `part`'s blocks: removes it if empty, splits it if grown past twice its size, guesses its height. */
  #fit(part) {
    const blocks = this.#blocks.filter((block) => block.part === part);
    if (blocks.length === 0) {
      part.remove();
      return;
    }
    if (blocks.length <= 2 * PART_BLOCKS) {
      guessHeight(part, blocks);
      return;
    }
    guessHeight(part, blocks.slice(0, PART_BLOCKS));
    let before = part;
    for (let i = PART_BLOCKS; i < blocks.length; i += PART_BLOCKS) {
      const next = partOf(blocks.slice(i, i + PART_BLOCKS));
      before.after(next);
      before = next;
    }
  }

  /** Empties the view. */
  clear() {
    this.#length = 0;
    this.#blocks = [];
    this.#spans = [];
    this.#container.replaceChildren();
  }

  /** The <mark> elements of the finding numbered `number`, in text order. */
  marksOf(number) {
    return [...this.#container.querySelectorAll(`mark[data-findings~="${number}"]`)];
  }

  /** For each of `blocks` (in text order), the spans that overlap it. */
  #spansOf(blocks) {
    const spans = this.#spans;
    let next = 0;
    let open = [];
    return blocks.map((block) => {
      open = open.filter((s) => s.end > block.start);
      while (next < spans.length && spans[next].start < block.end) {
        if (spans[next].end > block.start) open.push(spans[next]);
        next += 1;
      }
      return open;
    });
  }

  /**
   * Builds `block`'s element from its text and `spans`, and keeps it on the
   * block; its text is read from `source`, which begins at `offset` of the
   * text shown.
   */
  #build(block, spans, source, offset = 0) {
    const element = document.createElement('div');
    const text = source.slice(block.start - offset, block.end - offset);
    block.lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / LINE_CHARS)), 0);
    for (const piece of piecesOf(block, spans)) {
      const words = source.slice(piece.from - offset, piece.to - offset);
      if (piece.spans.length === 0) {
        element.append(words);
        continue;
      }
      const mark = document.createElement('mark');
      mark.className = `hl sev-${piece.severity}${piece.starts ? ' hl-start' : ''}`;
      mark.dataset.findings = piece.spans.map((s) => s.number).join(' ');
      // Shown on hover; the findings list carries the full explanation.
      mark.title = piece.title;
      mark.append(words);
      element.append(mark);
    }
    block.element = element;
    block.shows = showsOf(block, spans);
    block.numbers = spans.map((s) => s.number);
    return element;
  }
}

/** A part holding `blocks` (built: see ReadingView #build). */
function partOf(blocks) {
  const part = document.createElement('div');
  part.className = 'reading-part';
  for (const block of blocks) block.part = part;
  part.append(...blocks.map((block) => block.element));
  guessHeight(part, blocks);
  return part;
}

/** Until laid out, an unseen part takes about its `blocks`' height, so the scroll bar is about right. */
function guessHeight(part, blocks) {
  const lines = blocks.reduce((n, block) => n + block.lines, 0);
  const size = `auto ${lines}lh`;
  if (part.style.containIntrinsicBlockSize !== size) part.style.containIntrinsicBlockSize = size;
}

/** The spans that fit in a text of `length`, by start, longer first. */
function ordered(spans, length) {
  return spans.filter((s) => s.end > s.start && s.end <= length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Blocks of whole lines covering [start, end) of `text`; `start` begins a line. */
function blocksOf(text, start, end) {
  const blocks = [];
  for (let at = start; at < end;) {
    const lineEnd = at + BLOCK_SIZE >= end ? -1 : text.indexOf('\n', at + BLOCK_SIZE);
    const stop = lineEnd < 0 || lineEnd + 1 >= end ? end : lineEnd + 1;
    blocks.push({ start: at, end: stop, element: null, part: null, lines: 0, shows: [], numbers: [] });
    at = stop;
  }
  return blocks;
}

/**
 * `block` cut at every span boundary inside it: pieces `{ from, to, spans }`,
 * and for a highlighted piece its worst severity, hover title and whether a
 * highlight starts there.
 */
function piecesOf(block, spans) {
  const cuts = new Set([block.start, block.end]);
  for (const s of spans) {
    cuts.add(Math.max(s.start, block.start));
    cuts.add(Math.min(s.end, block.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let p = 0; p < points.length - 1; p++) {
    const from = points[p];
    const to = points[p + 1];
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    const piece = { from, to, spans: covering };
    if (covering.length) {
      const worst = covering.reduce((a, b) => (severityRank(b.finding.severity) < severityRank(a.finding.severity) ? b : a));
      piece.severity = worst.finding.severity;
      piece.title = covering.map(({ finding: f }) => `${SEVERITY_LABEL[f.severity]}: ${f.title || categoryTitle(f.category)}`).join('\n');
      piece.starts = covering.some((s) => s.start === from);
    }
    pieces.push(piece);
  }
  return pieces;
}

/** How many values each span is in a block's `shows` (see showsOf). */
const SHOWN = 4;

/**
 * What a block shows, apart from which findings' numbers its marks carry
 * (a report whose findings are numbered afresh, a whole check, costs no
 * rebuild): each span's start, end, severity and title. Offsets are
 * relative to the block, so a block moved by an edit before it is still
 * the same.
 */
function showsOf(block, spans) {
  return spans.flatMap(({ start, end, finding: f }) => [start - block.start, end - block.start, f.severity, f.title || f.category]);
}

/**
 * Whether `spans` show in `block` what it shows, compared without making
 * anything: a report lands after every key in a long text, and every
 * block is compared.
 */
function showsSame(block, spans) {
  const shown = block.shows;
  if (shown.length !== spans.length * SHOWN) return false;
  for (let i = 0; i < spans.length; i++) {
    const { start, end, finding: f } = spans[i];
    const at = i * SHOWN;
    if (shown[at] !== start - block.start || shown[at + 1] !== end - block.start
      || shown[at + 2] !== f.severity || shown[at + 3] !== (f.title || f.category)) return false;
  }
  return true;
}

/** Whether a block's marks carry the numbers of the findings of `spans`. */
const numbersSame = (block, spans) => block.numbers.length === spans.length && spans.every((s, i) => s.number === block.numbers[i]);

/** Gives the marks of an unchanged block the findings' current numbers. */
function renumber(block, spans) {
  const marks = block.element.querySelectorAll('mark');
  let m = 0;
  for (const piece of piecesOf(block, spans)) {
    if (!piece.spans.length) continue;
    marks[m].dataset.findings = piece.spans.map((s) => s.number).join(' ');
    m += 1;
  }
  block.numbers = spans.map((s) => s.number);
}

/** The numbers of the findings a <mark> carries. */
export function findingsOf(mark) {
  return (mark.dataset.findings ?? '').split(' ').filter(Boolean).map(Number);
}
