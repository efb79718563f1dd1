import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { scaleLedger } from '../src/demo/scale-ledger.ts';
import { demo } from '../src/operations/demo-operations.ts';
import { invoke } from '../src/operations/registry.ts';
import { createApp } from '../src/server/create-app.ts';
import { loopbackHosts } from '../src/server/local-guard.ts';
import { startServer } from '../src/server/start-server.ts';
import type { RunningServer } from '../src/server/start-server.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../src/store/settings-store.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const webRoot = fileURLToPath(new URL('../web/dist', import.meta.url));
const now = new Date('2026-11-26T18:00:00Z');

/** Gzipped bytes of the JavaScript the built index.html loads before anything else (entry and preloads). */
export function firstPageJsGzipBytes(root = webRoot): number {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let total = 0;
  for (const src of new Set(scripts))
    total += gzipSync(readFileSync(join(root, src.replace(/^\//, '')))).length;
  return total;
}

async function serve(store: Store): Promise<RunningServer> {
  return startServer(
    (port) =>
      createApp({
        store,
        resolveAccount: () => localAccountId,
        allowedHosts: loopbackHosts(port),
        webRoot,
        now: () => new Date(now.getTime()),
        log: () => undefined,
      }),
    '127.0.0.1',
    0,
  );
}

async function withLedger<T>(
  fill: (store: Store) => Promise<void>,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-web-bench-'));
  const store = await openStore(join(dir, 'fathom.db'));
  try {
    await ensureAccount(store.db, localAccountId);
    await fill(store);
    const server = await serve(store);
    try {
      return await work(server.url.replace(/\/$/, ''));
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from navigation start until the dashboard's figures and chart are on screen, cold cache. */
async function dashboardReadyMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  try {
    await context.clock.setFixedTime(now);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      "document.querySelector('.dashboard[data-ready]') && performance.now()",
      undefined,
      {
        polling: 'raf',
        timeout: 30_000,
      },
    );
    return Number(await handle.jsonValue());
  } finally {
    await context.close();
  }
}

// Runs in the page: scrolls the people list one step per frame until 2,000 rows have passed, then
// waits until the rows in view show names (not placeholders). Reports total time and frame times.
const scrollScript = `(async () => {
  const box = document.querySelector('[data-testid="people-scroll"]');
  const rows = 2000, rowHeight = 60, step = 600;
  const frames = [];
  const start = performance.now();
  let last = start;
  for (let y = step; y <= rows * rowHeight; y += step) {
    box.scrollTop = y;
    await new Promise((r) => requestAnimationFrame(r));
    const t = performance.now();
    frames.push(t - last);
    last = t;
  }
  const scrolled = performance.now() - start;
  if (box.scrollTop < (rows - 20) * rowHeight) throw new Error('the people list did not scroll (at ' + box.scrollTop + ' px)');
  while (document.querySelector('.people-scroll .skeleton')) await new Promise((r) => requestAnimationFrame(r));
  const settled = performance.now() - start;
  frames.sort((a, b) => a - b);
  return { scrolled, settled, frames: frames.length, p95: frames[Math.floor(frames.length * 0.95)], worst: frames[frames.length - 1] };
})()`;

interface ScrollFigures {
  scrolled: number;
  settled: number;
  frames: number;
  p95: number;
  worst: number;
}

/**
 * The web app's figures: JavaScript shipped for the first page (gzipped), the demo dashboard's
 * ready time in headless Chromium (median of 5), and scrolling 2,000 rows of a 50,000-person list.
 */
export async function benchWeb(): Promise<Record<string, number>> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    const { build } = await import('vite');
    await build({ root: fileURLToPath(new URL('../web', import.meta.url)), logLevel: 'warn' });
  }
  const jsBytes = firstPageJsGzipBytes();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const ready = await withLedger(
      async (store) => {
        await invoke(demo, { store, accountId: localAccountId, now: () => now }, { until: '2026-11-26' });
      },
      async (url) => {
        await dashboardReadyMs(browser, url); // warm the server's statement cache once
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await dashboardReadyMs(browser, url));
        return median(times);
      },
    );
    const scroll = await withLedger(
      async (store) => {
        const data = scaleLedger({
          people: 50_000,
          entries: 2_000,
          seed: 1,
          until: '2026-11-26',
          timeZone: 'UTC',
        });
        await store.db
          .transaction()
          .execute((trx) => bulkLoad(trx, localAccountId, data.people, data.entries));
      },
      async (url) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
        try {
          const page = await context.newPage();
          const start = performance.now();
          await page.goto(`${url}/people`);
          await page.getByText('50,000 people').waitFor({ timeout: 30_000 });
          await page.locator('.people-scroll .person-link').first().waitFor();
          const firstRowsMs = performance.now() - start;
          const figures = (await page.evaluate(scrollScript)) as ScrollFigures;
          return { firstRowsMs, ...figures };
        } finally {
          await context.close();
        }
      },
    );
    return {
      firstPageJsGzipKB: jsBytes / 1024,
      dashboardReadyMedianMs: ready,
      people50kFirstRowsMs: scroll.firstRowsMs,
      people50kScroll2000RowsMs: scroll.scrolled,
      people50kScrollFrames: scroll.frames,
      people50kScrollP95FrameMs: scroll.p95,
      people50kScrollWorstFrameMs: scroll.worst,
      people50kRowsFilledMs: scroll.settled,
    };
  } finally {
    await browser.close();
  }
}
