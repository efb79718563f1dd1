import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/create-app.ts';
import type { JsonSchema, OpenApiDocument } from '../../src/server/openapi-document.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const origin = 'http://fathom.test';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/calendar/${name}`, import.meta.url));
const v1 = fixture('work-v1.ics');
const v2 = fixture('work-v2.ics');
const broken = fixture('broken.ics');

interface Occurrence {
  line: number;
  name: string;
  key: string;
  start: string;
  entry: number | null;
}

interface CalendarReport {
  status: 'preview' | 'committed';
  run: number | null;
  fileName: string;
  format: string;
  window: { from: string; to: string };
  timeZone: string;
  counts: Record<
    | 'created'
    | 'updated'
    | 'removed'
    | 'unchanged'
    | 'kept'
    | 'skipped'
    | 'errors'
    | 'peopleCreated'
    | 'peopleMatched',
    number
  >;
  created: Occurrence[];
  updated: (Occurrence & { fields: string[] })[];
  removed: Occurrence[];
  keptEntries: (Occurrence & { fields: string[]; why: string })[];
  newPeople: { name: string; email: string }[];
  skippedReasons: Record<string, number>;
  errors: { line?: number; file?: string; field?: string; message: string }[];
}

interface CalendarUndo {
  run: { id: number; kind: string; status: string };
  entriesRemoved: number;
  entriesRestored: number;
  peopleRemoved: number;
  keptEdits: unknown[];
}

interface EntryRow {
  id: number;
  title: string;
  startedAt: string;
  minutes: number;
  mode: string | null;
  verdict: string | null;
  source: string;
  people: { id: number; name: string }[];
}

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

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

type App = ReturnType<typeof appFor>;

/** A multipart upload as the web app sends it: repeated fields (`me`) become repeated parts. */
function upload(app: App, fields: Record<string, string | string[]>, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  for (const [k, v] of Object.entries(fields))
    for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  return app.request(`${origin}/api/imports`, { method: 'POST', body: form, headers: { origin } });
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  return JSON.parse(text) as T;
}

