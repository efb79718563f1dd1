import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FathomError } from '../../src/domain/errors.ts';
import type { CalendarImportReport } from '../../src/ingest/import-calendar.ts';
import type { ImportReport } from '../../src/ingest/import-contacts.ts';
import { importFile } from '../../src/operations/import-operations.ts';
import { entriesEdit, entriesList, log } from '../../src/operations/ledger-operations.ts';
import { personAdd, personShow } from '../../src/operations/people-operations.ts';
import { init, settingsSet, settingsShow } from '../../src/operations/purpose-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import type { Context } from '../../src/operations/registry.ts';
import { createApp } from '../../src/server/create-app.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { dumpPeople, plain } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

type Ctx = Omit<Context, 'db'>;

/** Everything an account holds that these tests could change. */
async function dump(ledger: TestLedger) {
  const { db } = ledger.store;
  const id = ledger.ctx.accountId;
  return {
    ...(await dumpPeople(db, id)),
    entries: plain(
      await db.selectFrom('entries').selectAll().where('account_id', '=', id).orderBy('id').execute(),
    ),
    settings: plain(await db.selectFrom('settings').selectAll().where('account_id', '=', id).execute()),
    runs: plain(
      await db.selectFrom('import_runs').selectAll().where('account_id', '=', id).orderBy('id').execute(),
    ),
  };
}

/** Asserts that `work` fails with `code` and a message matching `pattern`, and changes nothing. */
async function refused(ledger: TestLedger, work: () => Promise<unknown>, code: string, pattern: RegExp) {
  const before = await dump(ledger);
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof FathomError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
  assert.deepEqual(await dump(ledger), before);
}

function upload(ctx: Ctx, file: string, text: string | Buffer, extra: Record<string, unknown> = {}) {
  const content = (typeof text === 'string' ? Buffer.from(text) : text).toString('base64');
  return invoke(importFile, ctx, { file, content, ...extra });
}

