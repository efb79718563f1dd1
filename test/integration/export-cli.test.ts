import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { log } from '../../src/operations/ledger-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { openStore } from '../../src/store/open-store.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { withoutExportTime } from '../support/archive-ledger.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));
const env = { ...process.env, TZ: 'UTC', FATHOM_DB: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fathom(db: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, '--db', db, ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: Run): T {
  assert.equal(r.code, 0, `expected success, got ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

for (const dialect of dialects) {
  describe(`fathom export, restore and backup on ${dialect}`, () => {
    let source: TestTarget;
    let target: TestTarget;
    const dir = mkdtempSync(join(tmpdir(), 'fathom-export-cli-'));
    before(async () => {
      source = await freshTarget(dialect);
      target = await freshTarget(dialect);
      json(fathom(source.target, 'demo', '--people', '30', '--months', '2', '--json'));
    });
    after(async () => {
      await source.cleanup();
      await target.cleanup();
    });

    test('export writes the archive, refuses to replace a file unless --force, and names what it needs', () => {
      const file = join(dir, 'ledger.fathom');
      const written = json<{
        file: string;
        format: string;
        compressed: boolean;
        tables: Record<string, number>;
      }>(fathom(source.target, 'export', file, '--json'));
      assert.deepEqual([written.file, written.format, written.compressed], [file, 'archive', true]);
      assert.equal(written.tables.people, 30);
      const again = fathom(source.target, 'export', file);
      assert.equal(again.code, 5);
      assert.match(again.stderr, /ledger\.fathom already exists; add --force to replace it/);
      assert.equal(fathom(source.target, 'export', file, '--force').code, 0);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith('.part')),
        [],
        'no temporary file is left behind',
      );

      const csv = fathom(source.target, 'export', join(dir, 'people.csv'));
      assert.equal(csv.code, 2);
      assert.match(
        csv.stderr,
        /a \.csv file can hold people or entries; add --format people-csv or --format entries-csv/,
      );
      assert.equal(
        fathom(source.target, 'export', join(dir, 'people.csv'), '--format', 'people-csv').code,
        0,
      );
      assert.ok(
        readFileSync(join(dir, 'people.csv'))
          .subarray(0, 3)
          .equals(Buffer.from([0xef, 0xbb, 0xbf])),
      );
      const unnamed = fathom(source.target, 'export', join(dir, 'ledger.txt'));
      assert.equal(unnamed.code, 2);
      assert.match(unnamed.stderr, /does not say what to export/);
      const nowhere = fathom(source.target, 'export', join(dir, 'no-such-folder', 'x.json'));
      assert.equal(nowhere.code, 3);
      assert.match(nowhere.stderr, /the folder .*no-such-folder does not exist/);
      assert.equal(fathom(source.target, 'export', join(dir, 'entries.ics')).code, 0);
      assert.match(readFileSync(join(dir, 'entries.ics'), 'utf8'), /^BEGIN:VCALENDAR/);
    });

    test('people exported as vCards come back through the import as the same people', async () => {
      const file = join(dir, 'people.vcf');
      const written = json<{ format: string }>(fathom(source.target, 'export', file, '--json'));
      assert.equal(written.format, 'vcard');
      assert.match(readFileSync(file, 'utf8'), /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
      const other = await freshTarget(dialect);
      try {
        const run = json<{ counts: { created: number } }>(fathom(other.target, 'import', file, '--json'));
        assert.equal(run.counts.created, 30);
        const names = (db: string) =>
          json<{ people: { name: string; organization: string | null }[] }>(
            fathom(db, 'person', 'list', '--limit', '1000', '--json'),
          )
            .people.map((p) => `${p.name} / ${p.organization ?? ''}`)
            .sort();
        assert.deepEqual(names(other.target), names(source.target));
      } finally {
        await other.cleanup();
      }
    });

    test('restore loads the archive into an empty ledger once, and the ledger exports as it was', () => {
      const file = join(dir, 'ledger.fathom');
      const restored = json<{ tables: Record<string, number> }>(
        fathom(target.target, 'restore', file, '--json'),
      );
      assert.equal(restored.tables.people, 30);
      const text = fathom(target.target, 'restore', file);
      assert.equal(text.code, 5);
      assert.match(text.stderr, /This ledger is not empty: it holds 30 people, .* entries/);
      assert.equal(fathom(target.target, 'export', join(dir, 'again.json')).code, 0);
      assert.equal(
        withoutExportTime(readFileSync(join(dir, 'again.json'))),
        withoutExportTime(readFileSync(file)),
      );
      const missing = fathom(target.target, 'restore', join(dir, 'missing.fathom'));
      assert.equal(missing.code, 3);
      assert.match(missing.stderr, /missing\.fathom: no such file/);
    });

    if (dialect === 'postgres') {
      test('backup on PostgreSQL says how to use pg_dump instead of doing nothing', () => {
        const r = fathom(source.target, 'backup', join(dir, 'copy.db'));
        assert.equal(r.code, 2);
        assert.match(r.stderr, /this ledger is on PostgreSQL .*pg_dump --format=custom/);
        assert.ok(!existsSync(join(dir, 'copy.db')));
      });
      return;
    }

    test('backup copies a SQLite ledger consistently while another connection keeps writing', async () => {
      const copy = join(dir, 'copy.db');
      const writer = await openStore(source.target);
      let writes = 0;
      let writing = true;
      const ctx = { store: writer, accountId: localAccountId, now: () => new Date() };
      const loop = (async () => {
        while (writing) {
          await invoke(log, ctx, {
            duration: '30m',
            title: `Call ${writes}`,
            mode: 'networking',
            verdict: 'forward',
          });
          writes++;
          // SQLite answers at once: without a turn of the event loop the child's output would never be read.
          await new Promise((r) => setImmediate(r));
        }
      })();
      try {
        while (writes < 5) await new Promise((r) => setTimeout(r, 10));
        const during = writes;
        const run = await new Promise<Run>((resolve) => {
          const child = spawn(process.execPath, [bin, '--db', source.target, 'backup', copy, '--json'], {
            env,
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
        const result = json<{ file: string; bytes: number }>(run);
        assert.equal(result.file, copy);
        assert.ok(writes > during, `the writer went on during the backup (${writes - during} writes)`);
        const again = fathom(source.target, 'backup', copy);
        assert.equal(again.code, 5, 'an existing copy is not replaced without --force');
      } finally {
        writing = false;
        await loop;
        await writer.close();
      }
      const store = await openStore(copy);
      try {
        const check = await sql<{ quick_check: string }>`pragma quick_check`.execute(store.db);
        assert.equal(check.rows[0]?.quick_check, 'ok');
        // A copy taken at one commit: the rollups kept by each write equal the entries it holds.
        const sums = await sql<{ entries: number; rolled: number }>`select
            (select coalesce(sum(minutes), 0) from entries where deleted_at is null) as entries,
            (select coalesce(sum(minutes), 0) from rollup_days) as rolled`.execute(store.db);
        assert.equal(Number(sums.rows[0]!.entries), Number(sums.rows[0]!.rolled));
        const calls = await sql<{
          n: number;
        }>`select count(*) as n from entries where title like 'Call %'`.execute(store.db);
        assert.ok(Number(calls.rows[0]!.n) >= 5, 'the copy holds what was written before it');
      } finally {
        await store.close();
      }
      assert.equal(json<{ total: number }>(fathom(copy, 'person', 'list', '--json')).total, 30);
    });
  });
}
