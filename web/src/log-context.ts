import { createContext, useContext } from 'react';
import type { PersonRef } from './api/types.ts';

/** Opens the quick-log dialog, optionally with people already chosen. */
export const LogContext = createContext<(people?: PersonRef[]) => void>(() => undefined);

export function useOpenLog(): (people?: PersonRef[]) => void {
  return useContext(LogContext);
}
