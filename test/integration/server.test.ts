import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { FathomError } from '../../src/domain/errors.ts';
import { operations } from '../../src/operations/index.ts';
import { defineOperation } from '../../src/operations/registry.ts';
import { createApp } from '../../src/server/create-app.ts';
import type { AppOptions } from '../../src/server/create-app.ts';
import { securityHeaders } from '../../src/server/local-guard.ts';
import type { Database } from '../../src/store/database.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const origin = 'http://fathom.test';

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

function appFor(l: TestLedger, extra: Partial<AppOptions> = {}) {
  return createApp({
    store: l.store,
    resolveAccount: () => localAccountId,
    now: l.ctx.now,
    allowedHosts: ['fathom.test'],
    webRoot: null,
    limits: { jsonBytes: 4096 },
    log: () => undefined,
    ...extra,
  });
}

type App = ReturnType<typeof appFor>;

/** A request as the web app sends it: same origin, JSON. */
function send(app: App, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(`${origin}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), origin, ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function errorOf(res: Response, status: number): Promise<ErrorBody['error']> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const body = JSON.parse(text) as ErrorBody;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.error.message, 'string');
  assert.doesNotMatch(text, /\bat .+\.ts:\d+/, 'no stack trace');
  return body.error;
}

async function okJson<T>(res: Response): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  return JSON.parse(text) as T;
}

function assertSecurityHeaders(res: Response): void {
  for (const [name, value] of Object.entries(securityHeaders))
    assert.equal(res.headers.get(name), value, name);
}

interface PersonResult {
  person: { id: number; name: string; circle: string; tags: string[]; verdict: string | null };
  warnings: string[];
}

interface EntryJson {
  id: number;
  minutes: number;
  title: string;
  mode: string | null;
  verdict: string | null;
  deletedAt: string | null;
  people: { id: number; name: string }[];
}

for (const dialect of dialects) {
  describe(`HTTP API on ${dialect}`, () => {
    let l: TestLedger;
    let app: App;
    before(async () => {
      l = await openTestLedger(dialect);
      app = appFor(l);
    });
    after(() => l.close());

    test('adds a person and reads them back by id, with the JSON content type and security headers', async () => {
      const res = await send(app, 'POST', '/api/people', {
        name: 'Ana Lima',
        circle: 'network',
        email: ['ana@lima.example'],
        tag: ['Climate'],
      });
      assertSecurityHeaders(res);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const added = await okJson<PersonResult>(res);
      assert.equal(added.person.name, 'Ana Lima');
      assert.equal(added.person.circle, 'network');
      assert.deepEqual(added.person.tags, ['climate']);
      const shown = await okJson<PersonResult['person'] & { totals: { entries: number } }>(
        await send(app, 'GET', `/api/people/${added.person.id}`),
      );
      assert.equal(shown.name, 'Ana Lima');
      assert.equal(shown.totals.entries, 0);
      // A reference by email works in the path too.
      const byEmail = await okJson<{ id: number }>(
        await send(app, 'GET', `/api/people/${encodeURIComponent('ana@lima.example')}`),
      );
      assert.equal(byEmail.id, added.person.id);
    });

    test('names that look like markup or templates come back as the same JSON strings', async () => {
      for (const name of [
        '<img src=x onerror=alert(1)>',
        '{{7*7}}',
        '</script><script>alert("x")</script>',
        'Zoë "Z" O\'Neil & Co',
      ]) {
        const res = await send(app, 'POST', '/api/people', { name });
        const added = await okJson<PersonResult>(res);
        assert.equal(added.person.name, name);
        const again = await send(app, 'GET', `/api/people/${added.person.id}`);
        const raw = await again.text();
        assert.equal(again.headers.get('content-type'), 'application/json; charset=utf-8');
        assert.equal((JSON.parse(raw) as { name: string }).name, name);
        assert.ok(raw.includes(JSON.stringify(name)), 'the name is plain JSON, not HTML-escaped');
      }
    });

    test('validation errors are 400 and name the field', async () => {
      const missing = await errorOf(await send(app, 'POST', '/api/people', {}), 400);
      assert.equal(missing.code, 'invalid_input');
      assert.equal(missing.field, 'name');
      const badCircle = await errorOf(
        await send(app, 'POST', '/api/people', { name: 'Bo', circle: 'networ' }),
        400,
      );
      assert.equal(badCircle.field, 'circle');
      assert.match(badCircle.message, /circle/);
      const unknown = await errorOf(
        await send(app, 'POST', '/api/people', { name: 'Bo', circel: 'network' }),
        400,
      );
      assert.equal(unknown.field, 'circel');
      const badLimit = await errorOf(await send(app, 'GET', '/api/people?limit=abc'), 400);
      assert.equal(badLimit.field, 'limit');
      assert.match(badLimit.message, /"abc"/);
      const tooMany = await errorOf(await send(app, 'GET', '/api/people?limit=100000'), 400);
      assert.equal(tooMany.field, 'limit');
      const badFlag = await errorOf(await send(app, 'GET', '/api/people?archived=maybe'), 400);
      assert.equal(badFlag.field, 'archived');
      const typo = await errorOf(await send(app, 'GET', '/api/people?limt=5'), 400);
      assert.equal(typo.field, 'limt');
      const badJson = await errorOf(
        await app.request(`${origin}/api/people`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: '{"name":',
        }),
        400,
      );
      assert.equal(badJson.field, 'body');
      const form = await errorOf(
        await app.request(`${origin}/api/people`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'name=Bo',
        }),
        415,
      );
      assert.equal(form.code, 'unsupported_media_type');
    });

    test('a failed write changes nothing', async () => {
      const before = await okJson<{ total: number }>(await send(app, 'GET', '/api/people?limit=1'));
      await errorOf(
        await send(app, 'POST', '/api/people', { name: 'Half Written', birthday: '2026-02-30' }),
        400,
      );
      const afterwards = await okJson<{ total: number }>(await send(app, 'GET', '/api/people?limit=1'));
      assert.equal(afterwards.total, before.total);
    });

    test('query strings give numbers and booleans to reads', async () => {
      const all = await okJson<{ total: number; people: { name: string }[] }>(
        await send(app, 'GET', '/api/people?search=Ana%20Lima&archived=true'),
      );
      assert.equal(all.total, 1);
      const page = await okJson<{ total: number; people: unknown[] }>(
        await send(app, 'GET', '/api/people?limit=2&offset=1'),
      );
      assert.equal(page.people.length, 2);
      assert.ok(page.total >= 5);
      const empty = await okJson<{ people: unknown[] }>(await send(app, 'GET', '/api/people?circle=inner'));
      assert.deepEqual(empty.people, []);
    });

    test('ledger entries: log, list, show, edit, judge, delete and restore through path parameters', async () => {
      await okJson(await send(app, 'POST', '/api/people', { name: 'Ravi Menon' }));
      const logged = await okJson<EntryJson>(
        await send(app, 'POST', '/api/entries', {
          duration: '1h30',
          title: 'Lunch',
          with: ['Ravi Menon', 'ana@lima.example'],
          at: '2026-03-14 12:30',
        }),
      );
      assert.equal(logged.minutes, 90);
      assert.deepEqual(logged.people.map((p) => p.name).sort(), ['Ana Lima', 'Ravi Menon']);
      assert.equal(logged.mode, null);
      const numeric = await okJson<EntryJson>(
        await send(app, 'POST', '/api/entries', {
          duration: 45,
          title: 'Call',
          mode: 'networking',
          verdict: 'forward',
        }),
      );
      assert.equal(numeric.minutes, 45);

      const listed = await okJson<{ total: number; entries: EntryJson[] }>(
        await send(app, 'GET', '/api/entries?unjudged=true'),
      );
      assert.deepEqual(
        listed.entries.map((e) => e.id),
        [logged.id],
      );
      const shown = await okJson<EntryJson>(await send(app, 'GET', `/api/entries/${logged.id}`));
      assert.equal(shown.title, 'Lunch');
      const edited = await okJson<EntryJson>(
        await send(app, 'PATCH', `/api/entries/${logged.id}`, { title: 'Long lunch', duration: '2h' }),
      );
      assert.equal(edited.title, 'Long lunch');
      assert.equal(edited.minutes, 120);
      const judged = await okJson<EntryJson>(
        await send(app, 'POST', `/api/entries/${logged.id}/judge`, { mode: 'socializing', verdict: 'back' }),
      );
      assert.equal(judged.mode, 'socializing');
      assert.equal(judged.verdict, 'back');

      const deleted = await okJson<EntryJson>(await send(app, 'DELETE', `/api/entries/${logged.id}`));
      assert.notEqual(deleted.deletedAt, null);
      const left = await okJson<{ entries: EntryJson[] }>(await send(app, 'GET', '/api/entries'));
      assert.deepEqual(
        left.entries.map((e) => e.id),
        [numeric.id],
      );
      const gone = await errorOf(await send(app, 'DELETE', `/api/entries/${logged.id}`), 404);
      assert.equal(gone.code, 'not_found');
      assert.equal(gone.field, 'id');
      assert.equal((await errorOf(await send(app, 'GET', '/api/entries/999999'), 404)).field, 'id');
      const restored = await okJson<EntryJson>(await send(app, 'POST', `/api/entries/${logged.id}/restore`));
      assert.equal(restored.deletedAt, null);
      const twice = await errorOf(await send(app, 'POST', `/api/entries/${logged.id}/restore`), 409);
      assert.equal(twice.code, 'conflict');
      const badId = await errorOf(await send(app, 'GET', '/api/entries/abc'), 400);
      assert.equal(badId.field, 'id');

      const report = await okJson<{ totals: { entries: number; minutes: number } }>(
        await send(app, 'GET', '/api/report?month=2026-03'),
      );
      assert.deepEqual(report.totals, { entries: 2, minutes: 165, unjudgedEntries: 0, unjudgedMinutes: 0 });
    });

    test('an ambiguous reference is 422 and lists the candidates', async () => {
      await okJson(await send(app, 'POST', '/api/people', { name: 'Mia Kova' }));
      await okJson(await send(app, 'POST', '/api/people', { name: 'Mia Kova', org: 'Other' }));
      const e = await errorOf(await send(app, 'GET', `/api/people/${encodeURIComponent('Mia Kova')}`), 422);
      assert.equal(e.code, 'ambiguous');
      assert.equal(e.field, 'person');
      assert.equal((e.details as unknown[]).length, 2);
    });

    test('settings: read, change, and refuse an empty change', async () => {
      const set = await okJson<{ monthlyTargetMinutes: number; timeZone: string }>(
        await send(app, 'PATCH', '/api/settings', { target: '7h', timeZone: 'Europe/Berlin' }),
      );
      assert.equal(set.monthlyTargetMinutes, 420);
      const shown = await okJson<{ timeZone: string }>(await send(app, 'GET', '/api/settings'));
      assert.equal(shown.timeZone, 'Europe/Berlin');
      const zone = await errorOf(
        await send(app, 'PATCH', '/api/settings', { timeZone: 'Mars/Olympus' }),
        400,
      );
      assert.equal(zone.field, 'timeZone');
      await errorOf(await send(app, 'PATCH', '/api/settings', {}), 400);
    });

    test('unknown routes are JSON 404s and wrong methods are 405 with Allow', async () => {
      const missing = await errorOf(await send(app, 'GET', '/api/nothing-here'), 404);
      assert.equal(missing.code, 'not_found');
      const wrong = await send(app, 'PUT', '/api/people', { name: 'x' });
      const e = await errorOf(wrong, 405);
      assert.equal(e.code, 'method_not_allowed');
      assert.deepEqual(wrong.headers.get('allow')?.split(', ').sort(), ['GET', 'HEAD', 'POST']);
      const wrongWithParam = await send(app, 'POST', '/api/people/12');
      await errorOf(wrongWithParam, 405);
      assert.deepEqual(wrongWithParam.headers.get('allow')?.split(', ').sort(), ['GET', 'HEAD', 'PATCH']);
      assertSecurityHeaders(wrongWithParam);
      // Without a web root nothing is served outside /api.
      const page = await errorOf(await send(app, 'GET', '/people/12'), 404);
      assert.equal(page.code, 'not_found');
    });

    test('requests addressed to another host name are refused (DNS rebinding)', async () => {
      const res = await app.request('http://evil.example/api/settings');
      const e = await errorOf(res, 403);
      assert.equal(e.code, 'forbidden');
      assert.equal(e.field, 'Host');
      assertSecurityHeaders(res);
      const spoofed = await app.request(`${origin}/api/settings`, {
        headers: { host: 'rebind.example:4321' },
      });
      assert.equal((await errorOf(spoofed, 403)).field, 'Host');
      const upper = await app.request('http://FATHOM.TEST/api/settings');
      assert.equal(upper.status, 200);
    });

    test('changes need the same origin; plain clients need X-Fathom or JSON', async () => {
      const body = JSON.stringify({ name: 'Cross Site' });
      const json = { 'content-type': 'application/json' };
      const entry = await okJson<EntryJson>(
        await send(app, 'POST', '/api/entries', { duration: '30m', title: 'Coffee' }),
      );
      const foreign = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body,
        headers: { ...json, origin: 'http://evil.example' },
      });
      assert.equal((await errorOf(foreign, 403)).field, 'Origin');
      const nullOrigin = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body,
        headers: { ...json, origin: 'null' },
      });
      assert.equal((await errorOf(nullOrigin, 403)).field, 'Origin');
      const otherPort = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body,
        headers: { ...json, origin: 'http://fathom.test:8080' },
      });
      assert.equal((await errorOf(otherPort, 403)).field, 'Origin');
      const crossSite = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body,
        headers: { ...json, 'sec-fetch-site': 'cross-site' },
      });
      assert.equal((await errorOf(crossSite, 403)).field, 'Sec-Fetch-Site');
      // A form post from an old browser: no Origin, no Fetch metadata, a simple content type.
      const simple = await app.request(`${origin}/api/entries/${entry.id}/restore`, {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal((await errorOf(simple, 403)).field, 'X-Fathom');
      const deleteBare = await app.request(`${origin}/api/entries/${entry.id}`, { method: 'DELETE' });
      assert.equal((await errorOf(deleteBare, 403)).field, 'X-Fathom');

      const curlJson = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body: JSON.stringify({ name: 'From Curl' }),
        headers: json,
      });
      assert.equal(curlJson.status, 200);
      const curlMarked = await app.request(`${origin}/api/entries/${entry.id}`, {
        method: 'DELETE',
        headers: { 'x-fathom': '1' },
      });
      assert.equal(curlMarked.status, 200);
      const sameSite = await app.request(`${origin}/api/entries/${entry.id}/restore`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      assert.equal(sameSite.status, 200);
      // Reads need no origin: without CORS headers a foreign page cannot read the answer anyway.
      const read = await app.request(`${origin}/api/settings`, {
        headers: { origin: 'http://evil.example' },
      });
      assert.equal(read.status, 200);
      assert.equal(read.headers.get('access-control-allow-origin'), null);
      const people = await okJson<{ people: { name: string }[] }>(
        await send(app, 'GET', '/api/people?search=Cross%20Site'),
      );
      assert.deepEqual(people.people, []);
    });

    test('bodies over the limit are 413, with or without a Content-Length', async () => {
      const big = JSON.stringify({ name: 'Big', notes: 'x'.repeat(5000) });
      const declared = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body: big,
        headers: {
          origin,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(big)),
        },
      });
      const e = await errorOf(declared, 413);
      assert.equal(e.code, 'too_large');
      assertSecurityHeaders(declared);
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          controller.close();
        },
      });
      const chunked = await app.request(`${origin}/api/people`, {
        method: 'POST',
        body: streamed,
        headers: { origin, 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit);
      assert.equal((await errorOf(chunked, 413)).code, 'too_large');
      const fits = await send(app, 'POST', '/api/people', { name: 'Small', notes: 'x'.repeat(3000) });
      assert.equal(fits.status, 200);
    });

    test('the account comes from the resolver; a refusal there is 401', async () => {
      const locked = appFor(l, {
        resolveAccount: () => {
          throw new FathomError('unauthorized', 'Sign in first.');
        },
      });
      const e = await errorOf(await send(locked, 'GET', '/api/settings'), 401);
      assert.equal(e.code, 'unauthorized');
      assert.equal(e.message, 'Sign in first.');
    });

    test('an unexpected failure is a 500 without details', async () => {
      const broken = defineOperation({
        name: 'broken.read',
        summary: 'Fails',
        mutates: false,
        input: z.object({}),
        http: { method: 'GET', path: '/broken' },
        run: async () => {
          throw new Error('secret internal detail');
        },
      });
      const logged: string[] = [];
      const withBroken = appFor(l, { operations: [...operations, broken], log: (m) => logged.push(m) });
      const res = await send(withBroken, 'GET', '/api/broken');
      const e = await errorOf(res, 500);
      assert.equal(e.code, 'internal');
      assert.doesNotMatch(e.message, /secret/);
      assert.match(logged.join('\n'), /secret internal detail/);
    });

    test('a fixed path wins over a parameter in the same place, whatever the registry order', async () => {
      const show = defineOperation({
        name: 'thing.show',
        summary: 'One thing',
        mutates: false,
        input: z.object({ id: z.string() }),
        http: { method: 'GET', path: '/things/{id}' },
        run: async (_ctx, input) => ({ shown: input.id }),
      });
      const special = defineOperation({
        name: 'thing.special',
        summary: 'The special list',
        mutates: false,
        input: z.object({}),
        http: { method: 'GET', path: '/things/special' },
        run: async () => ({ special: true }),
      });
      const both = appFor(l, { operations: [show, special] });
      assert.deepEqual(await okJson(await send(both, 'GET', '/api/things/special')), { special: true });
      assert.deepEqual(await okJson(await send(both, 'GET', '/api/things/42')), { shown: '42' });
    });

    test('every operation with an HTTP spec answers on its route', async () => {
      for (const op of operations) {
        if (!op.http) continue;
        const path = op.http.path.replace(/\{\w+\}/g, '999999');
        const res = await send(
          app,
          op.http.method,
          `/api${path}`,
          op.http.method === 'GET' || op.http.method === 'DELETE' ? undefined : {},
        );
        const text = await res.text();
        assert.ok(
          ![404, 405].includes(res.status) || !/No API route|is not allowed/.test(text),
          `${op.name}: ${res.status} ${text}`,
        );
      }
    });
  });
}

describe('HTTP API with its database gone', () => {
  test('a database that cannot be reached is a 503 with Retry-After', async () => {
    // A pool pointing at a closed loopback port: every query fails with ECONNREFUSED.
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: 'postgres://x@127.0.0.1:9/none', max: 1 }),
      }),
    });
    const store = {
      db,
      dialect: 'postgres' as const,
      location: 'postgres://127.0.0.1:9/none',
      close: () => db.destroy(),
    };
    try {
      const app = createApp({
        store,
        resolveAccount: () => localAccountId,
        allowedHosts: ['fathom.test'],
        webRoot: null,
        log: () => undefined,
      });
      const res = await send(app, 'GET', '/api/settings');
      const e = await errorOf(res, 503);
      assert.equal(e.code, 'database_unavailable');
      assert.equal(res.headers.get('retry-after'), '5');
    } finally {
      await store.close();
    }
  });
});
