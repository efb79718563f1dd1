import { Agent, request } from 'node:http';
import { scaleLedger } from '../src/demo/scale-ledger.ts';
import { operations } from '../src/operations/index.ts';
import { invoke } from '../src/operations/registry.ts';
import type { Operation } from '../src/operations/registry.ts';
import { createApp } from '../src/server/create-app.ts';
import { loopbackHosts } from '../src/server/local-guard.ts';
import { startServer } from '../src/server/start-server.ts';
import { bulkLoad } from '../src/store/bulk-load.ts';
import { openStore } from '../src/store/open-store.ts';
import { ensureAccount, localAccountId, updateSettings } from '../src/store/settings-store.ts';
import { median, timeIt } from './measure.ts';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

/** The dashboard's operation: the insights dashboard once it exists, else the month report it is built on. */
function dashboardOperation(): Operation {
  const op =
    operations.find((o) => o.name === 'insights.dashboard' && o.http?.method === 'GET') ??
    operations.find((o) => o.name === 'report');
  if (!op) throw new Error('no dashboard or report operation');
  return op;
}

/** One request over a kept-alive loopback connection; the body is read whole, as a client would. */
function call(
  agent: Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        if ((res.statusCode ?? 0) < 400) resolve();
        else
          reject(
            new Error(
              `${init.method ?? 'GET'} ${url}: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`,
            ),
          );
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * The API over a real loopback HTTP connection on a ledger of 50,000 people and 200,000 entries:
 * median and 95th-percentile latency of the dashboard (and of its operation called directly),
 * the month report, a page of people, logging an entry, and
 * how many light requests per second one server answers with 16 clients.
 */
export async function benchServer(
  target: string,
  sizes = { people: 50_000, entries: 200_000 },
): Promise<Record<string, number>> {
  const store = await openStore(target);
  const now = new Date('2026-11-26T18:00:00Z');
  try {
    await ensureAccount(store.db, localAccountId);
    await updateSettings(store.db, localAccountId, { timeZone: 'Europe/Berlin' });
    const data = scaleLedger({ ...sizes, seed: 1, until: '2026-11-26', timeZone: 'Europe/Berlin' });
    await store.db.transaction().execute((trx) => bulkLoad(trx, localAccountId, data.people, data.entries));

    const server = await startServer(
      (port) =>
        createApp({
          store,
          resolveAccount: () => localAccountId,
          now: () => now,
          allowedHosts: loopbackHosts(port),
          webRoot: null,
        }),
      '127.0.0.1',
      0,
    );
    try {
      const base = server.url.replace(/\/$/, '');
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const sample = async (path: string, n: number, init?: Parameters<typeof call>[2]) => {
        for (let i = 0; i < 3; i++) await call(agent, `${base}${path}`, init);
        const times: number[] = [];
        for (let i = 0; i < n; i++) times.push(await timeIt(() => call(agent, `${base}${path}`, init)));
        return times;
      };
      const dashboardOp = dashboardOperation();
      // The same operation called directly, interleaved with the HTTP calls so that both see the same
      // machine load: the difference is what HTTP, routing and JSON add.
      const dashboardUrl = `${base}/api${dashboardOp.http!.path}`;
      const scope = { store, accountId: localAccountId, now: () => now };
      for (let i = 0; i < 3; i++) await call(agent, dashboardUrl);
      const dashboard: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < 40; i++) {
        dashboard.push(await timeIt(() => call(agent, dashboardUrl)));
        direct.push(await timeIt(() => invoke(dashboardOp, scope, {})));
      }
      const month = await sample('/api/report?month=2026-10', 30);
      const people = await sample('/api/people?limit=50&circle=network', 30);
      const logged = await sample('/api/entries', 50, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          duration: '45m',
          title: 'Coffee',
          mode: 'networking',
          verdict: 'forward',
          at: '2026-11-20 10:00',
        }),
      });

      // Throughput of a light read: 16 clients, each sending its next request when the last is answered.
      // The clients share the server's process, so this is a lower bound of what the server alone can do.
      const until = performance.now() + 2000;
      let answered = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < until) {
            await call(agent, `${base}/api/settings`);
            answered++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      agent.destroy();

      return {
        entries: sizes.entries,
        dashboardMedianMs: median(dashboard),
        dashboardP95Ms: percentile(dashboard, 0.95),
        dashboardDirectMedianMs: median(direct),
        reportMonthMedianMs: median(month),
        peoplePageMedianMs: median(people),
        logEntryMedianMs: median(logged),
        settingsRequestsPerSecond: answered / seconds,
      };
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
  }
}
