//! The checker's thread: runs checker-core.js in a Web Worker so that typing
//! never waits for a check. The Wasm core loads on the first message, not
//! when the worker starts: a page that draws a saved report first (app.js)
//! asks once it is on screen, so that compiling the core and its first
//! check do not compete with drawing it. The core's download then starts
//! at once, beside the scripts that use it rather than after them.

let core;

/** The core's message handler, loading it on first use. */
function started() {
  if (!core) {
    const wasm = fetch(new URL('../pkg/clauselens_bg.wasm', import.meta.url));
    core = import('./checker-core.js').then(({ startChecker }) => startChecker((message) => postMessage(message), wasm));
    // A core that cannot load fails the worker, as a failed static import
    // would, and the client starts another.
    core.catch((error) => setTimeout(() => { throw error; }));
  }
  return core;
}

// Messages wait for the core, in order.
self.onmessage = ({ data }) => started().then((handle) => handle(data));
