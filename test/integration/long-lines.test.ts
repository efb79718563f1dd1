import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { buildCli } from '../support/built-cli.ts';
import type { BuiltCli } from '../support/built-cli.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';

let cli: BuiltCli;
before(() => {
  cli = buildCli();
});
after(() => cli.remove());

interface Run {
  code: number | null;
  stderr: string;
  peakMb: number;
}

/** Runs the built CLI in a child that reports its own peak memory as it ends. */
function fathomMeasured(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cli.measuredArgv, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TZ: 'UTC', FATHOM_DB: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /peak-rss-kb (\d+)/.exec(stderr);
      resolve({ code, stderr, peakMb: peak ? Number(peak[1]) / 1024 : NaN });
    });
  });
}

/** A calendar whose second event carries a DESCRIPTION of `mb` megabytes on one line, written a megabyte at a time. */
function writeLongLineCalendar(path: string, mb: number): void {
  const fd = openSync(path, 'w');
  try {
    const event = (uid: string, summary: string) =>
      `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250110T100000Z\r\nDTEND:20250110T110000Z\r\nSUMMARY:${summary}\r\n`;
    writeSync(
      fd,
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fathom tests//EN\r\n${event('a@fathom.test', 'Lunch')}END:VEVENT\r\n`,
    );
    // Line 17 is the long one.
    writeSync(fd, event('b@fathom.test', 'Offsite'));
    writeSync(fd, 'DESCRIPTION:');
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < mb; i++) writeSync(fd, megabyte);
    writeSync(fd, '\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
  } finally {
    closeSync(fd);
  }
}

/** Three cards, the second with a NOTE of `mb` megabytes on one line (line 7), written a megabyte at a time. */
function writeLongLineCards(path: string, mb: number): void {
  const fd = openSync(path, 'w');
  try {
    const card = (name: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nEND:VCARD\r\n`;
    writeSync(fd, `${card('Ana Lima')}BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:`);
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < mb; i++) writeSync(fd, megabyte);
    writeSync(fd, `\r\nFN:Bea Costa\r\nEND:VCARD\r\n${card('Ivo Petrov')}`);
  } finally {
    closeSync(fd);
  }
}

for (const dialect of dialects) {
  describe(`an address book with a 200 MB line on ${dialect}`, () => {
    test(
      'is refused naming the line, in bounded memory, and the ledger is unchanged',
      { timeout: 60_000 },
      async (ctx) => {
        const t = await freshTarget(dialect);
        const dir = mkdtempSync(join(tmpdir(), 'fathom-long-line-'));
        try {
          const file = join(dir, 'contacts.vcf');
          writeLongLineCards(file, 200);
          const init = await fathomMeasured([
            '--db',
            t.target,
            'init',
            'Build research tools',
            '--time-zone',
            'UTC',
          ]);
          assert.equal(init.code, 0, init.stderr);
          const run = await fathomMeasured(['--db', t.target, 'import', file, '--max-size', '300MB']);
          rmSync(file);
          ctx.diagnostic(
            `peak ${Math.round(run.peakMb)} MB importing, ${Math.round(init.peakMb)} MB for init`,
          );
          assert.equal(run.code, 2, run.stderr);
          assert.match(run.stderr, /contacts\.vcf:7: NOTE: line longer than 10 MB/);
          // An address book is read whole (up to --max-size); the line reader adds at most a few times
          // its 10 MB limit to that, where holding the line took three times its size.
          assert.ok(
            run.peakMb < init.peakMb + 200 + 80,
            `peak ${Math.round(run.peakMb)} MB, idle ${Math.round(init.peakMb)} MB`,
          );
          const store = await openStore(t.target);
          try {
            const people = await store.db.selectFrom('people').select('id').execute();
            const runs = await store.db.selectFrom('import_runs').select('id').execute();
            assert.deepEqual([people.length, runs.length], [0, 0]);
          } finally {
            await store.close();
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await t.cleanup();
        }
      },
    );
  });

  describe(`a calendar with a 200 MB line on ${dialect}`, () => {
    test(
      'is refused naming the line, in bounded memory, and the ledger is unchanged',
      { timeout: 60_000 },
      async (ctx) => {
        const t = await freshTarget(dialect);
        const dir = mkdtempSync(join(tmpdir(), 'fathom-long-line-'));
        try {
          const file = join(dir, 'offsite.ics');
          writeLongLineCalendar(file, 200);
          const init = await fathomMeasured([
            '--db',
            t.target,
            'init',
            'Build research tools',
            '--time-zone',
            'UTC',
          ]);
          assert.equal(init.code, 0, init.stderr);
          const run = await fathomMeasured([
            '--db',
            t.target,
            'import',
            file,
            '--from',
            '2025-01-01',
            '--to',
            '2025-12-31',
          ]);
          rmSync(file);
          ctx.diagnostic(
            `peak ${Math.round(run.peakMb)} MB importing, ${Math.round(init.peakMb)} MB for init`,
          );
          assert.equal(run.code, 2, run.stderr);
          assert.match(run.stderr, /offsite\.ics:17: DESCRIPTION: line longer than 10 MB/);
          // The program's own footprint plus a few times the 10 MB limit; reading the line whole took 1.2 GB.
          assert.ok(
            run.peakMb < init.peakMb + 150,
            `peak ${Math.round(run.peakMb)} MB, idle ${Math.round(init.peakMb)} MB`,
          );
          const store = await openStore(t.target);
          try {
            const entries = await store.db.selectFrom('entries').select('id').execute();
            const runs = await store.db.selectFrom('import_runs').select('id').execute();
            assert.deepEqual([entries.length, runs.length], [0, 0]);
          } finally {
            await store.close();
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await t.cleanup();
        }
      },
    );
  });
}
