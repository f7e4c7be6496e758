//! The checker's thread: runs checker-core.js in a Web Worker so that typing
//! never waits for a check.

import { startChecker } from './checker-core.js';

const handle = startChecker((message) => postMessage(message));
self.onmessage = ({ data }) => handle(data);
