//! Runs the app in real headless Chromium (Debian's, driven by
//! playwright-core; never a downloaded browser) against the project's own
//! server on an ephemeral 127.0.0.1 port, and records every request the
//! pages make, so tests can prove that the text a person pastes never
//! leaves their device.
//!
//! ```js
//! const app = await startApp();
//! const page = await app.newPage();
//! await page.goto(app.url);
//! ...
//! assert.deepEqual(offSite(app, app.requests), []);
//! assert.deepEqual(carrying(app.requests, text), []);
//! await app.close();
//! ```

import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/server.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', // the tests run as root in CI
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Starts the server and a browser. Resolves to
 * `{ url, browser, context, newPage, newContext, requests, errors, close }`:
 * - `newPage()` opens a page in the shared `context`; `newContext()` makes a
 *   fresh context (empty cache, no service worker yet) that is recorded too.
 * - `requests`: every request any page or worker made, in order, as
 *   `{ url, method, headers, postData, resourceType, fromServiceWorker, body() }`;
 *   WebSocket connections are included with method `WEBSOCKET`. `body()`
 *   resolves to the response body (a Buffer), or null when there was none.
 * - `errors`: uncaught page errors and console errors (a CSP violation is
 *   one), as strings.
 */
export async function startApp() {
  const server = await startServer({ port: 0 });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    await server.close();
    throw new Error(`could not start ${CHROMIUM} (run scripts/setup): ${e.message}`);
  }
  const requests = [];
  const errors = [];
  const newContext = async (options = {}) => {
    const context = await browser.newContext(options);
    record(context, requests, errors);
    return context;
  };
  const context = await newContext();
  return {
    url: server.url,
    browser,
    context,
    requests,
    errors,
    newPage: () => context.newPage(),
    newContext,
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** Records a context's requests and its pages' WebSockets and errors. */
function record(context, requests, errors) {
  context.on('request', (request) => {
    requests.push({
      url: request.url(),
      method: request.method(),
      headers: request.headers(),
      postData: request.postDataBuffer()?.toString('utf8') ?? null,
      resourceType: request.resourceType(),
      fromServiceWorker: request.serviceWorker() !== null,
      body: async () => {
        const response = await request.response();
        return response ? response.body() : null;
      },
    });
  });
  context.on('page', (page) => {
    page.on('websocket', (socket) => {
      requests.push({
        url: socket.url(),
        method: 'WEBSOCKET',
        headers: {},
        postData: null,
        resourceType: 'websocket',
        fromServiceWorker: false,
        body: async () => null,
      });
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
  });
}

/** Requests that went anywhere but the app's own origin (data: and blob: URLs stay in the page). */
export function offSite(app, requests) {
  const origin = new URL(app.url).origin;
  return requests.filter(({ url }) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

/**
 * Requests that carry any part of `text` (a 24-character stretch from its
 * start, middle or end) in the URL, a header or the body, as sent or
 * URL-decoded.
 */
export function carrying(requests, text) {
  const squeeze = (s) => s.replace(/\s+/g, ' ');
  const flat = squeeze(text);
  const size = Math.min(24, flat.length);
  const middle = Math.max(0, Math.floor((flat.length - size) / 2));
  const pieces = [...new Set([flat.slice(0, size), flat.slice(middle, middle + size), flat.slice(-size)])];
  const decode = (s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return requests.filter((request) => {
    const sent = [request.url, request.postData ?? '', ...Object.values(request.headers)];
    const seen = sent.flatMap((s) => [squeeze(s), squeeze(decode(s))]);
    return pieces.some((piece) => seen.some((s) => s.includes(piece)));
  });
}
