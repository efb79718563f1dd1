import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { invoke } from '../../src/operations/registry.ts';
import type { Context, Operation } from '../../src/operations/registry.ts';
import { createApp } from '../../src/server/create-app.ts';
import { loopbackHosts } from '../../src/server/local-guard.ts';
import { startServer } from '../../src/server/start-server.ts';
import type { RunningServer } from '../../src/server/start-server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/open-store.ts';
import { ensureAccount, localAccountId } from '../../src/store/settings-store.ts';
import { freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

export const chromiumPath = '/usr/bin/chromium';
const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The built web app; built here when missing so a single test file can run on its own. */
async function ensureWebBuild(): Promise<void> {
  if (existsSync(`${webRoot}/index.html`)) return;
  const { build } = await import('vite');
  await build({ root: fileURLToPath(new URL('../../web', import.meta.url)), logLevel: 'warn' });
}

/** The real server on a random port over a fresh SQLite ledger, with a browser to drive it. */
export interface BrowserApp {
  url: string;
  store: Store;
  browser: Browser;
  /** Runs an operation directly against the ledger the server uses (for setting up a test). */
  run<R>(op: Operation<never, R> | Operation, input: Record<string, unknown>): Promise<R>;
  /** A fresh page at the given width, failing the test on any script error or CSP violation. */
  page(width?: number): Promise<Page>;
  /** Problems the pages reported: uncaught errors, console errors, dialogs opened by scripts. */
  problems: string[];
  close(): Promise<void>;
}

/** Starts the server exactly as `fathom serve` builds it, with a fixed clock when given. */
export async function startBrowserApp(options: { now?: string } = {}): Promise<BrowserApp> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}; install it with: apt-get install -y chromium`);
  }
  await ensureWebBuild();
  const target: TestTarget = await freshTarget('sqlite');
  const store = await openStore(target.target);
  await ensureAccount(store.db, localAccountId);
  const clock = options.now ? new Date(options.now) : undefined;
  const now = () => (clock ? new Date(clock.getTime()) : new Date());
  const server: RunningServer = await startServer(
    (port) =>
      createApp({
        store,
        resolveAccount: () => localAccountId,
        allowedHosts: loopbackHosts(port),
        webRoot,
        now,
        log: () => undefined,
      }),
    '127.0.0.1',
    0,
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
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
  const problems: string[] = [];
  const base: Omit<Context, 'db'> = { store, accountId: localAccountId, now };
  return {
    url: server.url.replace(/\/$/, ''),
    store,
    browser,
    problems,
    run: (op, input) => invoke(op as Operation, base, input) as never,
    async page(width = 1280) {
      const context = await browser.newContext({
        viewport: { width, height: width < 500 ? 844 : 900 },
        deviceScaleFactor: 1,
        colorScheme: 'light',
        reducedMotion: 'reduce',
      });
      if (clock) await context.clock.setFixedTime(clock);
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        // confirm() is the app's own question before an undo; anything else (alert) is a script we did not write.
        if (d.type() === 'confirm') void d.accept();
        else {
          problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
          void d.dismiss();
        }
      });
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      await store.close();
      await target.cleanup();
    },
  };
}

/** The page's scroll width, to check nothing pokes out sideways at phone width. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
}
