/* eslint-disable no-control-regex -- the tests look for control characters */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/open-store.ts';
import { freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function fathom(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', FATHOM_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The CLI's own parsing and printing: what a terminal receives does not depend on the database.
describe('the CLI answers out-of-bounds values clearly and never prints control characters raw', () => {
  let t: TestTarget;
  before(async () => {
    t = await freshTarget('sqlite');
  });
  after(async () => t.cleanup());

  test('times outside the plausible years, minutes over 59 and negative durations are clear errors', () => {
    for (const at of ['1000000000h ago', '0001-01-01 10:00']) {
      const r = fathom(t.target, 'log', '1h', 'Lunch', '--at', at);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^fathom: at: .* entries must start between 1900 and 2200\.\n$/);
    }
    const over = fathom(t.target, 'log', '1h61', 'Lunch');
    assert.equal(over.code, 2);
    assert.match(over.stderr, /duration: "1h61" has 61 minutes after the hours/);
    const negative = fathom(t.target, 'log', '-5h', 'Lunch');
    assert.equal(negative.code, 2);
    assert.match(negative.stderr, /^fathom: "-5h" is negative/);
    assert.doesNotMatch(negative.stderr, /unknown option/);
    assert.equal(JSON.parse(fathom(t.target, 'entries', 'list', '--json').stdout).total, 0);
  });

  test('init does not replace a purpose without --force', () => {
    assert.equal(fathom(t.target, 'init', 'Open tools').code, 0);
    const again = fathom(t.target, 'init', 'Other');
    assert.equal(again.code, 5);
    assert.match(again.stderr, /already has a purpose \("Open tools"\)/);
    assert.equal(fathom(t.target, 'init', 'Other', '--force').code, 0);
  });

  test('names with escape sequences, stored by an older version, are printed with visible stand-ins', async () => {
    assert.equal(fathom(t.target, 'person', 'add', 'Placeholder', '--title', 'CTO').code, 0);
    const store = await openStore(t.target);
    try {
      await store.db
        .updateTable('people')
        .set({ name: 'Eve\u001b[2J\u001b]0;pwned\u0007', title: '\u202eOTC\u009b' })
        .execute();
    } finally {
      await store.close();
    }
    for (const args of [
      ['person', 'list'],
      ['person', 'show', '1'],
      ['person', 'list', '--json'],
    ]) {
      const r = fathom(t.target, ...args);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, raw, args.join(' '));
      if (!args.includes('--json')) assert.match(r.stdout, /Eve␛\[2J␛\]0;pwned␇/);
    }
    // Error messages quote what was typed: that goes through the same function.
    const bad = fathom(t.target, 'log', '1h', 'Lunch', '--at', 'noon\u001b[2J');
    assert.equal(bad.code, 2);
    assert.doesNotMatch(bad.stderr, raw);
    assert.match(bad.stderr, /"noon␛\[2J" is not a time/);
  });
});
