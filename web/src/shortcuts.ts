import { useEffect, useRef } from 'react';

/** True when a key press belongs to a text field, a dialog or a menu rather than to the page. */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** How long after `g` the next key counts as the second half of a `g` shortcut. */
const chordMs = 1200;
let gPressedAt = 0;
// Keys that complete a `g` shortcut belong to the navigation alone, never to the page underneath.
const chordKeys = new WeakSet<KeyboardEvent>();

function plainKey(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return false;
  return !typingInto(e.target) && !document.querySelector('dialog[open]');
}

if (typeof window !== 'undefined') {
  // Seen in the capture phase, before any page's own listener.
  window.addEventListener(
    'keydown',
    (e) => {
      if (!plainKey(e)) return;
      const now = Date.now();
      if (now - gPressedAt < chordMs) {
        gPressedAt = 0;
        chordKeys.add(e);
      } else if (e.key === 'g') {
        gPressedAt = now;
      }
    },
    { capture: true },
  );
}

/**
 * Calls `handler` for plain key presses (no Ctrl/Alt/Meta) outside text fields and open dialogs.
 * The key after `g` goes only to handlers that take `g` shortcuts (`chords`), with `afterG` set.
 */
export function useKeys(
  handler: (key: string, e: KeyboardEvent, afterG: boolean) => void,
  enabled = true,
  chords = false,
): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !plainKey(e)) return;
      const afterG = chordKeys.has(e);
      if (afterG && !chords) return;
      ref.current(e.key, e, afterG);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, chords]);
}
