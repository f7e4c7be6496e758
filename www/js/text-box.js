//! The text box the person types in, one interface whatever holds the text:
//! the page's native `<textarea>` for ordinary texts, and an editor that
//! lays out only the lines on screen (CodeMirror 6) once a text grows long.
//!
//! Why two: a `<textarea>` lays out its whole text on every key, which at
//! 1 MB takes the browser 11-33 ms a key by itself, over the 16 ms a frame
//! has; the editor's cost per key does not grow with the text. But the
//! editor is 85 KB gzip, too much for the first load, and most texts people
//! paste (10-300 KB) type smoothly in the native box, which also keeps its
//! native undo and spell-free plainness. So the textarea is there from the
//! first paint; the editor's module is fetched when the page is idle after
//! the first findings (`prepare`), and the box moves the text into it the
//! moment the text passes `EDITOR_FROM` characters, keeping the caret,
//! selection, focus and about the scroll place. (The textarea's undo
//! history cannot be carried over; the editor's starts there.) A text
//! replaced by a short one (a file, a sample, Clear) goes back to the textarea.
//!
//! Either way the page hears of each change as an edit, `{ from, to,
//! inserted }` (see edits.js), and reads what it needs: `slice` for the
//! lines an edit touched, `snapshot` for the text as it is now (what the
//! checker is sent the edit's words from, and what a report was made
//! from, and what is saved), `value` for the whole text as a string. In the
//! editor the edits come from its transactions, a snapshot is its
//! (immutable) document, and a string is made from it only on demand, so a
//! key costs no read, copy or diff of the whole text.

import { diffText } from './edits.js';

/**
 * From this many characters a text goes into the editor. In the typing
 * benchmark (BENCHMARKS.md) a bare textarea's longest task per key is a
 * median 4 ms at 100 KB, 6 at 200 KB (at most 15), 7 at 300 KB (at most
 * 23) and 16 at 500 KB: past 200 KB the box alone may take the whole frame.
 */
const EDITOR_FROM = 200_000;

const EDITOR_MODULE = new URL('../vendor/codemirror/codemirror.js', import.meta.url).href;

/** The text boxes on the page, by their textarea (compare.js reads the checker's text). */
const boxes = new WeakMap();

/** The TextBox of `textarea`, if the page made one. */
export const textBoxOf = (textarea) => boxes.get(textarea);

let editorModule;
/**
 * Whether fetching the editor failed (offline before the service worker
 * stored it) and the browser has not come back online since: until then
 * it is not asked for again at every key.
 */
let unreachable = false;
addEventListener('online', () => { unreachable = false; });
/** The editor's module, fetched once (the service worker keeps it for offline use). */
const loadEditor = () => {
  if (unreachable) return Promise.reject(new Error('the editor for long texts could not be fetched'));
  editorModule ??= import(EDITOR_MODULE).then(defineTextEditor, (error) => {
    editorModule = undefined;
    unreachable = true;
    throw error;
  });
  return editorModule;
};

export class TextBox {
  #textarea;
  #onEdit;
  /** The text while the textarea holds it (as of the last edit reported). */
  #text;
  /** The <text-editor> holding a long text, or null while the textarea does. */
  #editor = null;
  #switching = false;

