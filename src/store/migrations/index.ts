import { foundation } from './0001-foundation.ts';
import { reviews } from './0003-reviews.ts';
import { dayFacets } from './0004-day-facets.ts';
import { importRuns } from './0002-import-runs.ts';
import { personContacts } from './0005-person-contacts.ts';
import { livePeopleIndex } from './0006-live-people-index.ts';
import { entryImports } from './0007-entry-imports.ts';
import { judgingRules } from './0008-judging-rules.ts';
import { entryPeopleKeyed } from './0009-entry-people-keyed.ts';
import { livePeopleCovering } from './0010-live-people-covering.ts';
import { monthFacets } from './0011-month-facets.ts';
import { entryPeopleUnbound } from './0012-entry-people-unbound.ts';
import { entryRevisions } from './0013-entry-revisions.ts';
import { personDetails } from './0014-person-details.ts';
import { undoLookups } from './0017-undo-lookups.ts';
import type { Migration } from './migration.ts';

/** Every known migration, in the order they apply. Append only. */
export const migrations: readonly Migration[] = [
  foundation,
  reviews,
  dayFacets,
  importRuns,
  personContacts,
  livePeopleIndex,
  entryImports,
  judgingRules,
  entryPeopleKeyed,
  livePeopleCovering,
  monthFacets,
  entryPeopleUnbound,
  entryRevisions,
  personDetails,
  undoLookups,
];
