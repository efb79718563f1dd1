import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import type { PeoplePage, PersonRef, PersonResult } from '../api/types.ts';
import { ledgerChanged } from '../api/use-api.ts';

interface PersonPickerProps {
  id: string;
  value: PersonRef[];
  onChange(people: PersonRef[]): void;
  describedBy?: string | undefined;
  invalid?: boolean;
}

interface Option {
  kind: 'person' | 'new';
  id?: number;
  name: string;
  detail?: string;
}

/** Picks people as you type; offers to add someone new when nobody matches. */
export function PersonPicker({ id, value, onChange, describedBy, invalid }: PersonPickerProps) {
  const listId = useId();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const q = text.trim();
    if (q === '') {
      setOptions([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      apiGet<PeoplePage>('/people', { search: q, limit: 8 }, ctrl.signal).then(
        (page) => {
          const chosen = new Set(value.map((p) => p.id));
          const found: Option[] = page.people
            .filter((p) => !chosen.has(p.id))
            .map((p) => ({
              kind: 'person',
              id: p.id,
              name: p.name,
              detail:
                [p.title, p.organization].filter(Boolean).join(', ') || p.contacts[0]?.value || p.circle,
            }));
          const exact = page.people.some((p) => p.name.toLowerCase() === q.toLowerCase());
          setOptions(exact ? found : [...found, { kind: 'new', name: q }]);
          setActive(0);
          setOpen(true);
        },
        () => undefined,
      );
    }, 120);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [text, value]);

  const choose = async (o: Option) => {
    setProblem(undefined);
    if (o.kind === 'person' && o.id !== undefined) {
      onChange([...value, { id: o.id, name: o.name }]);
    } else {
      setBusy(true);
      try {
        const r = await apiSend<PersonResult>('POST', '/people', { name: o.name });
        onChange([...value, { id: r.person.id, name: r.person.name }]);
        ledgerChanged();
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
        return;
      } finally {
        setBusy(false);
      }
    }
    setText('');
    setOptions([]);
    setOpen(false);
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && options.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length > 0) {
      e.preventDefault();
      setActive((a) => (a - 1 + options.length) % options.length);
    } else if (e.key === 'Enter' && open && options[active]) {
      e.preventDefault();
      void choose(options[active]);
    } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  const showList = open && options.length > 0;
  return (
    <div className={`picker${invalid ? ' invalid' : ''}`}>
      <div className="picker-box" onClick={() => input.current?.focus()}>
        {value.map((p) => (
          <span className="token" key={p.id}>
            {p.name}
            <button
              type="button"
              aria-label={`Remove ${p.name}`}
              onClick={() => onChange(value.filter((x) => x.id !== p.id))}
            >
              ×
            </button>
          </span>
        ))}
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          placeholder={value.length === 0 ? 'Type a name…' : 'Add another…'}
          value={text}
          disabled={busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() =>
            // Closed a moment later, so a click on an option lands first; not when the focus came back.
            window.setTimeout(() => {
              if (document.activeElement !== input.current) setOpen(false);
            }, 150)
          }
          onFocus={() => options.length > 0 && setOpen(true)}
        />
      </div>
      {showList ? (
        <ul className="picker-list" role="listbox" id={listId}>
          {options.map((o, i) => (
            <li
              key={o.kind === 'new' ? 'new' : o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(o);
              }}
            >
              {o.kind === 'new' ? (
                <span>
                  Add <strong>{o.name}</strong> as a new person
                </span>
              ) : (
                <>
                  <span className="picker-name">{o.name}</span>
                  <span className="picker-detail">{o.detail}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
