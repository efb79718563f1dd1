import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { importFile } from '../../src/operations/import-operations.ts';
import { personAdd } from '../../src/operations/people-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { createApp } from '../../src/server/create-app.ts';
import { securityHeaders } from '../../src/server/local-guard.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { solidPng } from '../support/images.ts';
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

const png = solidPng(3, 2, [10, 120, 90]);

/** Imports one vCard whose person has `png` as their photo; returns the person's id. */
async function importWithPhoto(ledger: TestLedger): Promise<number> {
  const card = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    'FN:Ines Photo',
    'EMAIL:ines@example.org',
    `PHOTO:data:image/png;base64,${png.toString('base64')}`,
    'END:VCARD',
    '',
  ].join('\r\n');
  const report = await invoke(importFile, ledger.ctx, {
    file: 'phone.vcf',
    content: Buffer.from(card).toString('base64'),
  });
  assert.equal(report.counts.created, 1);
  const row = await ledger.store.db.selectFrom('people').select('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

for (const dialect of dialects) {
  describe(`person photos over HTTP (${dialect})`, () => {
    test('a photo is served as the image it is, cacheable by its version, with nosniff and the CSP', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const id = await importWithPhoto(ledger);
        const app = appFor(ledger);
        const person = (await (await app.request(`${origin}/api/people/${id}`)).json()) as {
          photo: { url: string; contentType: string; bytes: number };
        };
        assert.equal(person.photo.contentType, 'image/png');
        assert.equal(person.photo.bytes, png.length);

        const res = await app.request(`${origin}${person.photo.url}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        assert.equal(res.headers.get('content-length'), String(png.length));
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('cache-control'), 'private, max-age=31536000, immutable');
        for (const [name, value] of Object.entries(securityHeaders))
          assert.equal(res.headers.get(name), value, name);
        assert.match(res.headers.get('content-security-policy') ?? '', /img-src 'self';/);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), png);

        // Without the version (or an old one) the browser asks again, and a known ETag costs no bytes.
        const plain = await app.request(`${origin}/api/people/${id}/photo`);
        assert.equal(plain.headers.get('cache-control'), 'private, no-cache');
        const etag = plain.headers.get('etag')!;
        assert.match(etag, /^"[0-9a-f]{64}"$/);
        const again = await app.request(`${origin}/api/people/${id}/photo?v=0000000000000000`, {
          headers: { 'if-none-match': etag },
        });
        assert.equal(again.status, 304);
        assert.equal(again.headers.get('cache-control'), 'private, no-cache');
        assert.equal((await again.arrayBuffer()).byteLength, 0);
      } finally {
        await ledger.close();
      }
    });

    test('someone without a photo, or nobody at all, is a JSON 404', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const added = await invoke(personAdd, ledger.ctx, { name: 'No Photo' });
        const app = appFor(ledger);
        const none = await app.request(`${origin}/api/people/${added.person.id}/photo`);
        assert.equal(none.status, 404);
        assert.equal(none.headers.get('content-type'), 'application/json; charset=utf-8');
        const body = (await none.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.message, `person: #${added.person.id} has no photo.`);
        assert.equal(added.person.photo, null);
        const nobody = await app.request(`${origin}/api/people/4242/photo`);
        assert.equal(nobody.status, 404);
        // The route is in the API's own description.
        const doc = (await (await app.request(`${origin}/api/openapi.json`)).json()) as {
          paths: Record<string, { get?: { operationId: string } }>;
        };
        assert.equal(doc.paths['/api/people/{person}/photo']?.get?.operationId, 'personPhoto');
      } finally {
        await ledger.close();
      }
    });
  });
}
