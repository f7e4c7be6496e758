//! The page's handle on the checker: one Web Worker running the Wasm core,
//! only the newest text checked (edits made during a check replace the
//! queued text rather than piling up), and a fresh worker when the old one
//! crashes, so a panic costs one check, never the person's text. Where no
//! worker can start (a script from another origin), the core runs on the page.
//!
//! After a key in a long text only the key crosses to the worker (the edit to
//! the text it holds), and only what changed crosses back (the new findings,
//! and which of the last report's are kept: report-changes.js), so neither
//! thread copies a whole text or report per key. The page hands over the
//! edit its text box made (`edit`), so the page does not read or compare
//! the whole text either.

import { composeEdits, diffText, wholeCharacters } from './edits.js';
import { applyChanges } from './report-changes.js';
import { withSharedText } from './rule-text.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class CheckerClient extends EventTarget {
  #worker = null;
  #nextId = 1;
  #pending = new Map(); // id -> { resolve, reject, kind }
  #running = false;
  #queued = null; // { text, edit, resolve, reject }: edit null for a whole text
  #restarts = 0;
  #pack = null; // { name, toml } of the custom pack in use: a restarted worker gets it again
  #shared = {}; // the rules' text that reports leave out (rule-text.js)
  #sent = null; // the text the worker holds (a string or a snapshot, see edit): the next check sends only what changed
  #last = null; // the last report the worker sent: the next may come as changes to it

  constructor() {
    super();
    this.#start();
  }

  #start() {
    try {
      this.#worker = new Worker(WORKER_URL, { type: 'module', name: 'clauselens-checker' });
    } catch {
      this.#worker = inPage();
    }
    this.#worker.onmessage = ({ data }) => this.#receive(data);
    // A worker that fails to load or dies outright reports here.
    this.#worker.onerror = (event) => {
      event.preventDefault?.();
      this.#crash(event.message || 'the checker could not start');
    };
  }

  #receive(data) {
    if (data.type === 'shared') {
      this.#shared = data.shared;
      return;
    }
    if (data.type === 'ready') {
      this.version = data.version;
      this.dispatchEvent(new CustomEvent('ready', { detail: data }));
      return;
    }
    if (data.type === 'report') {
      // Before anything else: every report the worker sends is the one the next changes apply to.
      if (data.changes && !this.#last) {
        this.#crash('the checker sent changes to a report the page does not hold');
        return;
      }
      data.report = data.changes
        ? applyChanges(this.#last, withSharedText(data.changes, this.#shared))
        : withSharedText(data.report, this.#shared);
      delete data.changes;
      this.#last = data.report;
    }
    const job = this.#pending.get(data.id);
    if (!job) return;
    this.#pending.delete(data.id);
    if (data.type === 'error') {
      const error = Object.assign(new Error(data.message), {
        file: data.file, rule: data.rule, field: data.field,
      });
      if (data.fatal) {
        job.reject(error);
        this.#crash(data.message);
      } else {
        job.reject(error);
      }
    } else {
      this.#restarts = 0;
      job.resolve(data);
    }
    if (job.kind === 'check') this.#afterCheck();
  }

  /** Replaces a broken worker; every waiting job fails once, and the caller retries. */
  #crash(message) {
    this.#worker.terminate();
    this.#sent = null;
    this.#last = null;
    for (const job of this.#pending.values()) job.reject(Object.assign(new Error(message), { crashed: true }));
    this.#pending.clear();
    this.#running = false;
    this.#restarts += 1;
    this.dispatchEvent(new CustomEvent('crash', { detail: { message, restarts: this.#restarts } }));
    // Give up after repeated crashes rather than loop on text that always fails.
    if (this.#restarts <= 3) {
      this.#start();
      if (this.#pack) this.#worker.postMessage({ id: 0, type: 'pack', ...this.#pack });
    }
    if (this.#queued) this.#afterCheck();
  }

  #send(message, kind) {
    const id = this.#nextId++;
    if (this.#restarts > 3) return Promise.reject(new Error('the checker stopped working; reload the page'));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, kind });
      this.#worker.postMessage({ id, ...message });
    });
  }

  /**
   * Checks `text`. Resolves with `{ report, ms }`, or with `null` when newer
   * text replaced this request before it ran.
   */
  check(text) {
    return this.#ask({ text, edit: null });
  }

  /**
   * Checks the text that `edit` (`{ from, to, inserted }`, edits.js) made
   * of the text last given to `check` or `edit`. `text` is the edited text,
   * kept as it is: a string, or a snapshot with `length`, `slice(from, to)`
   * and `toString()` (TextBox.snapshot). Only the edit's words are read from
   * it, unless the worker needs the whole text (a fresh worker); nothing is
   * compared. Resolves as `check` does.
   */
  edit(edit, text) {
    // A text still waiting here is replaced: the edits since the text the
    // worker will hold are both, as one (or, after a whole text, none).
    const queued = this.#queued;
    return this.#ask({ text, edit: queued ? queued.edit && composeEdits(queued.edit, edit) : edit });
  }

  #ask(request) {
    if (this.#queued) this.#queued.resolve(null);
    return new Promise((resolve, reject) => {
      this.#queued = { ...request, resolve, reject };
      if (!this.#running) this.#afterCheck();
    });
  }

  #afterCheck() {
    this.#running = false;
    const next = this.#queued;
    if (!next) {
      this.dispatchEvent(new Event('idle'));
      return;
    }
    this.#queued = null;
    this.#running = true;
    this.dispatchEvent(new CustomEvent('busy', { detail: { length: next.text.length } }));
    this.#send(this.#checkMessage(next), 'check').then(next.resolve, next.reject);
  }

  /**
   * What to send for checking `text`: the edit that turns the text the
   * worker holds into it (a key in a 1 MB text is then a few bytes to copy,
   * not 2 MB), or the whole text to a fresh worker or after a large change.
   * The edit is the one given, or else found by comparing the two texts.
   */
  #checkMessage({ text, edit: given }) {
    const before = this.#sent;
    this.#sent = text;
    // The worker's core places an edit only between whole characters (an
    // edit that changes one half of an emoji takes in the other).
    const edit = before === null ? null : wholeCharacters(given ?? diffText(String(before), String(text)) ?? { from: 0, to: 0, inserted: 0 }, before, text);
    if (!edit || edit.to - edit.from + edit.inserted > text.length / 2) return { type: 'check', text: String(text) };
    return { type: 'check', edit: { from: edit.from, to: edit.to, inserted: text.slice(edit.from, edit.from + edit.inserted) } };
  }

  /** Every rule's documentation. */
  async rules() {
    return (await this.#send({ type: 'rules' }, 'rules')).rules;
  }

  /**
   * Switches to a TOML rule pack (without `toml`, back to the built-in one).
   * A broken pack rejects with its file, rule and field; the old pack stays.
   */
  async usePack(name, toml) {
    // A new checker gets its first text whole.
    this.#sent = null;
    const { rules } = await this.#send({ type: 'pack', name, toml }, 'pack');
    this.#pack = toml == null ? null : { name, toml };
    return rules;
  }

  // The next four load the compare build in the worker the first time one
  // of them is called (compare-core.js). A failed load rejects with a
  // message and leaves the checker working.

  /** Loads the compare build now, so that the first comparison need not wait for it. */
  prepareCompare() {
    return this.#send({ type: 'prepare' }, 'prepare');
  }

  /** Compares text `a` (earlier) with `b` (later): resolves with `{ comparison, ms }`. */
  compare(a, b) {
    return this.#send({ type: 'compare', a, b }, 'compare');
  }

  /** The N&P scorecard of `text`; its finding ids are those of `check(text)`. */
  async scorecard(text) {
    return (await this.#send({ type: 'scorecard', text }, 'scorecard')).scorecard;
  }

  /**
   * Markdown made by the core: `{ of: 'scorecard', text, name }` or
   * `{ of: 'compare', a, b, nameA, nameB, categories }`.
   */
  async markdown(request) {
    return (await this.#send({ type: 'markdown', ...request }, 'markdown')).markdown;
  }
}

/** A worker look-alike that runs the core on the page. */
function inPage() {
  const target = { onmessage: null, onerror: null, terminate() {} };
  const core = import('./checker-core.js').then(({ startChecker }) =>
    startChecker((data) => queueMicrotask(() => target.onmessage?.({ data }))));
  target.postMessage = (data) => core.then((handle) => handle(data));
  return target;
}
