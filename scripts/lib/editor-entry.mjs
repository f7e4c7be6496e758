//! What the page takes from CodeMirror 6 for its text box for long texts
//! (www/js/text-box.js): the editor's state and view, undo history and the
//! standard keymap, and nothing else (no language, no line numbers).
//! scripts/copy-vendor.mjs bundles this file with esbuild into
//! www/vendor/codemirror/codemirror.js, served from the app's own origin.

export { EditorState, EditorSelection } from '@codemirror/state';
export { EditorView, keymap } from '@codemirror/view';
export { history, standardKeymap, historyKeymap } from '@codemirror/commands';