const ics = (events: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;
const event = (uid: string, lines: string) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20250101T000000Z\r\n${lines}ATTENDEE;CN=Ana:mailto:ana@example.org\r\nEND:VEVENT\r\n`;

const huge = (n: number, c = 'x') => c.repeat(n);
/** Letters that do not repeat, so PostgreSQL cannot compress them small enough to index. */
const noise = (n: number, seed: string) => {
  let x = seed.charCodeAt(0);
  let out = '';
  while (out.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += 'abcdefghijklmnopqrstuvwxyz0123456789'[x % 36];
  }
  return out;
};
const hostile = 'Bob\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil\u0000';

for (const dialect of dialects) {
  describe(`values within bounds (${dialect})`, () => {
    test('entry times outside 1900 to 2200 are refused on every path, with the range in the error', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const ok = await invoke(log, ledger.ctx, { duration: '1h', title: 'Lunch', at: '2026-03-14 12:00' });
        for (const at of ['1000000000h ago', '0001-01-01 10:00', '9999-01-01 10:00', '1899-06-01T10:00Z']) {
          await refused(
            ledger,
            () => invoke(log, ledger.ctx, { duration: '1h', title: 'Lunch', at }),
            'invalid_input',
            /^at: .*between 1900 and 2200/,
          );
          await refused(
            ledger,
            () => invoke(entriesEdit, ledger.ctx, { id: ok.id, at }),
            'invalid_input',
            /^at: .*between 1900 and 2200/,
          );
        }
        // A calendar window outside the range is refused before anything is read.
        await refused(
          ledger,
          () => upload(ledger.ctx, 'cal.ics', ics(''), { from: '0001-01-01' }),
          'invalid_input',
          /from: .*between 1900 and 2200/,
        );
        // Birthdays agree with entries on what is plausible.
        await refused(
          ledger,
          () => invoke(personAdd, ledger.ctx, { name: 'Old', birthday: '1850-01-01' }),
          'invalid_input',
          /between 1900 and 2200/,
        );
        await refused(
          ledger,
          () => invoke(personAdd, ledger.ctx, { name: 'Late', birthday: '3000-01-01' }),
          'invalid_input',
          /between 1900 and 2200/,
        );
      } finally {
        await ledger.close();
      }
    });

    test('the API answers an implausible time, zone or region with 400 naming the field, and writes nothing', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const app = createApp({
          store: ledger.store,
          resolveAccount: () => localAccountId,
          now: ledger.ctx.now,
          allowedHosts: ['fathom.test'],
          webRoot: null,
          log: () => undefined,
        });
        const send = (method: string, path: string, body: unknown) =>
          app.request(`http://fathom.test/api${path}`, {
            method,
            headers: { 'content-type': 'application/json', origin: 'http://fathom.test' },
            body: JSON.stringify(body),
          });
        const before = await dump(ledger);
        for (const [method, path, body, field] of [
          ['POST', '/entries', { duration: '1h', title: 'x', at: '0001-01-01T10:00:00Z' }, 'at'],
          ['POST', '/entries', { duration: '1h', title: 'x', at: '9999-01-01 10:00' }, 'at'],
          ['POST', '/entries', { duration: '1h61', title: 'x' }, 'duration'],
          ['PATCH', '/settings', { phoneRegion: 'ZZ' }, 'phoneRegion'],
          ['PATCH', '/settings', { timeZone: 'Mars/Olympus' }, 'timeZone'],
        ] as const) {
          const res = await send(method, path, body);
          const text = await res.text();
          assert.equal(res.status, 400, text);
          const error = (JSON.parse(text) as { error: { code: string; field?: string; message: string } })
            .error;
          assert.equal(error.code, 'invalid_input');
          assert.match(error.message, new RegExp(`^${field}`), text);
        }
        assert.deepEqual(await dump(ledger), before);
      } finally {
        await ledger.close();
      }
    });

    test('settings take only real phone regions and known time zones, in their IANA spelling', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await refused(
          ledger,
          () => invoke(settingsSet, ledger.ctx, { phoneRegion: 'ZZ' }),
          'invalid_input',
          /phoneRegion: .*country code/,
        );
        await invoke(settingsSet, ledger.ctx, { phoneRegion: 'pt' });
        const zoned = await invoke(settingsSet, ledger.ctx, { timeZone: 'europe/lisbon' });
        assert.equal(zoned.timeZone, 'Europe/Lisbon');
        assert.equal(zoned.phoneRegion, 'PT');
        await refused(
          ledger,
          () => invoke(settingsSet, ledger.ctx, { timeZone: 'Europe/Lisbn' }),
          'invalid_input',
          /did you mean Europe\/Lisbon\?/,
        );
        const entry = await invoke(log, ledger.ctx, {
          duration: '1h',
          title: 'Call',
          timeZone: 'america/new_york',
        });
        assert.equal(entry.timeZone, 'America/New_York');
      } finally {
        await ledger.close();
      }
    });

    test('init on a ledger with a purpose keeps it unless told to replace it', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await invoke(init, ledger.ctx, { purpose: 'Build open research tools' });
        await refused(
          ledger,
          () => invoke(init, ledger.ctx, { purpose: 'Something else' }),
          'conflict',
          /already has a purpose \("Build open research tools"\).*settings set --purpose.*--force/,
        );
        // Running init again with the same purpose, or without one, is fine.
        await invoke(init, ledger.ctx, { purpose: 'Build open research tools', timeZone: 'UTC' });
        await invoke(init, ledger.ctx, { weekStart: 'sunday' });
        const replaced = await invoke(init, ledger.ctx, { purpose: 'Something else', force: true });
        assert.equal(replaced.purpose, 'Something else');
        assert.equal((await invoke(settingsShow, ledger.ctx, {})).weekStart, 'sunday');
      } finally {
        await ledger.close();
      }
    });

    test('durations with minutes over 59 after the hours are refused', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        for (const duration of ['1h61', '1h 75m', '-5h', '-30'])
          await refused(
            ledger,
            () => invoke(log, ledger.ctx, { duration, title: 'x' }),
            'invalid_input',
            /^duration: /,
          );
        assert.equal((await invoke(log, ledger.ctx, { duration: '1h59', title: 'x' })).minutes, 119);
      } finally {
        await ledger.close();
      }
    });

    test('control characters and bidi overrides never reach what is stored in single-line fields', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const { person: p } = await invoke(personAdd, ledger.ctx, {
          name: hostile,
          title: `CTO${hostile}`,
          notes: 'line one\nline\ttwo\u001b[2J',
        });
        assert.equal(p.name, 'Bob31mevil');
        assert.equal(p.title, 'CTOBob31mevil');
        assert.equal(p.notes, 'line one\nline\ttwo');
        const e = await invoke(log, ledger.ctx, { duration: '1h', title: `Lunch\r\n${hostile}` });
        assert.equal(e.title, 'Lunch Bob31mevil');
        // Nothing but controls is nothing: the field's own rule (not empty) answers.
        await refused(
          ledger,
          () => invoke(personAdd, ledger.ctx, { name: '\u001b[2J\u0007' }),
          'invalid_input',
          /name: must not be empty/,
        );
      } finally {
        await ledger.close();
      }
    });

    test('calendar imports skip events that end before they start, split long ones and skip giant ones', async () => {
      const ledger = await openTestLedger(dialect, '2025-05-01T12:00:00Z');
      try {
        await invoke(settingsSet, ledger.ctx, { timeZone: 'Europe/Berlin' });
        const file = ics(
          event('backwards', 'SUMMARY:Backwards\r\nDTSTART:20250310T100000Z\r\nDTEND:20250310T090000Z\r\n') +
            event('negative', 'SUMMARY:Negative\r\nDTSTART:20250311T100000Z\r\nDURATION:-PT1H\r\n') +
            event('giant', 'SUMMARY:Giant\r\nDTSTART:20250312T100000Z\r\nDURATION:P100000W\r\n') +
            event(
              'offsite',
              'SUMMARY:Offsite\r\nDTSTART;TZID=Europe/Berlin:20250317T090000\r\nDTEND;TZID=Europe/Berlin:20250319T170000\r\n',
            ) +
            event(
              'long-title',
              `SUMMARY:${huge(5000, 't')}\r\nDTSTART:20250320T100000Z\r\nDURATION:PT1H\r\n`,
            ) +
            event('hostile', `SUMMARY:${hostile}\r\nDTSTART:20250321T100000Z\r\nDURATION:PT1H\r\n`),
        );
        const window = { from: '2025-01-01', to: '2025-04-30', me: ['me@example.org'] };
        // Without --skip-errors a backwards event refuses the file.
        await refused(
          ledger,
          () => upload(ledger.ctx, 'work.ics', file, window),
          'invalid_input',
          /ends before it starts/,
        );
        const r = (await upload(ledger.ctx, 'work.ics', file, {
          ...window,
          skipErrors: true,
        })) as CalendarImportReport;
        const entries = (await invoke(entriesList, ledger.ctx, {})).entries;
        const titles = entries.map((e) => e.title);
        assert.ok(!titles.includes('Backwards') && !titles.includes('Negative') && !titles.includes('Giant'));
        assert.deepEqual(
          r.errors.map((e) => e.message),
          ['event ends before it starts; event left out', 'negative duration; event left out'],
        );
        assert.ok(
          Object.keys(r.skippedReasons).some((k) => /lasts 700000 days; events longer than 14 days/.test(k)),
          JSON.stringify(r.skippedReasons),
        );
        // Monday 09:00 to Wednesday 17:00 in Berlin: 15 h, 24 h and 17 h on three days.
        const offsite = entries
          .filter((e) => e.title === 'Offsite')
          .map((e) => [e.localDate, e.minutes])
          .sort();
        assert.deepEqual(offsite, [
          ['2025-03-17', 15 * 60],
          ['2025-03-18', 24 * 60],
          ['2025-03-19', 17 * 60],
        ]);
        assert.ok(entries.every((e) => e.minutes <= 24 * 60 && e.title.length <= 300));
        assert.equal(entries.find((e) => e.title.startsWith('ttt'))?.title.length, 300);
        assert.ok(entries.some((e) => e.title === 'Bob31mevil\uFFFD'));
        const warnings = r.warnings.map((w) => w.message).join('\n');
        assert.match(warnings, /split into 3 entries, one a day/);
        assert.match(warnings, /title longer than 300 characters; cut to fit/);
        assert.equal(r.counts.warnings, 2);
        // Importing the same file again finds every piece again.
        const again = (await upload(ledger.ctx, 'work.ics', file, {
          ...window,
          skipErrors: true,
        })) as CalendarImportReport;
        assert.equal(again.counts.created, 0);
        assert.equal(again.counts.unchanged, entries.length);
      } finally {
        await ledger.close();
      }
    });

    test('oversized values of every field are cut or left out with a warning, through every contact format', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const name = huge(1_000_000, 'N');
        const org = huge(5000, 'O');
        const title = huge(5000, 'T');
        const note = huge(50_000, 'n');
        const tag = huge(100, 'g');
        const email = `${noise(6000, 'e')}@example.org`;
        // Keys and handles far longer than PostgreSQL indexes take: they must not reach an index as they are.
        const files: [string, string, Record<string, unknown>?][] = [
          [
            'contacts.vcf',
            `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nORG:${org}\r\nTITLE:${title}\r\nNOTE:${note}\r\nADR:;;;${huge(5000, 'L')};;;\r\nCATEGORIES:${tag},ok\r\nEMAIL:${email}\r\nBDAY:3000-01-01\r\nEND:VCARD\r\n`,
          ],
          [
            'Connections.csv',
            `First Name,Last Name,URL,Email Address,Company,Position,Connected On\n${name},Last,https://www.linkedin.com/in/${noise(6000, 'u')},${email},${org},${title},14 Mar 2021\n`,
          ],
          [
            'google.csv',
            `First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Birthday\n${name},G,${org},${title},${note},${tag} ::: * myContacts,${huge(500, 'l')},${email},1850-01-01\n`,
          ],
          [
            'outlook.csv',
            `First Name,Last Name,E-mail Address,Job Title,Company,Notes,Birthday\n${name},O,${email},${title},${org},${note},1/1/3000\n`,
          ],
          ['friends.json', JSON.stringify({ friends_v2: [{ name, timestamp: 1600000000 }] })],
          [
            'following.json',
            JSON.stringify({
              relationships_following: [
                {
                  title: noise(6000, 'i'),
                  string_list_data: [
                    { href: `https://www.instagram.com/${noise(6000, 'i')}`, value: noise(6000, 'i') },
                  ],
                },
              ],
            }),
          ],
          [
            'following.js',
            `window.YTD.following.part0 = ${JSON.stringify([{ following: { accountId: huge(6000, '1'), userLink: `https://twitter.com/intent/user?user_id=${huge(6000, '1')}` } }])}`,
          ],
          [
            'people.csv',
            `Who,Mail,Org,Role,Where,About,Labels\n${name},${email},${org},${title},${huge(5000, 'L')},${note},${tag}\n`,
            {
              mapping:
                'name=Who,email=Mail,organization=Org,title=Role,location=Where,notes=About,tags=Labels',
            },
          ],
        ];
        for (const [file, text, extra] of files) {
          const r = (await upload(ledger.ctx, file, text, extra ?? {})) as ImportReport;
          const warnings = r.warnings.map((w) => `${w.field}: ${w.message}`).join('\n');
          assert.ok(r.counts.warnings + r.counts.skipped > 0, `${file}: ${JSON.stringify(r.counts)}`);
          if (!/following/.test(file)) assert.match(warnings, /^name: .*cut to fit/m, file);
        }
        const stored = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
        for (const p of stored.people ?? []) {
          assert.ok(String(p.name).length <= 200, `name of ${String(p.name).length}`);
          for (const k of ['organization', 'title', 'location'])
            assert.ok(p[k] === null || String(p[k]).length <= 200, `${k} of ${String(p[k]).length}`);
          assert.ok(
            p.notes === null || String(p.notes).length <= 10_000,
            `notes of ${String(p.notes).length}`,
          );
          assert.ok(p.birthday_year === null, `birthday year ${String(p.birthday_year)}`);
        }
        for (const c of stored.contactPoints ?? []) assert.ok(String(c.value).length <= 500);
        for (const t of stored.tags ?? []) assert.ok(String(t.tag).length <= 60);
        // The vCard's record: every field is there, cut, and its warnings name each one.
        const ana = await invoke(personShow, ledger.ctx, { person: '1' });
        assert.equal(ana.name, huge(200, 'N'));
        assert.equal(ana.organization, huge(200, 'O'));
        assert.equal(ana.notes, huge(10_000, 'n'));
        assert.deepEqual(ana.tags, ['ok']);
      } finally {
        await ledger.close();
      }
    });

    test('control characters in imported names and titles are taken out before they are stored', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        await upload(
          ledger.ctx,
          'contacts.vcf',
          `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${hostile}\r\nTITLE:${hostile}\r\nNOTE:a\\nb\u001b[31m\r\nEND:VCARD\r\n`,
        );
        // A NUL read from a file is kept as U+FFFD, the mark of an unreadable character; the rest are removed.
        const p = await invoke(personShow, ledger.ctx, { person: '1' });
        assert.equal(p.name, 'Bob31mevil\uFFFD');
        assert.equal(p.title, 'Bob31mevil\uFFFD');
        assert.equal(p.notes, 'a\nb');
      } finally {
        await ledger.close();
      }
    });
  });
}
