import type { ChangeEvent } from 'react';
import type { Person } from '../api/types.ts';
import { Field } from './field.tsx';

/** The editor's fields for what address books add to a name: its parts, the department, the anniversary. */
export const namePartKeys = [
  'prefix',
  'given',
  'middle',
  'family',
  'suffix',
  'nickname',
  'department',
  'anniversary',
] as const;
export type NamePartKey = (typeof namePartKeys)[number];
export type NamePartValues = Record<NamePartKey, string>;

function dateText(d: Person['anniversary']): string {
  if (!d) return '';
  const md = `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return d.year === undefined ? `--${md}` : `${d.year}-${md}`;
}

/** The person's values as the fields show them. */
export function namePartValues(p: Person): NamePartValues {
  return {
    prefix: p.namePrefix ?? '',
    given: p.givenName ?? '',
    middle: p.middleName ?? '',
    family: p.familyName ?? '',
    suffix: p.nameSuffix ?? '',
    nickname: p.nickname ?? '',
    department: p.department ?? '',
    anniversary: dateText(p.anniversary),
  };
}

const labels: Record<NamePartKey, string> = {
  prefix: 'Prefix',
  given: 'Given name',
  middle: 'Middle name',
  family: 'Family name',
  suffix: 'Suffix',
  nickname: 'Nickname',
  department: 'Department',
  anniversary: 'Anniversary',
};

const hints: Partial<Record<NamePartKey, string>> = {
  prefix: 'Dr., Prof.',
  suffix: 'Jr., PhD',
  anniversary: 'YYYY-MM-DD, or --MM-DD without the year',
};

/** The fields, in two groups: the name in its parts, then department and anniversary. */
export function NamePartFields({
  values,
  onChange,
  errors,
}: {
  values: NamePartValues;
  onChange(key: NamePartKey): (e: ChangeEvent<HTMLInputElement>) => void;
  errors: Partial<Record<string, string>>;
}) {
  const field = (key: NamePartKey) => (
    <Field key={key} label={labels[key]} error={errors[key]} hint={hints[key]}>
      {(a) => <input {...a} value={values[key]} onChange={onChange(key)} />}
    </Field>
  );
  return (
    <>
      <fieldset className="name-parts">
        <legend>Name in parts</legend>
        <div className="row-3">
          {(['prefix', 'given', 'middle', 'family', 'suffix', 'nickname'] as const).map(field)}
        </div>
      </fieldset>
      <div className="row-2">{(['department', 'anniversary'] as const).map(field)}</div>
    </>
  );
}
