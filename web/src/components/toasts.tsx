import { useEffect, useState } from 'react';

interface ToastAction {
  label: string;
  run(): Promise<void> | void;
}

interface Toast {
  id: number;
  message: string;
  actions: ToastAction[];
}

let nextId = 1;
let toasts: Toast[] = [];
const listeners = new Set<(t: Toast[]) => void>();

function publish(next: Toast[]): void {
  toasts = next;
  for (const l of listeners) l(toasts);
}

/** Shows a short message, optionally with actions such as Undo; it fades after a few seconds. */
export function showToast(message: string, ...actions: ToastAction[]): void {
  const id = nextId++;
  publish([...toasts.slice(-2), { id, message, actions }]);
  window.setTimeout(() => publish(toasts.filter((t) => t.id !== id)), actions.length > 0 ? 8000 : 4000);
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
          {t.actions.map((action) => (
            <button
              key={action.label}
              type="button"
              onClick={async () => {
                publish(toasts.filter((x) => x.id !== t.id));
                try {
                  await action.run();
                } catch (e) {
                  showToast(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
