import { createHash } from 'node:crypto';
import {
  cutText,
  isPlausibleYear,
  multiLine,
  plausibleRange,
  singleLine,
  textLimits,
} from '../domain/field-limits.ts';
import type { LimitedField } from '../domain/field-limits.ts';
import type {
  ContactAddress,
  ContactRecord,
  ContactRelated,
  ContactValue,
} from '../importers/contact-record.ts';
import type { ParseIssue } from '../importers/parse-result.ts';

/** The parts of a postal address, each held to the address part limit. */
const addressParts = ['poBox', 'extended', 'street', 'locality', 'region', 'postalCode', 'country'] as const;

/** The longest source key stored as it is: well within what PostgreSQL's indexes take. */
const maxSourceKey = 500;

/** A long source key as a short one that stays the same for the same key on every import. */
function digestKey(key: string): string {
  const prefix = key.slice(0, key.indexOf(':') + 1);
  return `${prefix}sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * A contact record brought within the limits typed input keeps, before anything is matched or
 * written: control characters and bidi overrides are taken out of every value (line breaks stay
 * in notes), text longer than its field allows is cut, tags too long to be tags and birthdays
 * outside the plausible years are left out. Each change is a warning in the run's report, so
 * nothing is lost without a word. Contact values are checked where they are read (malformed ones
 * are left out there); any still longer than a contact value may be is left out here, and a source
 * key too long to index is kept as a digest of itself.
 */
export function fitRecord(record: ContactRecord, warnings: ParseIssue[]): ContactRecord {
  const warn = (field: string, message: string) => {
    const issue: ParseIssue = { line: record.line, field, message };
    if (record.file !== undefined) issue.file = record.file;
    warnings.push(issue);
  };
  const fit = (value: string, field: string, limit: LimitedField, lines = false): string => {
    const clean = lines ? multiLine(value) : singleLine(value);
    const max = textLimits[limit];
    // The untrimmed length bounds the trimmed one: most values need no trimming to know.
    if (clean.length <= max) return clean;
    const trimmed = clean.trim();
    if (trimmed.length <= max) return clean;
    warn(
      field,
      `${trimmed.length.toLocaleString('en-US')} characters, more than the ${max} a ${field} may have; cut to fit.`,
    );
    return cutText(trimmed, max);
  };
  // Most records need nothing: values are copied only when one changes.
  const fitValues = (values: ContactValue[], field: string): ContactValue[] => {
    let out: ContactValue[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const value = singleLine(v.value);
      if (value.length > textLimits.contactValue) {
        // Cut, an address or a number would point somewhere else: it is left out instead.
        warn(
          field,
          `${value.length.toLocaleString('en-US')} characters, more than the ${textLimits.contactValue} a ${field} may have; left out.`,
        );
        out ??= values.slice();
        out[i] = undefined as unknown as ContactValue;
        continue;
      }
      const label = v.label === undefined ? undefined : fit(v.label, `${field} label`, 'contactLabel');
      if (value === v.value && label === v.label) continue;
      out ??= values.slice();
      const copy: ContactValue = { ...v, value };
      if (label !== undefined) copy.label = label;
      out[i] = copy;
    }
    return out ? out.filter((v) => v !== undefined) : values;
  };

  let out: ContactRecord | undefined;
  const set = <K extends keyof ContactRecord>(key: K, value: ContactRecord[K]) => {
    if (value === record[key]) return;
    out ??= { ...record };
    out[key] = value;
  };
  // A key is stored and indexed as it is; one made from an absurdly long value is kept as a digest.
  if (record.sourceKey.length > maxSourceKey) set('sourceKey', digestKey(record.sourceKey));
  set('name', fit(record.name, 'name', 'personName'));
  if (record.emails.length > 0) set('emails', fitValues(record.emails, 'email'));
  if (record.phones.length > 0) set('phones', fitValues(record.phones, 'phone'));
  if (record.urls.length > 0) set('urls', fitValues(record.urls, 'url'));
  if (record.handles.length > 0) set('handles', fitValues(record.handles, 'handle'));
  if (record.organization !== undefined)
    set('organization', fit(record.organization, 'organization', 'organization'));
  if (record.title !== undefined) set('title', fit(record.title, 'title', 'jobTitle'));
  if (record.location !== undefined) set('location', fit(record.location, 'location', 'location'));
  const parts = [
    ['namePrefix', 'name prefix'],
    ['givenName', 'given name'],
    ['middleName', 'middle name'],
    ['familyName', 'family name'],
    ['nameSuffix', 'name suffix'],
  ] as const;
  for (const [key, field] of parts) {
    const value = record[key];
    if (value !== undefined) set(key, fit(value, field, 'namePart'));
  }
  if (record.nickname !== undefined) set('nickname', fit(record.nickname, 'nickname', 'nickname'));
  if (record.department !== undefined) set('department', fit(record.department, 'department', 'department'));
  if (record.addresses !== undefined) {
    let addresses: ContactAddress[] | undefined;
    record.addresses.forEach((a, i) => {
      const copy: ContactAddress = { ...a };
      let changed = false;
      for (const part of addressParts) {
        const value = a[part];
        if (value === undefined) continue;
        // A street may run over lines; the other parts are one line each.
        const fitted = fit(value, 'address', 'addressPart', part === 'street' || part === 'extended');
        if (fitted !== value) {
          copy[part] = fitted;
          changed = true;
        }
      }
      if (a.label !== undefined) {
        const label = fit(a.label, 'address label', 'contactLabel');
        if (label !== a.label) {
          copy.label = label;
          changed = true;
        }
      }
      if (!changed) return;
      addresses ??= record.addresses!.slice();
      addresses[i] = copy;
    });
    if (addresses !== undefined) set('addresses', addresses);
  }
  if (record.related !== undefined) {
    let related: ContactRelated[] | undefined;
    record.related.forEach((r, i) => {
      const name = fit(r.name, 'related name', 'relatedName');
      const relation = r.relation === undefined ? undefined : fit(r.relation, 'relation', 'contactLabel');
      if (name === r.name && relation === r.relation) return;
      related ??= record.related!.slice();
      related[i] = relation === undefined ? { name } : { name, relation };
    });
    if (related !== undefined) set('related', related);
  }
  if (record.notes !== undefined) set('notes', fit(record.notes, 'notes', 'notes', true));
  if (record.tags.length > 0) {
    let tags: string[] | undefined;
    for (let i = 0; i < record.tags.length; i++) {
      const tag = record.tags[i]!;
      const t = singleLine(tag);
      const long = t.trim().length > textLimits.tag;
      if (long)
        warn(
          'tag',
          `"${cutText(t.trim(), 40)}…" is longer than ${textLimits.tag} characters; the tag was left out.`,
        );
      if (!long && t === tag && tags === undefined) continue;
      tags ??= record.tags.slice(0, i);
      if (!long) tags.push(t);
    }
    if (tags !== undefined) set('tags', tags);
  }
  for (const field of ['birthday', 'anniversary'] as const) {
    const year = record[field]?.year;
    if (year === undefined || isPlausibleYear(year)) continue;
    warn(field, `the year ${year} is not ${plausibleRange}; the ${field} was left out.`);
    out ??= { ...record };
    delete out[field];
  }
  return out ?? record;
}
