import { FathomError, notFound } from '../domain/errors.ts';
import { emailKey, nameKey } from '../domain/contact-keys.ts';
import type { Db } from '../store/database.ts';
import { getPeople, peopleByContactKey, peopleByNameKey } from '../store/people-store.ts';
import { listGoals } from '../store/goals-store.ts';

function describeCandidates(
  list: {
    id: number;
    name: string;
    organization: string | null;
    contacts: { kind: string; value: string }[];
  }[],
) {
  return list
    .map((p) => {
      const email = p.contacts.find((c) => c.kind === 'email')?.value;
      const extra = [p.organization, email].filter(Boolean).join(', ');
      return `  #${p.id} ${p.name}${extra ? ` (${extra})` : ''}`;
    })
    .join('\n');
}

/**
 * Finds one person by `#id`, id, email or name. A name matches exactly (ignoring case and
 * accents) or by the start of a word; several matches are an error that lists the candidates.
 */
export async function resolvePerson(
  db: Db,
  accountId: string,
  ref: string,
  field = 'person',
): Promise<number> {
  const text = ref.trim();
  if (text === '') throw new FathomError('invalid_input', `${field}: a person is required.`, { field });
  const idMatch = /^#?(\d+)$/.exec(text);
  if (idMatch) {
    const [p] = await getPeople(db, accountId, [Number(idMatch[1])]);
    if (p && p.mergedInto === null) return p.id;
    if (p?.mergedInto) return p.mergedInto;
    if (text.startsWith('#')) throw notFound('person', text, field);
  }
  if (text.includes('@')) {
    const hits = [
      ...new Set((await peopleByContactKey(db, accountId, [emailKey(text)])).map((h) => h.personId)),
    ];
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw ambiguous(field, text, await getPeople(db, accountId, hits));
  }
  const key = nameKey(text);
  if (key === '') throw notFound('person', text, field);
  let ids = await peopleByNameKey(db, accountId, key, false);
  if (ids.length === 0) ids = await peopleByNameKey(db, accountId, key, true);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new FathomError(
      'not_found',
      `${field}: no person matches "${text}". Add them with: fathom person add "${text}"`,
      { field },
    );
  }
  throw ambiguous(field, text, await getPeople(db, accountId, ids.slice(0, 10)));
}

function ambiguous(
  field: string,
  text: string,
  people: Parameters<typeof describeCandidates>[0],
): FathomError {
  return new FathomError(
    'ambiguous',
    `${field}: "${text}" matches ${people.length === 10 ? 'many' : people.length} people; say which one by id or email:\n${describeCandidates(people)}`,
    { field, details: people.map((p) => ({ id: p.id, name: p.name })) },
  );
}

/** Finds an open goal by id or by title (exact, then prefix, ignoring case). */
export async function resolveGoal(db: Db, accountId: string, ref: string, field = 'goal'): Promise<number> {
  const goals = await listGoals(db, accountId);
  const text = ref.trim();
  const byId = /^#?(\d+)$/.exec(text);
  if (byId) {
    const g = goals.find((x) => x.id === Number(byId[1]));
    if (g) return g.id;
  }
  const folded = text.toLowerCase();
  const exact = goals.filter((g) => g.title.toLowerCase() === folded);
  const loose = exact.length > 0 ? exact : goals.filter((g) => g.title.toLowerCase().includes(folded));
  const open = loose.filter((g) => g.status === 'open');
  const pick = open.length > 0 ? open : loose;
  if (pick.length === 1) return pick[0]!.id;
  const list = goals.map((g) => `  #${g.id} ${g.title}${g.status === 'done' ? ' (done)' : ''}`).join('\n');
  if (pick.length === 0) {
    throw new FathomError(
      'not_found',
      `${field}: no goal matches "${text}".${goals.length ? `\nGoals:\n${list}` : ' Add one with: fathom goal add "…"'}`,
      { field },
    );
  }
  throw new FathomError(
    'ambiguous',
    `${field}: "${text}" matches several goals:\n${pick.map((g) => `  #${g.id} ${g.title}`).join('\n')}`,
    {
      field,
    },
  );
}
