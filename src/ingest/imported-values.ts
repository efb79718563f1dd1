import {
  cutText,
  isPlausibleYear,
  multiLine,
  plausibleRange,
  singleLine,
  textLimits,
} from '../domain/field-limits.ts';
import type { LimitedField } from '../domain/field-limits.ts';
import type { ContactRecord, ContactValue } from '../importers/contact-record.ts';
import type { ParseIssue } from '../importers/parse-result.ts';

/**
 * A contact record brought within the limits typed input keeps, before anything is matched or
 * written: control characters and bidi overrides are taken out of every value (line breaks stay
 * in notes), text longer than its field allows is cut, tags too long to be tags and birthdays
 * outside the plausible years are left out. Each change is a warning in the run's report, so
 * nothing is lost without a word. Contact values keep their own check (too long or malformed
 * values are left out with a warning where they are read).
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
    if (clean.trim().length <= max) return clean;
    warn(
      field,
      `${clean.trim().length.toLocaleString('en-US')} characters, more than the ${max} a ${field} may have; cut to fit.`,
    );
    return cutText(clean.trim(), max);
  };
  const fitValues = (values: ContactValue[], field: string): ContactValue[] =>
    values.map((v) => {
      const out: ContactValue = { ...v, value: singleLine(v.value) };
      if (v.label !== undefined) out.label = fit(v.label, `${field} label`, 'contactLabel');
      return out;
    });

  const out: ContactRecord = {
    ...record,
    name: fit(record.name, 'name', 'personName'),
    emails: record.emails.length === 0 ? record.emails : fitValues(record.emails, 'email'),
    phones: record.phones.length === 0 ? record.phones : fitValues(record.phones, 'phone'),
    urls: record.urls.length === 0 ? record.urls : fitValues(record.urls, 'url'),
    handles: record.handles.length === 0 ? record.handles : fitValues(record.handles, 'handle'),
  };
  if (record.organization !== undefined)
    out.organization = fit(record.organization, 'organization', 'organization');
  if (record.title !== undefined) out.title = fit(record.title, 'title', 'jobTitle');
  if (record.location !== undefined) out.location = fit(record.location, 'location', 'location');
  if (record.notes !== undefined) out.notes = fit(record.notes, 'notes', 'notes', true);
  if (record.tags.length > 0) {
    out.tags = [];
    for (const tag of record.tags) {
      const t = singleLine(tag).trim();
      if (t.length > textLimits.tag) {
        warn(
          'tag',
          `"${cutText(t, 40)}…" is longer than ${textLimits.tag} characters; the tag was left out.`,
        );
        continue;
      }
      out.tags.push(t);
    }
  }
  if (record.birthday?.year !== undefined && !isPlausibleYear(record.birthday.year)) {
    warn('birthday', `the year ${record.birthday.year} is not ${plausibleRange}; the birthday was left out.`);
    delete out.birthday;
  }
  return out;
}
