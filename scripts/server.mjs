//! Serves www/ on 127.0.0.1 with the headers the app relies on: the right
//! types for Wasm and modules, and a strict Content-Security-Policy (the
//! page may talk to no host but its own, which is how the text a person
//! pastes stays on their device). The tests start the same server.
//!
//! `node scripts/server.mjs` serves on $PORT (default 8080), or the next free
//! port when that one is busy, and prints the URL.

import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { root } from './lib/config.mjs';

export const HOST = '127.0.0.1';

/** Sent with every response. `frame-ancestors` works only as a header. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Starts serving `dir` (default www/) on `port` (0 picks a free one); with
 * `nextFreePort`, a busy port is skipped for the next one up.
 * Resolves to `{ url, port, close }`; `close()` resolves once it has stopped.
 */
export async function startServer({ dir = join(root, 'www'), port = 0, nextFreePort = false } = {}) {
  // `dev`: files are looked up per request, so a rebuild is served at once;
  // ETags still let the browser revalidate its cache cheaply.
  const serve = sirv(dir, {
    dev: true,
    etag: true,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    },
    onNoMatch: (req, res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    },
  });
  const server = createServer(serve);
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port + (nextFreePort ? attempt : 0), HOST, () => {
          server.off('error', reject);
          resolve();
        });
      });
      break;
    } catch (e) {
      if (!(nextFreePort && e.code === 'EADDRINUSE' && attempt < 50)) throw e;
    }
  }
  const actual = server.address().port;
  return {
    url: `http://${HOST}:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`serve: PORT must be a port number, not "${process.env.PORT}"`);
    process.exit(2);
  }
  const { url } = await startServer({ port, nextFreePort: true });
  console.log(`ClauseLens is served at ${url}  (Ctrl-C stops it)`);
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
