import type { Birthday } from './birthday.ts';
import type { Circle, ContactKind, Standing, StandingDimension, Verdict } from './vocabulary.ts';

export interface ContactPoint {
  id: number;
  kind: ContactKind;
  value: string;
  key: string;
  label: string | null;
  /** Where this fact came from: `manual`, `demo`, or `import:RUN`. */
  source: string;
}

/** A postal address in its parts, as address books keep them; any part may be missing. */
export interface PostalAddress {
  id: number;
  /** `home`, `work`, or the source's own label. */
  label: string | null;
  poBox: string | null;
  /** The extended address (apartment, suite), which most sources fold into the street. */
  extended: string | null;
  street: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  source: string;
}

/** Someone a person is related to, by name: a spouse, an assistant, a child. */
export interface RelatedName {
  id: number;
  name: string;
  /** `spouse`, `assistant`, … or the source's own label; null when the source gave none. */
  relation: string | null;
  source: string;
}

/** When the owner connected with (or befriended, or followed) the person on one network. */
export interface NetworkConnection {
  /** `linkedin`, `facebook`, `instagram`, `x`. */
  network: string;
  /** YYYY-MM-DD. */
  connectedOn: string;
  source: string;
}

/** A person's photo as lists show it: where to fetch it, and what it is. */
export interface PersonPhoto {
  /** Path of the image under this server, changing whenever the photo does (so it may be cached). */
  url: string;
  contentType: string;
  bytes: number;
  source: string;
}

/** A person in the owner's network, as every face shows them. */
export interface Person {
  id: number;
  /** The plain name people use for them (the formatted name, or given and family name). */
  name: string;
  namePrefix: string | null;
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  nameSuffix: string | null;
  nickname: string | null;
  organization: string | null;
  department: string | null;
  title: string | null;
  location: string | null;
  birthday: Birthday | null;
  anniversary: Birthday | null;
  notes: string | null;
  purpose: string | null;
  circle: Circle;
  verdict: Verdict | null;
  aspire: boolean;
  /** Days between contacts the owner wants; null uses the circle's default. */
  cadenceDays: number | null;
  standing: Partial<Record<StandingDimension, Standing>>;
  tags: string[];
  contacts: ContactPoint[];
  addresses: PostalAddress[];
  related: RelatedName[];
  /** Per network, earliest first. */
  connections: NetworkConnection[];
  /** The earliest date the owner connected with them on any network (YYYY-MM-DD). */
  knownSince: string | null;
  photo: PersonPhoto | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  mergedInto: number | null;
}

/** The people an entry was with, as lists show them. */
export interface PersonRef {
  id: number;
  name: string;
}

/** The name with every part the owner or a source gave (`Dr. Ada Augusta Lovelace FRS`); empty when there are none. */
export function fullName(
  p: Pick<Person, 'namePrefix' | 'givenName' | 'middleName' | 'familyName' | 'nameSuffix'>,
): string {
  return [p.namePrefix, p.givenName, p.middleName, p.familyName, p.nameSuffix].filter(Boolean).join(' ');
}

/** A postal address on one line, its parts in the order of a letter: `Rua Augusta 10, 1100-053 Lisboa, Portugal`. */
export function addressLine(a: Omit<PostalAddress, 'id' | 'label' | 'source'>): string {
  const town = [a.postalCode, a.locality].filter(Boolean).join(' ');
  return [a.poBox, a.extended, a.street, town, a.region, a.country]
    .filter((part): part is string => Boolean(part))
    .join(', ')
    .replace(/\s*\n\s*/g, ', ');
}
