import { z } from 'zod';
import { nameKey, normalizeContact } from '../domain/contact-keys.ts';
import { FathomError } from '../domain/errors.ts';
import type { ContactKind } from '../domain/vocabulary.ts';
import { findPersonMatches } from '../store/merge-store.ts';
import type { PersonMatch } from '../store/merge-store.ts';
import { getSettings } from '../store/settings-store.ts';
import { defineOperation } from './registry.ts';
import type { Context } from './registry.ts';

export type { PersonMatch } from '../store/merge-store.ts';

/** People already in the ledger who share the name or a contact point of someone about to be added. */
export async function matchesFor(
  ctx: Context,
  name: string,
  contacts: { kind: ContactKind; key: string }[],
): Promise<PersonMatch[]> {
  return (await findPersonMatches(ctx.db, ctx.accountId, { nameKey: nameKey(name), contacts })).matches;
}

/** Why a match was found, in a few words: `same email ana@example.org`, `same name`. */
export function matchReasonText(reason: PersonMatch['reasons'][number]): string {
  return reason.kind === 'name' ? 'same name' : `same ${reason.kind} ${reason.value}`;
}

/** The lines a terminal shows under a person who may already be in the ledger. */
export function matchesText(matches: PersonMatch[], newId?: number): string[] {
  if (matches.length === 0) return [];
  const lines = matches.map((m) => {
    const role = [m.title, m.organization].filter(Boolean).join(' at ');
    return `!   #${m.id} ${m.name}${role ? ` (${role})` : ''}${m.archived ? ' [archived]' : ''}: ${m.reasons.map(matchReasonText).join('; ')}`;
  });
  const first = matches[0]!.id;
  return [
    '! Already in your ledger?',
    ...lines,
    `! Open them with: fathom person show ${first}${newId !== undefined ? `   ·   merge: fathom person merge ${first} ${newId}` : ''}`,
  ];
}

const valuesField = (what: string) =>
  z.array(z.string().max(500)).max(20).optional().describe(`${what} (repeatable)`);

export const personMatches = defineOperation({
  name: 'person.matches',
  summary: 'Find people who may already be the one you are about to add (same name, email or phone)',
  mutates: false,
  input: z.object({
    name: z.string().trim().max(200).optional().describe('Full name'),
    email: valuesField('Email address'),
    phone: valuesField('Phone number'),
    url: valuesField('Web or profile address'),
    handle: valuesField('Social handle'),
  }),
  cli: { command: 'person matches', args: ['name'] },
  http: { method: 'GET', path: '/people/matches' },
  async run(ctx, input): Promise<{ matches: PersonMatch[]; more: number }> {
    const region = (await getSettings(ctx.db, ctx.accountId)).phoneRegion;
    const contacts: { kind: ContactKind; key: string }[] = [];
    const lists: [ContactKind, string[] | undefined][] = [
      ['email', input.email],
      ['phone', input.phone],
      ['url', input.url],
      ['handle', input.handle],
    ];
    for (const [kind, values] of lists) {
      for (const v of values ?? []) {
        // A value still being typed is not an error here: it only finds nobody.
        try {
          contacts.push({ kind, key: normalizeContact(kind, v, kind, region).key });
        } catch (e) {
          if (!(e instanceof FathomError)) throw e;
        }
      }
    }
    return findPersonMatches(ctx.db, ctx.accountId, { nameKey: nameKey(input.name ?? ''), contacts });
  },
  text: (r) => {
    if (r.matches.length === 0) return 'Nobody in your ledger has that name, email or phone.';
    return [
      ...matchesText(r.matches).map((l) => l.replace(/^! ?/, '')),
      ...(r.more > 0 ? [`  … and ${r.more} more with the same name.`] : []),
    ].join('\n');
  },
});
