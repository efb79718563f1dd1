import { createHash } from 'node:crypto';

import type { ContactRecord } from '../contact-record.ts';

/** A short, stable hash of the given parts, for source keys of records that carry no id. */
export function hashKey(...parts: (string | number | undefined)[]): string {
  const hash = createHash('sha256');
  hash.update(parts.map((part) => (part === undefined ? '' : String(part))).join('\u001f'));
  return hash.digest('hex').slice(0, 20);
}

/**
 * Makes source keys unique within one file by numbering repeats in file order (`~2`, `~3`), so
 * two identical rows stay two records and a re-import maps them the same way again. A file read
 * in parts passes the same `seen` map with every part.
 */
export function makeSourceKeysUnique(records: ContactRecord[], seen = new Map<string, number>()): void {
  for (const record of records) {
    const count = (seen.get(record.sourceKey) ?? 0) + 1;
    seen.set(record.sourceKey, count);
    if (count > 1) record.sourceKey = `${record.sourceKey}~${count}`;
  }
}
