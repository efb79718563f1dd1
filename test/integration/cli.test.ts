import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dialects, freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fathom(db: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', FATHOM_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: Run): T {
  assert.equal(r.code, 0, `expected success, got ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

for (const dialect of dialects) {
  describe(`fathom CLI on ${dialect}`, () => {
    let t: TestTarget;
    before(async () => {
      t = await freshTarget(dialect);
    });
    after(async () => t.cleanup());

    test('the whole flow works with --json output a script can rely on', () => {
      const settings = json<{ purpose: string; timeZone: string }>(
        fathom(
          t.target,
          'init',
          'Build research tools for small labs',
          '--time-zone',
          'Europe/Lisbon',
          '--json',
        ),
      );
      assert.equal(settings.purpose, 'Build research tools for small labs');
      assert.equal(settings.timeZone, 'Europe/Lisbon');
      json(fathom(t.target, 'goal', 'add', 'seed round', '--json'));
      const ana = json<{ person: { id: number; name: string } }>(
        fathom(
          t.target,
          'person',
          'add',
          'Ana Lima',
          '--email',
          'ana@example.com',
          '--circle',
          'network',
          '--tag',
          'investor',
          '--json',
        ),
      );
      assert.equal(ana.person.name, 'Ana Lima');
      json(fathom(t.target, 'person', 'add', 'Ana Sousa', '--json'));

      const entry = json<{
        id: number;
        minutes: number;
        mode: string;
        verdict: string;
        goal: string;
        people: { name: string }[];
        localDate: string;
      }>(
        fathom(
          t.target,
          'log',
          '1h30',
          'Lunch with Ana',
          '--with',
          'ana@example.com',
          '--networking',
          '--goal',
          'seed round',
          '--forward',
          '--at',
          '2026-03-14 12:30',
          '--json',
        ),
      );
      assert.equal(entry.minutes, 90);
      assert.equal(entry.mode, 'networking');
      assert.equal(entry.verdict, 'forward');
      assert.equal(entry.goal, 'seed round');
      assert.equal(entry.localDate, '2026-03-14');
      assert.deepEqual(
        entry.people.map((p) => p.name),
        ['Ana Lima'],
      );

      const second = json<{ id: number; mode: string | null }>(
        fathom(t.target, 'log', '45m', 'Call', '-w', 'Ana Sousa', '--at', '2026-03-20 18:00', '--json'),
      );
      assert.equal(second.mode, null);
      const judged = json<{ mode: string; verdict: string }>(
        fathom(t.target, 'judge', String(second.id), '--socializing', '--back', '--json'),
      );
      assert.deepEqual([judged.mode, judged.verdict], ['socializing', 'back']);

      const list = json<{ total: number; entries: { minutes: number }[] }>(
        fathom(t.target, 'entries', 'list', '--from', '2026-03-01', '--to', '2026-03-31', '--json'),
      );
      assert.equal(list.total, 2);
      const report = json<{
        target: { networkingMinutes: number; periodMinutes: number };
        totals: { minutes: number };
        topPeople: { name: string; minutes: number }[];
      }>(fathom(t.target, 'report', '--month', '2026-03', '--json'));
      assert.equal(
        report.totals.minutes,
        list.entries.reduce((s, e) => s + e.minutes, 0),
      );
      assert.equal(report.target.networkingMinutes, 90);
      assert.equal(report.target.periodMinutes, 300);
      assert.deepEqual(
        report.topPeople.map((p) => [p.name, p.minutes]),
        [
          ['Ana Lima', 90],
          ['Ana Sousa', 45],
        ],
      );

      const text = fathom(t.target, 'report', '--month', '2026-03');
      assert.equal(text.code, 0);
      assert.match(text.stdout, /Networking\s+1h30 of 5h target/);
      assert.match(text.stdout, /Ana Lima/);

      const deleted = fathom(t.target, 'entries', 'delete', String(entry.id));
      assert.equal(deleted.code, 0);
      assert.match(deleted.stdout, /fathom entries restore/);
      assert.equal(json<{ total: number }>(fathom(t.target, 'entries', 'list', '--json')).total, 1);
      assert.equal(fathom(t.target, 'entries', 'restore', String(entry.id)).code, 0);
      assert.equal(json<{ total: number }>(fathom(t.target, 'entries', 'list', '--json')).total, 2);
    });

    test('errors name the field, exit non-zero, never print a stack, and change nothing', () => {
      const before = fathom(t.target, 'entries', 'list', '--json').stdout;
      const cases: [string[], number, RegExp][] = [
        [['log', '1x', 'Lunch'], 2, /duration: "1x" is not a duration/],
        [['log', '1h', 'Lunch', '--with', 'ana'], 4, /"ana" matches 2 people[\s\S]*Ana Lima[\s\S]*Ana Sousa/],
        [['log', '1h', 'Lunch', '--with', 'Nobody Here'], 3, /no person matches "Nobody Here"/],
        [['log', '1h', 'Lunch', '--at', 'whenever'], 2, /at: "whenever"/],
        [['log', '1h', 'Lunch', '--networking', '--socializing'], 2, /--networking and --socializing/],
        [['person', 'add', 'X', '--url', 'not a url'], 2, /url: "not a url" is not a web address/],
        [['person', 'add', 'X', '--circle', 'besties'], 2, /besties/],
        [['entries', 'edit', '424242', '--title', 'x'], 3, /No entry #424242/],
        [['report', '--month', '2026-13'], 2, /month/],
        [['report', '--month', '2026-03', '--all'], 2, /choose one/],
        [['no-such-command'], 2, /unknown command/],
      ];
      for (const [args, code, pattern] of cases) {
        const r = fathom(t.target, ...args);
        assert.equal(r.code, code, `${args.join(' ')}: exit code (stderr: ${r.stderr})`);
        assert.match(r.stderr, pattern, args.join(' '));
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
      const asJson = fathom(t.target, 'log', '1x', 'Lunch', '--json');
      assert.deepEqual(JSON.parse(asJson.stderr), {
        error: {
          code: 'invalid_input',
          message: 'duration: "1x" is not a duration; write it like 45m, 1h30 or 2h.',
          field: 'duration',
          details: [
            {
              field: 'duration',
              message: 'duration: "1x" is not a duration; write it like 45m, 1h30 or 2h.',
            },
          ],
        },
      });
      assert.equal(fathom(t.target, 'entries', 'list', '--json').stdout, before);
    });

    test('entries edit changes every field, says how to undo it, and undo-edit walks back', () => {
      const entry = json<{ id: number }>(
        fathom(t.target, 'log', '1h', 'Coffee', '-w', 'Ana Lima', '--at', '2026-03-25 09:00', '--json'),
      );
      const id = String(entry.id);
      const shown = () =>
        json<{
          minutes: number;
          startedAt: string;
          localDate: string;
          mode: string | null;
          verdict: string | null;
          goal: string | null;
          channel: string | null;
          notes: string | null;
          title: string;
          people: { name: string }[];
          editedAt: string | null;
          updatedAt: string;
        }>(fathom(t.target, 'entries', 'show', id, '--json'));
      const original = shown();

      // Bad input names the field, exits non-zero and changes nothing.
      const refusals: [string[], number, RegExp][] = [
        [['--with', 'Nobody Here'], 3, /with: no person matches "Nobody Here"/],
        [['--with', 'ana'], 4, /with: "ana" matches 2 people/],
        [['--duration', 'forever'], 2, /duration: "forever" is not a duration/],
        [['--at', 'whenever'], 2, /at: "whenever" is not a time/],
        [['--goal', 'world peace'], 3, /goal: no goal matches "world peace"/],
        [['--channel', 'pigeon'], 2, /pigeon/],
        [['--networking', '--socializing'], 2, /--networking and --socializing/],
        [[], 2, /nothing to change/],
      ];
      for (const [args, code, pattern] of refusals) {
        const r = fathom(t.target, 'entries', 'edit', id, ...args);
        assert.equal(r.code, code, `${args.join(' ')}: exit code (stderr: ${r.stderr})`);
        assert.match(r.stderr, pattern, args.join(' '));
      }
      assert.deepEqual(shown(), original);

      const edited = fathom(
        t.target,
        'entries',
        'edit',
        id,
        '--duration',
        '1h45',
        '--title',
        'Coffee and a walk',
        '-w',
        'Ana Sousa',
        '-w',
        'ana@example.com',
        '--networking',
        '--forward',
        '--goal',
        'seed',
        '--channel',
        'in_person',
        '--at',
        '2026-04-02 16:30',
        '--notes',
        'Met her partner',
      );
      assert.equal(edited.code, 0, edited.stderr);
      assert.match(
        edited.stdout,
        /^Updated #\d+\s+2026-04-02\s+1h45\s+networking\s+forward\s+Coffee and a walk/,
      );
      assert.match(
        edited.stdout,
        /Changed when, duration, title, people, kind, verdict, goal, channel and notes\./,
      );
      assert.match(edited.stdout, new RegExp(`Undo with: fathom entries undo-edit ${id}$`, 'm'));
      const after = shown();
      assert.deepEqual(
        [
          after.minutes,
          after.localDate,
          after.startedAt,
          after.mode,
          after.verdict,
          after.goal,
          after.channel,
        ],
        [105, '2026-04-02', '2026-04-02T15:30:00.000Z', 'networking', 'forward', 'seed round', 'in_person'],
      );
      assert.deepEqual(
        after.people.map((p) => p.name),
        ['Ana Lima', 'Ana Sousa'],
      );

      // Judgement taken back, then the undo walks back one edit at a time.
      const open = json<{ mode: string | null; verdict: string | null; revision: number }>(
        fathom(t.target, 'entries', 'edit', id, '--mode', 'none', '--verdict', 'none', '--json'),
      );
      assert.deepEqual([open.mode, open.verdict], [null, null]);
      const first = fathom(t.target, 'entries', 'undo-edit', id);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^Undid the edit of kind and verdict: #\d+/);
      assert.match(
        first.stdout,
        new RegExp(`One earlier edit can be undone too: fathom entries undo-edit ${id}`),
      );
      const second = json<{ undone: string[]; editsLeft: number; editedAt: string | null }>(
        fathom(t.target, 'entries', 'undo-edit', id, '--json'),
      );
      assert.equal(second.undone.length, 9);
      assert.equal(second.editsLeft, 0);
      const back = shown();
      assert.deepEqual({ ...back, updatedAt: null }, { ...original, updatedAt: null });
      assert.equal(back.editedAt, null);
      const none = fathom(t.target, 'entries', 'undo-edit', id);
      assert.equal(none.code, 5);
      assert.match(none.stderr, new RegExp(`Entry #${id} has no edit to undo\\.`));
    });
  });
}

describe('fathom CLI with a bad database', () => {
  test('a corrupt file gets a clear message and exit code 7', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-cli-corrupt-'));
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'not a database at all');
    const r = fathom(path, 'report');
    assert.equal(r.code, 7);
    assert.match(r.stderr, /is not a Fathom database/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
