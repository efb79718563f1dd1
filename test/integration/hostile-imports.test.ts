import assert from 'node:assert/strict';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readLocalFile } from '../../src/cli/local-file.ts';
import type { FathomError } from '../../src/domain/errors.ts';
import { buildZip } from '../../src/importers/contacts/build-zip.ts';
import { importFile, importList } from '../../src/operations/import-operations.ts';
import { invoke } from '../../src/operations/registry.ts';
import { dumpPeople } from '../support/ledger-dump.ts';
import { dialects, openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
const good = 'Ana,Souza,https://www.linkedin.com/in/ana-souza-42,,Fjord Labs,CTO,14 Mar 2021\n';

function tempFile(name: string, data: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fathom-hostile-')), name);
  writeFileSync(path, data);
  return path;
}

/** Rewrites an entry name in place, same length (yazl refuses unsafe names itself). */
function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + 1))
    Buffer.from(to).copy(out, at);
  return out;
}

async function run(ledger: TestLedger, path: string, extra: Record<string, unknown> = {}) {
  return invoke(importFile, { ...ledger.ctx, readFile: readLocalFile }, { file: path, ...extra });
}

/** Asserts that importing `path` fails with `code` and a message matching `pattern`, and changes nothing. */
async function refused(
  ledger: TestLedger,
  path: string,
  code: string,
  pattern: RegExp,
  extra: Record<string, unknown> = {},
) {
  const before = await dumpPeople(ledger.store.db, ledger.ctx.accountId);
  const runs = (await invoke(importList, ledger.ctx, {})).runs.length;
  await assert.rejects(run(ledger, path, extra), (e: FathomError) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
  assert.deepEqual(await dumpPeople(ledger.store.db, ledger.ctx.accountId), before);
  assert.equal((await invoke(importList, ledger.ctx, {})).runs.length, runs);
}

for (const dialect of dialects) {
  describe(`hostile import files (${dialect})`, () => {
    test('every hostile file gets a clear error and leaves the database as it was', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        // Something to protect.
        await run(ledger, tempFile('Connections.csv', header + good));

        // A row cut by an unclosed quote: the readable rows are not imported either.
        const malformed = tempFile(
          'Connections.csv',
          `${header}Carla,Dias,https://www.linkedin.com/in/carla,,"Open quote,,12 Mar 2021\n`,
        );
        await refused(ledger, malformed, 'invalid_input', /Connections\.csv:2: /);

        // Latin-1 bytes where LinkedIn promises UTF-8.
        const latin1 = Buffer.concat([
          Buffer.from(header),
          Buffer.from('Jos\xe9,Mu\xf1oz,https://www.linkedin.com/in/jose,,,,12 Mar 2021\n', 'latin1'),
        ]);
        await refused(
          ledger,
          tempFile('Connections.csv', latin1),
          'invalid_input',
          /not valid UTF-8|invalid UTF-8/,
        );

        // A ZIP bomb: 64 MB of one repeated row squeezed far beyond 100:1.
        const bomb = await buildZip([
          { path: 'Connections.csv', data: header + good.repeat((64 * 1024 * 1024) / good.length) },
        ]);
        assert.ok(bomb.length < 1024 * 1024);
        await refused(ledger, tempFile('export.zip', bomb), 'invalid_input', /ZIP bomb/);

        // Path traversal inside a ZIP, next to a good entry: refused whole.
        let evil = await buildZip([
          { path: 'aa/aa/friends.json', data: '{"friends":[]}' },
          { path: 'ok/Connections.csv', data: header + good },
        ]);
        evil = renameEntry(evil, 'aa/aa/friends.json', '../../friends.json');
        await refused(ledger, tempFile('evil.zip', evil), 'invalid_input', /\.\.\/\.\.\/friends\.json/);

        // JSON nested 100,000 deep.
        const deep = `{"friends":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
        await refused(ledger, tempFile('friends.json', deep), 'invalid_input', /friends\.json/);

        // Over the size limit (69 + 40 × 79 = 3,229 bytes): refused from its size alone, before a byte is read.
        await refused(
          ledger,
          tempFile('Connections.csv', header + good.repeat(40)),
          'too_large',
          /3\.2 KB, over the limit of 1\.0 KB/,
          {
            maxSize: '1KB',
          },
        );
        const huge = tempFile('Connections.csv', '');
        truncateSync(huge, 101 * 1024 * 1024);
        await refused(ledger, huge, 'too_large', /101 MB, over the limit of 100 MB/);

        // Not contacts at all.
        await refused(ledger, tempFile('notes.txt', 'just some words\n'), 'invalid_input', /notes\.txt/);
      } finally {
        await ledger.close();
      }
    });

    test('a dry run lists the errors; --skip-errors imports the readable records only', async () => {
      const ledger = await openTestLedger(dialect);
      try {
        const path = tempFile(
          'Connections.csv',
          `${header}${good}Carla,Dias,https://www.linkedin.com/in/carla,,"Open quote,,12 Mar 2021\n`,
        );
        const preview = await run(ledger, path, { dryRun: true });
        // The parser still reads a record from the broken row; it is listed, and so is the error on its line.
        assert.deepEqual([preview.counts.created, preview.counts.errors, preview.errors[0]?.line], [2, 1, 3]);
        await assert.rejects(run(ledger, path), /1 problem; nothing was imported/);
        const imported = await run(ledger, path, { skipErrors: true });
        assert.deepEqual(
          [imported.status, imported.counts.created, imported.counts.errors],
          ['committed', 2, 1],
        );
      } finally {
        await ledger.close();
      }
    });
  });
}
