import { demo, demoRemove } from './demo-operations.ts';
import { exportOperations } from './export-operations.ts';
import {
  entriesDelete,
  entriesEdit,
  entriesList,
  entriesRestore,
  entriesShow,
  entriesUndoEdit,
  judge,
  log,
} from './ledger-operations.ts';
import { importFile, importList, importShow, importUndo } from './import-operations.ts';
import {
  personDistinct,
  personDuplicates,
  personEvidence,
  personMerge,
  personMerges,
  personUnmerge,
} from './merge-operations.ts';
import { personMatches } from './person-matches.ts';
import { personArchive, personCircle, triage } from './triage-operations.ts';
import { insightsOperations } from './insights-operations.ts';
import { reviewOperations } from './review-operations.ts';
import { personAdd, personEdit, personJudge, personList, personShow } from './people-operations.ts';
import { goalAdd, goalDone, goalList, init, settingsSet, settingsShow } from './purpose-operations.ts';
import type { Operation } from './registry.ts';
import { report } from './report-operations.ts';
import { ruleOperations } from './rules-operations.ts';
import { suggestionOperations } from './suggestion-operations.ts';

/** Every operation Fathom offers; the CLI, HTTP routes and OpenAPI document are derived from this list. */
export const operations: readonly Operation[] = [
  init,
  settingsShow,
  settingsSet,
  goalAdd,
  goalList,
  goalDone,
  personAdd,
  personEdit,
  personShow,
  personList,
  personJudge,
  log,
  entriesList,
  entriesShow,
  entriesEdit,
  entriesUndoEdit,
  entriesDelete,
  entriesRestore,
  judge,
  report,
  demo,
  demoRemove,
  importFile,
  importList,
  importShow,
  importUndo,
  personDuplicates,
  personMerge,
  personUnmerge,
  personDistinct,
  personEvidence,
  personMerges,
  personMatches,
  personCircle,
  personArchive,
  triage,
  ...insightsOperations,
  ...reviewOperations,
  ...ruleOperations,
  ...suggestionOperations,
  ...exportOperations,
];

export function findOperation(name: string): Operation | undefined {
  return operations.find((o) => o.name === name);
}
