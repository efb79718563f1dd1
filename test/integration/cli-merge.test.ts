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

function fathom(db: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', FATHOM_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const vcard = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Ana Lima',
  'EMAIL:ana.lima@studio.example',
  'UID:card-ana',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Carla Dias',
  'UID:card-carla',
  'END:VCARD',
  '',
].join('\r\n');

for (const dialect of dialects) {
  describe(`merging from the command line on ${dialect}`, () => {
    let t: TestTarget;
    before(async () => {
      t = await freshTarget(dialect);
    });
    after(async () => t.cleanup());

    test('person add warns about a known person; an import preview offers the merge and --merge-into makes it', () => {
      assert.equal(fathom(t.target, 'person', 'add', 'Ana Lima', '--email', 'ana@verde.example').code, 0);
      const again = fathom(t.target, 'person', 'add', 'Ana Lima', '--json');
      assert.equal(again.code, 0, again.stderr);
      const added = JSON.parse(again.stdout) as { person: { id: number }; matches: { id: number }[] };
      assert.deepEqual(
        added.matches.map((m) => m.id),
        [1],
      );
      assert.equal(fathom(t.target, 'person', 'merge', '1', '2').code, 0);

      const file = join(mkdtempSync(join(tmpdir(), 'fathom-cli-merge-')), 'phone.vcf');
      writeFileSync(file, vcard);
      const preview = fathom(t.target, 'import', file, '--dry-run');
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(
        preview.stdout,
        /Possible duplicates, left apart \(same name\):\n {2}phone\.vcf:1 {2}Ana Lima \(ana\.lima@studio\.example\) ~ #1 Ana Lima \(ana@verde\.example\)\n/,
      );
      assert.match(preview.stdout, /add --merge-into LINE=PERSON \(e\.g\. --merge-into 1=1\)/);

      const refused = fathom(t.target, 'import', file, '--merge-into', '1=2');
      assert.equal(refused.code, 2);
      assert.equal(refused.stderr, 'fathom: mergeInto.0: #2 Ana Lima is merged into #1; choose #1.\n');

      const run = fathom(t.target, 'import', file, '--merge-into', '1=1', '--json');
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { run: number; counts: { created: number; merged: number } };
      assert.deepEqual([report.counts.created, report.counts.merged], [1, 1]);
      const undo = fathom(t.target, 'import', 'undo', String(report.run));
      assert.equal(undo.code, 0, undo.stderr);
      assert.match(undo.stdout, /removed 2 people .* Took back 1 merge chosen in its preview\./);
    });
  });
}