  /**
   * Takes over `textarea`; `onEdit(edit)` is called after each change the
   * person makes (typing, paste, cut, undo), with `edit` as in edits.js.
   */
  constructor(textarea, onEdit) {
    this.#textarea = textarea;
    this.#onEdit = onEdit;
    this.#text = textarea.value;
    boxes.set(textarea, this);
    textarea.addEventListener('input', () => {
      const text = textarea.value;
      const edit = diffText(this.#text, text);
      this.#text = text;
      if (edit) onEdit(edit);
      if (text.length >= EDITOR_FROM) this.#toEditor();
    });
    // A long text left in the textarea because the editor could not be
    // fetched moves into it once the browser is back online.
    addEventListener('online', () => {
      if (this.#text.length >= EDITOR_FROM) this.#toEditor();
    });
  }

  /** The whole text. */
  get value() {
    return this.#editor ? this.#editor.value : this.#text;
  }

  /** The text's [from, to). */
  slice(from, to) {
    return this.#editor ? this.#editor.slice(from, to) : this.#text.slice(from, to);
  }

  /** Whether the text has anything but white space. */
  get hasText() {
    return this.#editor ? this.#editor.hasText : /\S/.test(this.#text);
  }

  /**
   * The text as it is now, unchanged by later edits: `length`, `slice(from,
   * to)` and `toString()`. Free to take: in the textarea it is the string
   * the box keeps anyway, in the editor its document, made into a string
   * only if `toString` is called.
   */
  snapshot() {
    return this.#editor ? this.#editor.snapshot() : this.#text;
  }

  /**
   * Replaces the whole text (a file, a sample, Clear): caret and scroll at
   * the start, no edit reported. Line breaks become `\n`, as both boxes
   * keep them, so that offsets here are offsets there.
   */
  set value(given) {
    const text = given.replace(/\r\n?/g, '\n');
    const long = text.length >= EDITOR_FROM;
    if (this.#editor && long) {
      this.#editor.replace(text);
      return;
    }
    this.#text = text;
    if (this.#editor) this.#toTextarea();
    // Scrolled back before the new text goes in: the box keeps its scroll
    // through a new value, and setting it afterwards would lay out the whole
    // new text at once (15-27 ms for 65 KB on the first findings' path).
    this.#textarea.scrollTop = 0;
    this.#textarea.value = text;
    this.#textarea.setSelectionRange(0, 0);
    if (long) this.#toEditor({ atStart: true });
  }

  /** Fetches the editor's module, so that a text growing long switches at once. */
  prepare() {
    return loadEditor().catch(() => {}); // offline before it was stored: the textarea stays until back online
  }

  focus() {
    (this.#editor ?? this.#textarea).focus({ preventScroll: true });
  }

  /** Selects [from, to) and scrolls the box (and the page) to show it. */
  selectAndShow(from, to) {
    if (this.#editor) {
      this.#editor.setSelectionRange(from, to);
      this.#editor.focus();
      this.#editor.scrollIntoView({ block: 'nearest' });
      return;
    }
    const box = this.#textarea;
    box.focus({ preventScroll: true });
    box.setSelectionRange(from, to);
    // The textarea has no "scroll to the selection": approximate by line.
    const line = this.#text.slice(0, from).split('\n').length;
    const lineHeight = parseFloat(getComputedStyle(box).lineHeight) || 20;
    box.scrollTop = Math.max(0, (line - 3) * lineHeight);
    box.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Moves the text into the editor (fetching it first if need be), keeping
   * caret, selection, focus and scroll place; `atStart`: the text was just
   * set, so its place is the start. When the editor is here already, this
   * happens before the next frame, so the textarea never lays out the text.
   */
  async #toEditor({ atStart = false } = {}) {
    if (this.#editor || this.#switching) return;
    this.#switching = true;
    try {
      await loadEditor();
    } catch {
      return; // the textarea keeps the text: slower, nothing lost
    } finally {
      this.#switching = false;
    }
    const box = this.#textarea;
    if (this.#editor || box.value !== this.#text || this.#text.length < EDITOR_FROM) return;
    const focused = document.activeElement === box;
    const backward = box.selectionDirection === 'backward';
    const [anchor, head] = backward ? [box.selectionEnd, box.selectionStart] : [box.selectionStart, box.selectionEnd];
    const editor = document.createElement('text-editor');
    editor.id = 'text-editor';
    // Unless the caret is shown, the place at the top of the textarea, about:
    // the same share of the text. (Only then is it read: reading it makes
    // the textarea lay out the whole text.)
    const top = focused || atStart ? 0 : Math.round(this.#text.length * (box.scrollTop / Math.max(1, box.scrollHeight)));
    editor.start(this.#text, {
      label: box.labels?.[0]?.textContent ?? 'Text',
      selection: [anchor, head],
      onChange: (edits) => {
        for (const edit of edits) this.#onEdit(edit);
      },
    });
    box.after(editor);
    box.hidden = true;
    this.#editor = editor;
    editor.reveal(focused ? head : this.#text.lastIndexOf('\n', top) + 1, focused);
    // The editor has the text now: no second copy is kept or laid out.
    box.value = '';
    this.#text = '';
  }

  /** Gives the text box back to the textarea (the text is being replaced by a short one). */
  #toTextarea() {
    const hadFocus = this.#editor.matches(':focus-within');
    this.#editor.remove();
    this.#editor = null;
    this.#textarea.hidden = false;
    if (hadFocus) this.#textarea.focus({ preventScroll: true });
  }
}

/**
 * Defines `<text-editor>`: CodeMirror in a shadow root, with a textarea's
 * ways of reading and placing the selection (`value`, `selectionStart`,
 * `selectionEnd`, `setSelectionRange`), so scripts and tests treat both
 * boxes alike. The shadow root is also what lets the editor's generated
 * styles in under the page's Content-Security-Policy (`style-src 'self'`):
 * there they go into a constructed style sheet, where in the document they
 * would be a refused `<style>` element.
 */
function defineTextEditor(cm) {
  if (customElements.get('text-editor')) return;
  const { EditorState, EditorSelection, EditorView, keymap, history, standardKeymap, historyKeymap } = cm;

  const theme = EditorView.theme({
    '&': {
      height: '11rem', minHeight: '9rem', resize: 'vertical', overflow: 'hidden',
      border: '1px solid #8a8f96', borderRadius: 'var(--radius)',
      background: 'var(--surface)', color: 'var(--ink)', font: '.9rem/1.55 var(--mono)',
    },
    '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
    '.cm-scroller': { fontFamily: 'inherit', lineHeight: 'inherit' },
    '.cm-content': { padding: '.85rem 1rem', caretColor: 'var(--ink)' },
    '.cm-line': { padding: '0' },
  });

  class TextEditor extends HTMLElement {
    #view = null;
    #extensions = [];
    /** The snapshot of the current document, once taken (see snapshot). */
    #snapshot = null;

    /** Opens the editor on `text`; `onChange(edits)` hears each change as edits (edits.js), last first. */
    start(text, { label, selection: [anchor, head], onChange }) {
      const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
      this.#extensions = [
        history(),
        keymap.of([...historyKeymap, ...standardKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          // tabindex: in the tab order already, but said outright so that
          // checkers see its scrolling box can be reached from the keyboard.
          'aria-label': label, spellcheck: 'false', tabindex: '0',
        }),
        // Files dropped here are opened by the page (app.js), not pasted in as text.
        EditorView.domEventHandlers({ drop: (e) => Boolean(e.dataTransfer?.files?.length) }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          this.#snapshot = null;
          const edits = [];
          // Last change first: each then keeps the positions of the text before it.
          update.changes.iterChanges((from, to, _fromB, _toB, inserted) => {
            edits.unshift({ from, to, inserted: inserted.length });
          });
          onChange(edits);
        }),
        theme,
      ];
      this.#view = new EditorView({
        root,
        parent: root,
        state: EditorState.create({ doc: text, selection: EditorSelection.single(anchor, head), extensions: this.#extensions }),
      });
    }

    /** Scrolls to `at` (a text offset) and, with `focus`, gives the editor focus with the caret there. */
    reveal(at, focus) {
      const view = this.#view;
      view.dispatch({ effects: EditorView.scrollIntoView(at, { y: focus ? 'center' : 'start' }) });
      if (focus) view.focus();
    }

    /** Replaces the whole text, caret at the start; not reported as an edit, and a fresh undo history. */
    replace(text) {
      this.#view.setState(EditorState.create({ doc: text, extensions: this.#extensions }));
      this.#snapshot = snapshotOf(this.#view.state.doc, text);
    }

    /** The document as it is now (TextBox.snapshot): one per change, so its string is made at most once. */
    snapshot() {
      this.#snapshot ??= snapshotOf(this.#view.state.doc);
      return this.#snapshot;
    }

    /** The whole text, as a string. */
    get value() {
      return this.snapshot().toString();
    }

    /** Whether the text has anything but white space, read line by line up to the first that has. */
    get hasText() {
      for (const iter = this.#view.state.doc.iterLines(); !iter.next().done;) if (/\S/.test(iter.value)) return true;
      return false;
    }

    slice(from, to) {
      return this.#view.state.doc.sliceString(from, to);
    }

    get selectionStart() {
      return this.#view.state.selection.main.from;
    }

    get selectionEnd() {
      return this.#view.state.selection.main.to;
    }

    /** Selects [from, to) and scrolls it into view, as a focused textarea does. */
    setSelectionRange(from, to) {
      this.#view.dispatch({ selection: EditorSelection.single(from, to), scrollIntoView: true });
    }

    focus() {
      this.#view.focus();
    }
  }
  customElements.define('text-editor', TextEditor);
}

/** A snapshot (TextBox.snapshot) of an editor document; `text`, if known, is its string. */
function snapshotOf(doc, text = null) {
  return {
    length: doc.length,
    slice: (from, to) => doc.sliceString(from, to),
    toString: () => {
      text ??= doc.toString();
      return text;
    },
  };
}
