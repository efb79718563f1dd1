import { createContext, useContext } from 'react';
import type { Entry, PersonRef } from './api/types.ts';

/** Opens the quick-log dialog, optionally with people already chosen. */
export const LogContext = createContext<(people?: PersonRef[]) => void>(() => undefined);

export function useOpenLog(): (people?: PersonRef[]) => void {
  return useContext(LogContext);
}

// The log dialog is mounted once, by the app; it listens here to be opened on an entry.
const editors = new Set<(entry: Entry) => void>();

/** Opens the log dialog on an entry, to change it. */
export function editEntry(entry: Entry): void {
  for (const open of editors) open(entry);
}

/** Hears every request to edit an entry; returns the way to stop. */
export function onEditEntry(open: (entry: Entry) => void): () => void {
  editors.add(open);
  return () => {
    editors.delete(open);
  };
}
