import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { demo } from '../../src/operations/demo-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { createApp } from '../../src/server/create-app.ts';
import type { OpenApiDocument } from '../../src/server/openapi-document.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { archiveOf, withoutExportTime } from '../support/archive-ledger.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const origin = 'http://fathom.test';

function appFor(l: TestLedger) {
  return createApp({
    store: l.store,
    resolveAccount: () => localAccountId,
    now: l.ctx.now,
    allowedHosts: ['fathom.test'],
    webRoot: null,
    log: () => undefined,
  });
}

/** Whether a transaction is left open on the ledger: a download abandoned midway must not leave one. */
async function holdsSnapshot(ledger: TestLedger): Promise<boolean> {
  if (ledger.store.dialect === 'postgres') {
    const r = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
      where datname = current_database() and state = 'idle in transaction'
        and query like 'fetch forward % from fathom_snapshot_%'`.execute(ledger.store.db);
    return Number(r.rows[0]!.n) > 0;
  }
  // A reader still holding an old snapshot keeps SQLite from copying the newer log into the file.
  const r = await sql<{ log: number; checkpointed: number }>`pragma wal_checkpoint(passive)`.execute(
    ledger.store.db,
  );
  return Number(r.rows[0]!.checkpointed) < Number(r.rows[0]!.log);
}

/** Waits up to two seconds for `done` (the export is closed a turn or two after the client leaves). */
async function eventually(done: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

for (const dialect of dialects) {
  describe(`export downloads on ${dialect}`, () => {
    test('each export downloads as an attachment of its own type, streamed', async () => {
      const ledger = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      try {
        await invoke(demo, ledger.ctx, { people: 40, months: 3 });
        const app = appFor(ledger);
        const archive = await app.request(`${origin}/api/exports/archive`);
        assert.equal(archive.status, 200);
        assert.equal(archive.headers.get('content-type'), 'application/gzip');
        assert.equal(
          archive.headers.get('content-disposition'),
          'attachment; filename="fathom-archive-2026-03-15.json.gz"',
        );
        assert.equal(archive.headers.get('cache-control'), 'no-store');
        const body = Buffer.from(await archive.arrayBuffer());
        assert.equal(JSON.parse(gunzipSync(body).toString('utf8')).format, 'fathom-archive');
        assert.equal(withoutExportTime(body), withoutExportTime(await archiveOf(ledger)));

        const people = await app.request(`${origin}/api/exports/people-csv`);
        assert.equal(people.headers.get('content-type'), 'text/csv; charset=utf-8');
        assert.equal(
          people.headers.get('content-disposition'),
          'attachment; filename="fathom-people-2026-03-15.csv"',
        );
        const csv = Buffer.from(await people.arrayBuffer());
        assert.equal(csv.subarray(0, 3).toString('hex'), 'efbbbf', 'with the byte order mark');
        assert.match(csv.toString('utf8'), /^\uFEFFID,Name,Prefix,Given name/);
        const entries = await app.request(`${origin}/api/exports/entries-csv`);
        assert.match(entries.headers.get('content-disposition')!, /fathom-entries-2026-03-15\.csv/);
        assert.match(await entries.text(), /^ID,Date,Start \(UTC\),Minutes/);
        // A HEAD request gets the headers; no export starts for a body nobody reads.
        const head = await app.request(`${origin}/api/exports/archive`, { method: 'HEAD' });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('content-type'), 'application/gzip');
        const ics = await app.request(`${origin}/api/exports/ics`);
        assert.equal(ics.headers.get('content-type'), 'text/calendar; charset=utf-8');
        assert.match(await ics.text(), /^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
        const vcards = await app.request(`${origin}/api/exports/vcard`);
        assert.equal(vcards.headers.get('content-type'), 'text/vcard; charset=utf-8');
        assert.match(
          vcards.headers.get('content-disposition') ?? '',
          /attachment; filename="fathom-people-.*\.vcf"/,
        );
        assert.match(await vcards.text(), /^BEGIN:VCARD\r\nVERSION:4\.0\r\n[\s\S]*END:VCARD\r\n$/);

        const unknown = await app.request(`${origin}/api/exports/spreadsheet`);
        assert.equal(unknown.status, 400);
        assert.match(await unknown.text(), /format/);
        const posted = await app.request(`${origin}/api/exports/archive`, {
          method: 'POST',
          headers: { origin },
        });
        assert.equal(posted.status, 405);
      } finally {
        await ledger.close();
      }
    });

    test('a download the client abandons midway frees the ledger at once', async () => {
      const ledger = await openTestLedger(dialect, '2026-03-15T12:00:00Z');
      try {
        await invoke(demo, ledger.ctx, { people: 3000, months: 24 });
        const res = await appFor(ledger).request(`${origin}/api/exports/archive`);
        const reader = res.body!.getReader();
        const first = await reader.read();
        assert.ok(first.value && first.value.length > 0);
        await invoke(personAdd, ledger.ctx, { name: 'Written while downloading' });
        assert.ok(await holdsSnapshot(ledger), 'the download reads from a snapshot while it runs');
        await reader.cancel();
        assert.ok(await eventually(async () => !(await holdsSnapshot(ledger))), 'the snapshot is let go');
      } finally {
        await ledger.close();
      }
    });
  });
}

test('the API document describes each download with its content types', async () => {
  const ledger = await openTestLedger('sqlite');
  try {
    const doc = (await (
      await appFor(ledger).request(`${origin}/api/openapi.json`)
    ).json()) as OpenApiDocument;
    const download = doc.paths['/api/exports/{format}']?.get;
    assert.ok(download);
    const ok = download.responses['200'] as { content: Record<string, unknown> };
    assert.deepEqual(Object.keys(ok.content), [
      'application/gzip',
      'text/csv; charset=utf-8',
      'text/calendar; charset=utf-8',
      'text/vcard; charset=utf-8',
    ]);
    assert.deepEqual(
      download.parameters?.map((p) => [p.name, p.in, (p.schema as { enum?: string[] }).enum]),
      [['format', 'path', ['archive', 'people-csv', 'entries-csv', 'ics', 'vcard']]],
    );
  } finally {
    await ledger.close();
  }
});
