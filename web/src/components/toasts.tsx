import { useEffect, useState } from 'react';

interface ToastAction {
  label: string;
  run(): Promise<void> | void;
}

interface Toast {
  id: number;
  message: string;
  action?: ToastAction | undefined;
}

let nextId = 1;
let toasts: Toast[] = [];
const listeners = new Set<(t: Toast[]) => void>();

function publish(next: Toast[]): void {
  toasts = next;
  for (const l of listeners) l(toasts);
}

/** Shows a short message, optionally with one action such as Undo; it fades after a few seconds. */
export function showToast(message: string, action?: ToastAction): void {
  const id = nextId++;
  publish([...toasts.slice(-2), { id, message, action }]);
  window.setTimeout(() => publish(toasts.filter((t) => t.id !== id)), action ? 8000 : 4000);
}

/** Where the messages appear; announced politely to screen readers. */
export function Toasts() {
  const [list, setList] = useState<Toast[]>(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => {
      listeners.delete(setList);
    };
  }, []);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div className="toast" key={t.id}>
          <span>{t.message}</span>
          {t.action ? (
            <button
              type="button"
              onClick={async () => {
                publish(toasts.filter((x) => x.id !== t.id));
                try {
                  await t.action?.run();
                } catch (e) {
                  showToast(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              {t.action.label}
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}
