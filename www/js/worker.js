//! The checker's thread: runs checker-core.js in a Web Worker so that typing
//! never waits for a check. The Wasm core's download starts at once, beside
//! the scripts that use it rather than after them.

const wasm = fetch(new URL('../pkg/clauselens_bg.wasm', import.meta.url));
const core = import('./checker-core.js').then(({ startChecker }) => startChecker((message) => postMessage(message), wasm));
// Messages wait for the core, in order; a core that cannot load fails the
// worker, as a failed static import would, and the client starts another.
self.onmessage = ({ data }) => core.then((handle) => handle(data));
core.catch((error) => setTimeout(() => { throw error; }));
