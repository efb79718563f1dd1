import type { Circle, Mode, Verdict } from '../api/types.ts';

/** Networking or socializing, or a grey "unjudged" when neither is known yet. */
export function ModeChip({ mode }: { mode: Mode | null }) {
  return <span className={`chip mode-${mode ?? 'unjudged'}`}>{mode ?? 'unjudged'}</span>;
}

/** Forward or back; an arrow carries the meaning as well as the colour. */
export function VerdictChip({ verdict, label }: { verdict: Verdict | null; label?: string }) {
  return <span className={`chip verdict-${verdict ?? 'unjudged'}`}>{label ?? verdict ?? 'no verdict'}</span>;
}

export function CircleChip({ circle }: { circle: Circle }) {
  return <span className={`chip circle circle-${circle}`}>{circle}</span>;
}
