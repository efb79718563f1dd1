import type { ContactRecord } from '../contact-record.ts';

/** A person record with no contact points yet; `file` is set only when known. */
export function emptyContact(
  line: number,
  file: string | undefined,
  sourceKey: string,
  name: string,
): ContactRecord {
  const record: ContactRecord = {
    line,
    sourceKey,
    kind: 'person',
    name,
    emails: [],
    phones: [],
    urls: [],
    handles: [],
    tags: [],
  };
  if (file !== undefined) record.file = file;
  return record;
}
