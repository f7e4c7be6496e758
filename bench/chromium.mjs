//! What every browser benchmark starts with: the app's own server on an
//! ephemeral 127.0.0.1 port and Debian's Chromium, headless (never a
//! downloaded browser), with the line that dates the figures.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { root } from '../scripts/lib/config.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/harness.mjs';

/**
 * Runs `benchmark({ browser, url })` against the app and closes both after.
 * Stops with a message when the app's files are not ready.
 */
export async function withChromium(benchmark) {
  // Without the precache manifest the service worker cannot install.
  if (!existsSync(join(root, 'www', 'precache-manifest.js'))) {
    console.error('bench: run `node scripts/copy-vendor.mjs` first (the app needs its vendored files and precache manifest)');
    process.exit(1);
  }
  const server = await startServer({ dir: root, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    console.log(`Chromium ${browser.version()}, ${new Date().toISOString().slice(0, 10)}`);
    await benchmark({ browser, url: server.url });
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was asked to run. */
export const runAlone = (moduleUrl) => process.argv[1] === fileURLToPath(moduleUrl);
