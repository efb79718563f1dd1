import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { makeLinkedInCsv } from '../../src/importers/contacts/contacts-bench.ts';
import { createApp } from '../../src/server/create-app.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/open-store.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { buildCli } from '../support/built-cli.ts';
import type { BuiltCli } from '../support/built-cli.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

let cli: BuiltCli;
before(() => {
  cli = buildCli();
});
after(() => cli.remove());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a process of its own without waiting for it, so several can run at once. */
function fathom(db: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli.argv, '--db', db, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC', FATHOM_DB: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function ok(r: Run, what: string): void {
  assert.equal(r.code, 0, `${what} failed with ${r.code}: ${r.stderr}`);
}

async function entryCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', localAccountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function peopleCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', localAccountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of dialects) {
  describe(`writers at once on ${dialect}`, () => {
    let dir: string;
    let csv: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'fathom-writers-'));
      csv = join(dir, 'Connections.csv');
      // Large enough that the import holds the ledger for a good while as the others arrive.
      writeFileSync(csv, makeLinkedInCsv(20_000));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('an import and 50 log commands at once all succeed', { timeout: 180_000 }, async () => {
      const t: TestTarget = await freshTarget(dialect);
      try {
        ok(await fathom(t.target, ['init', 'Build research tools', '--time-zone', 'UTC']), 'init');
        const runs = [
          fathom(t.target, ['import', csv, '--json']),
          ...Array.from({ length: 50 }, (_, i) => fathom(t.target, ['log', '30m', `Coffee ${i}`, '--json'])),
        ];
        const results = await Promise.all(runs);
        results.forEach((r, i) => ok(r, i === 0 ? 'the import' : `log ${i - 1}`));
        const store = await openStore(t.target);
        try {
          assert.equal(await entryCount(store), 50);
          const imported = (JSON.parse(results[0]!.stdout) as { counts: { created: number } }).counts.created;
          assert.ok(imported > 15_000, `the import created ${imported} people`);
          assert.equal(await peopleCount(store), imported);
        } finally {
          await store.close();
        }
      } finally {
        await t.cleanup();
      }
    });

    test('an import while the server takes writes: both succeed', { timeout: 180_000 }, async () => {
      const t: TestTarget = await freshTarget(dialect);
      const store = await openStore(t.target);
      try {
        ok(await fathom(t.target, ['init', 'Build research tools', '--time-zone', 'UTC']), 'init');
        const app = createApp({
          store,
          resolveAccount: () => localAccountId,
          allowedHosts: ['fathom.test'],
          webRoot: null,
          log: () => undefined,
        });
        const importing = fathom(t.target, ['import', csv, '--json']);
        let done = false;
        void importing.then(() => (done = true));
        const statuses: number[] = [];
        // The server keeps logging entries, one after another as a busy user would, until the import ends.
        while (!done || statuses.length < 5) {
          const res = await app.request('http://fathom.test/api/entries', {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: 'http://fathom.test' },
            body: JSON.stringify({ duration: '20m', title: `Call ${statuses.length}` }),
          });
          statuses.push(res.status);
          assert.equal(res.status, 200, await res.text());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        ok(await importing, 'the import');
        assert.equal(await entryCount(store), statuses.length);
        assert.ok((await peopleCount(store)) > 15_000);
      } finally {
        await store.close();
        await t.cleanup();
      }
    });

    if (dialect === 'sqlite') {
      test('a writer that waits past its limit exits 7 naming the other writer, and changes nothing', async () => {
        const t: TestTarget = await freshTarget(dialect);
        try {
          ok(await fathom(t.target, ['init', 'Build research tools', '--time-zone', 'UTC']), 'init');
          // Another program holds the write lock for longer than the writer is willing to wait.
          const holder = new BetterSqlite3(t.target);
          holder.exec('begin immediate');
          const started = performance.now();
          const blocked = await fathom(t.target, ['log', '30m', 'Coffee'], { FATHOM_LOCK_WAIT_MS: '1500' });
          const waited = performance.now() - started;
          holder.exec('rollback');
          holder.close();
          assert.equal(blocked.code, 7, blocked.stderr);
          assert.match(blocked.stderr, /another Fathom is writing to this ledger/i);
          assert.ok(waited >= 1500, `gave up after ${Math.round(waited)} ms`);
          const store = await openStore(t.target);
          try {
            assert.equal(await entryCount(store), 0);
          } finally {
            await store.close();
          }
          ok(await fathom(t.target, ['log', '30m', 'Coffee']), 'log once the lock is free');
        } finally {
          await t.cleanup();
        }
      });
    }
  });
}
