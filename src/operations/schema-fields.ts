import type { z } from 'zod';

export type FieldKind = 'boolean' | 'number' | 'list' | 'text';

export interface FieldInfo {
  key: string;
  kind: FieldKind;
  required: boolean;
  description: string;
  choices?: string[];
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  options?: z.ZodType[];
  values?: unknown[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** What a field of an operation's input schema looks like to a face: the CLI's options, the HTTP query string. */
export function describeField(key: string, schema: z.ZodType): FieldInfo {
  let s = schema;
  let required = true;
  let description = s.description ?? '';
  for (;;) {
    const def = defOf(s);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
      required = false;
      s = def.innerType!;
    } else if (def.type === 'pipe') {
      s = def.in!;
    } else break;
    description ||= s.description ?? '';
  }
  const def = defOf(s);
  const choicesOf = (d: Def): string[] | undefined => {
    if (d.type === 'enum' && d.entries) return Object.values(d.entries);
    if (d.type === 'literal' && d.values) return d.values.map(String);
    if (d.type === 'union' && d.options) {
      const all = d.options.map((o) => choicesOf(defOf(o)));
      return all.every(Boolean) ? (all.flat() as string[]) : undefined;
    }
    return undefined;
  };
  const kind: FieldKind =
    def.type === 'boolean'
      ? 'boolean'
      : def.type === 'number'
        ? 'number'
        : def.type === 'array'
          ? 'list'
          : 'text';
  const choices = choicesOf(def);
  return { key, kind, required, description, ...(choices ? { choices } : {}) };
}

/** The fields of an object schema, in declaration order. */
export function objectFields(schema: z.ZodType): FieldInfo[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([k, v]) => describeField(k, v));
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
