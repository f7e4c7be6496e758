//! Starts the checker's worker as early as the page can: index.html loads
//! this before app.js, so the worker's thread and script are ready by the
//! time app.js first asks it something, which loads the Wasm core
//! (worker.js); app.js uses this client.

import { CheckerClient } from './checker.js';

export const checker = new CheckerClient();
