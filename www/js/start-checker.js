//! Starts the checker as early as the page can. index.html loads this before
//! app.js, so the worker downloads and compiles the Wasm core while the rest
//! of the page's scripts are still loading; app.js then uses this client.

import { CheckerClient } from './checker.js';

export const checker = new CheckerClient();