function post(app: App, path: string, body: Record<string, unknown> = {}) {
  return app.request(`${origin}/api${path}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function entries(app: App, query = ''): Promise<{ entries: EntryRow[]; total: number }> {
  return json(await app.request(`${origin}/api/entries${query}`));
}

const window = { from: '2025-01-01', to: '2025-04-30' };
const calendarFields = { ...window, me: ['me@fathom.test'] };

// The fixture's occurrences in the window, as the owner in Berlin reads them.
const v1Titles = [
  'Budget review',
  'Coffee with Hana',
  'Lunch with Eva',
  'Lunch with Eva',
  'Lunch with Eva',
  'NY sync',
  'NY sync',
  'NY sync',
  'Offsite',
  'Standup',
  'Standup',
  'Standup',
  'Standup',
  'Standup (moved)',
];

for (const dialect of dialects) {
  describe(`calendar imports over HTTP on ${dialect}`, () => {
    let l: TestLedger;
    let app: App;
    before(async () => {
      l = await openTestLedger(dialect);
      app = appFor(l);
      const res = await app.request(`${origin}/api/settings`, {
        method: 'PATCH',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ timeZone: 'Europe/Berlin' }),
      });
      assert.equal(res.status, 200, await res.text());
    });
    after(() => l.close());

    test('a dry run of an .ics previews the entries, people and skips, and writes nothing', async () => {
      const r = await json<CalendarReport>(
        await upload(app, { ...calendarFields, dryRun: 'true' }, v1, 'work-v1.ics'),
      );
      assert.equal(r.status, 'preview');
      assert.equal(r.run, null);
      assert.equal(r.fileName, 'work-v1.ics');
      assert.equal(r.format, 'ics');
      assert.deepEqual(r.window, window);
      assert.equal(r.timeZone, 'Europe/Berlin');
      assert.deepEqual(
        {
          created: r.counts.created,
          updated: r.counts.updated,
          removed: r.counts.removed,
          kept: r.counts.kept,
          skipped: r.counts.skipped,
          errors: r.counts.errors,
          peopleCreated: r.counts.peopleCreated,
          peopleMatched: r.counts.peopleMatched,
        },
        {
          created: 14,
          updated: 0,
          removed: 0,
          kept: 0,
          skipped: 4,
          errors: 0,
          peopleCreated: 8,
          peopleMatched: 0,
        },
      );
      assert.deepEqual(r.created.map((o) => o.name).sort(), v1Titles);
      // A preview names no entries (none exist yet), but says where in the file each one comes from.
      assert.ok(r.created.every((o) => o.entry === null));
      const moved = r.created.find((o) => o.name === 'Standup (moved)')!;
      assert.equal(moved.line, 24);
      assert.equal(moved.start, '2025-02-04T09:00:00.000Z');
      assert.deepEqual(r.updated, []);
      assert.deepEqual(r.removed, []);
      assert.deepEqual(r.keptEntries, []);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.newPeople.map((p) => p.email).sort(), [
        'ana@example.com',
        'cleo@example.com',
        'dan@example.com',
        'eva@example.de',
        'finn@example.com',
        'hana@example.com',
        'joerg@example.de',
        'me@home.test',
      ]);
      assert.equal(r.newPeople.find((p) => p.email === 'joerg@example.de')?.name, 'Müller, Jörg');
      assert.deepEqual(r.skippedReasons, {
        'cancelled event': 1,
        'cancelled occurrence': 1,
        'no one but you on it (keep with --keep-solo)': 2,
      });

      assert.equal((await entries(app)).total, 0);
      const people = await json<{ total: number }>(
        await app.request(`${origin}/api/people?limit=1&archived`),
      );
      assert.equal(people.total, 0);
      assert.deepEqual(
        (await json<{ runs: unknown[] }>(await app.request(`${origin}/api/imports`))).runs,
        [],
      );
      const settings = await json<{ myEmails: string[] }>(await app.request(`${origin}/api/settings`));
      assert.deepEqual(settings.myEmails, [], 'a dry run does not remember the addresses');
    });

    test('keepSolo keeps the events with nobody but the owner on them', async () => {
      const r = await json<CalendarReport>(
        await upload(app, { ...calendarFields, keepSolo: 'true', dryRun: 'true' }, v1, 'work-v1.ics'),
      );
      assert.equal(r.counts.created, 16);
      assert.ok(r.created.some((o) => o.name === 'Dentist'));
      assert.ok(r.created.some((o) => o.name === 'Focus time'));
      assert.equal(r.skippedReasons['no one but you on it (keep with --keep-solo)'], undefined);
    });

    test('without from and to the window is the twelve months up to today', async () => {
      const r = await json<CalendarReport>(
        await upload(app, { me: 'me@fathom.test', dryRun: 'true' }, v1, 'work-v1.ics'),
      );
      // The test clock reads 2026-03-15.
      assert.deepEqual(r.window, { from: '2025-03-16', to: '2026-03-15' });
      assert.deepEqual(r.created.map((o) => o.name).sort(), [
        'Coffee with Hana',
        'Lunch with Eva',
        'Lunch with Eva',
        'Lunch with Eva',
        'NY sync',
      ]);
    });

    test('committing writes unjudged entries with their people in one run; a newer export updates and removes; undo puts it back', async () => {
      const r = await json<CalendarReport>(await upload(app, calendarFields, v1, 'work-v1.ics'));
      assert.equal(r.status, 'committed');
      assert.equal(typeof r.run, 'number');
      assert.equal(r.counts.created, 14);
      assert.equal(r.counts.peopleCreated, 8);
      assert.ok(r.created.every((o) => typeof o.entry === 'number'));

      const written = await entries(app);
      assert.equal(written.total, 14);
      assert.deepEqual(written.entries.map((e) => e.title).sort(), v1Titles);
      assert.ok(
        written.entries.every((e) => e.mode === null && e.verdict === null && e.source === 'calendar'),
      );
      assert.deepEqual(
        written.entries.map((e) => e.id).sort((a, b) => a - b),
        r.created.map((o) => o.entry).sort((a, b) => a! - b!),
      );
      const budget = written.entries.find((e) => e.title === 'Budget review')!;
      assert.equal(budget.startedAt, '2025-03-12T13:00:00.000Z');
      assert.equal(budget.minutes, 105);
      assert.deepEqual(
        budget.people.map((p) => p.name),
        ['Müller, Jörg'],
      );
      // They wait in the review queue.
      assert.equal((await entries(app, '?unjudged')).total, 14);
      const unsorted = await json<{ total: number }>(
        await app.request(`${origin}/api/people?circle=unsorted`),
      );
      assert.equal(unsorted.total, 8);
      const settings = await json<{ myEmails: string[] }>(await app.request(`${origin}/api/settings`));
      assert.deepEqual(settings.myEmails, ['me@fathom.test'], 'a commit remembers the owner’s address');

      const listed = await json<{ runs: { id: number; kind: string; format: string; status: string }[] }>(
        await app.request(`${origin}/api/imports`),
      );
      assert.deepEqual(listed.runs, [
        { ...listed.runs[0]!, id: r.run!, kind: 'calendar', format: 'ics', status: 'committed' },
      ]);
      const shown = await json<{ id: number; counts: Record<string, number> }>(
        await app.request(`${origin}/api/imports/${r.run}`),
      );
      assert.equal(shown.counts.created, 14);
      assert.equal(shown.counts.peopleCreated, 8);

      // The owner judges the coffee; the calendar later drops it.
      const coffee = written.entries.find((e) => e.title === 'Coffee with Hana')!;
      const judged = await post(app, `/entries/${coffee.id}/judge`, {
        mode: 'networking',
        verdict: 'forward',
      });
      assert.equal(judged.status, 200, await judged.text());

      // The same calendar exported later (under the same name): moved, lengthened and dropped occurrences.
      const later = await json<CalendarReport>(await upload(app, window, v2, 'work-v1.ics'));
      assert.equal(later.status, 'committed');
      assert.equal(later.counts.created, 1);
      assert.equal(later.counts.updated, 5);
      assert.equal(later.counts.removed, 1);
      assert.equal(later.counts.kept, 1);
      assert.deepEqual(later.newPeople, [{ name: 'Ivan Petrov', email: 'ivan@example.com' }]);
      assert.deepEqual(
        later.removed.map((o) => [o.name, o.start]),
        [['Standup', '2025-02-10T08:00:00.000Z']],
      );
      assert.deepEqual(
        later.keptEntries.map((o) => [o.entry, o.name, o.why]),
        [[coffee.id, 'Coffee with Hana', 'no longer in the calendar; kept because you judged it']],
      );
      const budgetMoved = later.updated.find((o) => o.name === 'Budget review')!;
      assert.equal(budgetMoved.entry, budget.id);
      assert.deepEqual(budgetMoved.fields, ['time']);
      const afterLater = await entries(app);
      assert.equal(afterLater.total, 14 + 1 - 1);
      assert.equal(afterLater.entries.find((e) => e.id === budget.id)?.startedAt, '2025-03-13T13:00:00.000Z');
      assert.ok(afterLater.entries.some((e) => e.title === 'Intro call'));

      // Undoing the later run puts back the entries as the first run left them.
      const undoLater = await json<CalendarUndo>(await post(app, `/imports/${later.run}/undo`));
      assert.equal(undoLater.run.id, later.run);
      assert.equal(undoLater.run.status, 'undone');
      assert.equal(undoLater.entriesRemoved, 1);
      assert.equal(undoLater.entriesRestored, 6);
      assert.equal(undoLater.peopleRemoved, 1);
      const restored = await entries(app);
      assert.deepEqual(restored.entries.map((e) => e.title).sort(), v1Titles);
      assert.equal(restored.entries.find((e) => e.id === budget.id)?.startedAt, '2025-03-12T13:00:00.000Z');

      // The judged entry makes undoing the first run ask for force.
      const refused = await json<ErrorBody>(await post(app, `/imports/${r.run}/undo`), 409);
      assert.equal(refused.error.code, 'conflict');
      assert.equal(refused.error.field, 'run');
      assert.match(refused.error.message, /judged or edited 1 of the entries/);
      assert.equal((await entries(app)).total, 14, 'a refused undo changes nothing');

      const undone = await json<CalendarUndo>(await post(app, `/imports/${r.run}/undo`, { force: true }));
      assert.equal(undone.run.kind, 'calendar');
      assert.equal(undone.run.status, 'undone');
      assert.equal(undone.entriesRemoved, 14);
      assert.equal(undone.entriesRestored, 0);
      assert.equal(undone.peopleRemoved, 8);
      assert.equal((await entries(app)).total, 0);
      assert.equal((await entries(app, '?deleted')).total, 0, 'the run’s entries are gone, not only deleted');
      const people = await json<{ total: number }>(
        await app.request(`${origin}/api/people?limit=1&archived`),
      );
      assert.equal(people.total, 0);
      const runs = await json<{ runs: { id: number; status: string }[] }>(
        await app.request(`${origin}/api/imports`),
      );
      assert.deepEqual(
        runs.runs.map((x) => [x.id, x.status]),
        [
          [later.run, 'undone'],
          [r.run, 'undone'],
        ],
      );
      const again = await json<ErrorBody>(await post(app, `/imports/${r.run}/undo`), 409);
      assert.match(again.error.message, /already undone/);
    });

    test('the same calendar import works as JSON with base64 content', async () => {
      const res = await post(app, '/imports', {
        file: 'work-v1.ics',
        content: v1.toString('base64'),
        ...calendarFields,
        dryRun: true,
      });
      const r = await json<CalendarReport>(res);
      assert.equal(r.status, 'preview');
      assert.equal(r.format, 'ics');
      assert.equal(r.counts.created, 14);
    });

    test('a file with errors is previewed with the lines, and refused whole on commit', async () => {
      const runsBefore = await json<{ runs: unknown[] }>(await app.request(`${origin}/api/imports`));
      const preview = await json<CalendarReport>(
        await upload(app, { ...window, dryRun: 'true' }, broken, 'broken.ics'),
      );
      assert.equal(preview.counts.errors, 1);
      assert.equal(preview.counts.created, 1);
      assert.deepEqual(preview.errors, [
        { message: 'bad date-time "2025-03-04 09:00"', file: 'broken.ics', line: 13, field: 'DTSTART' },
      ]);
      const refused = await json<ErrorBody>(await upload(app, window, broken, 'broken.ics'), 400);
      assert.equal(refused.error.field, 'file');
      assert.match(refused.error.message, /broken\.ics:13: DTSTART/);
      assert.equal((await entries(app)).total, 0);
      const runs = await json<{ runs: unknown[] }>(await app.request(`${origin}/api/imports`));
      assert.equal(runs.runs.length, runsBefore.runs.length, 'a refused import leaves no run');

      const skipping = await json<CalendarReport>(
        await upload(app, { ...window, skipErrors: 'true' }, broken, 'broken.ics'),
      );
      assert.equal(skipping.status, 'committed');
      assert.equal(skipping.counts.created, 1);
      assert.deepEqual(
        (await entries(app)).entries.map((e) => e.title),
        ['Fine'],
      );
      await json<CalendarUndo>(await post(app, `/imports/${skipping.run}/undo`));
      assert.equal((await entries(app)).total, 0);
    });

    test('bad calendar fields are refused by name', async () => {
      const backwards = await json<ErrorBody>(
        await upload(app, { from: '2025-05-01', to: '2025-01-01', dryRun: 'true' }, v1, 'work-v1.ics'),
        400,
      );
      assert.equal(backwards.error.field, 'from');
      const date = await json<ErrorBody>(
        await upload(app, { from: '1 May', dryRun: 'true' }, v1, 'work-v1.ics'),
        400,
      );
      assert.equal(date.error.field, 'from');
      const me = await json<ErrorBody>(
        await upload(app, { me: 'not an address', dryRun: 'true' }, v1, 'work-v1.ics'),
        400,
      );
      assert.equal(me.error.field, 'me');
      const contacts = await json<ErrorBody>(
        await upload(
          app,
          { keepSolo: 'true', dryRun: 'true' },
          new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n'),
          'ada.vcf',
        ),
        400,
      );
      assert.equal(contacts.error.field, 'keepSolo');
      assert.equal((await entries(app)).total, 0);
    });
  });
}

describe('the OpenAPI document describes calendar imports', () => {
  let l: TestLedger;
  let doc: OpenApiDocument;
  before(async () => {
    l = await openTestLedger('sqlite');
    doc = await json<OpenApiDocument>(await appFor(l).request(`${origin}/api/openapi.json`));
  });
  after(() => l.close());

  test('POST /api/imports takes from, to, me and keepSolo as JSON and as a form', () => {
    const content = doc.paths['/api/imports']!.post!.requestBody!.content;
    for (const type of ['application/json', 'multipart/form-data']) {
      const props = content[type]!.schema.properties as Record<string, JsonSchema>;
      for (const key of ['from', 'to', 'me', 'keepSolo'])
        assert.match(String(props[key]?.description), /^Calendar: /, `${type} ${key}`);
      assert.equal(props.from!.type, 'string');
      assert.equal(props.to!.type, 'string');
      assert.equal(props.keepSolo!.type, 'boolean');
      assert.equal(props.me!.type, 'array');
      assert.equal((props.me!.items as JsonSchema).type, 'string');
      assert.ok((props.format!.enum as string[]).includes('ics'));
    }
    assert.match(doc.paths['/api/imports']!.post!.summary, /calendar \(ICS\)/);
    const undo = doc.paths['/api/imports/{run}/undo']!.post!;
    const force = (
      undo.requestBody!.content['application/json']!.schema.properties as Record<string, JsonSchema>
    ).force!;
    assert.equal(force.type, 'boolean');
  });
});
