/** A content line split into its upper-cased name, the parameters the reader uses, and its raw value. */
export interface IcsProperty {
  name: string;
  params: IcsParams;
  value: string;
}

/**
 * The parameters the reader uses (names are matched without regard to case); any other is only
 * checked for form. A parameter given twice keeps its last value, a list its values joined by commas.
 */
export class IcsParams {
  tzid: string | undefined = undefined;
  value: string | undefined = undefined;
  cutype: string | undefined = undefined;
  email: string | undefined = undefined;
  cn: string | undefined = undefined;
  partstat: string | undefined = undefined;
  role: string | undefined = undefined;

  /** Forgets every value, so that one instance can serve line after line. */
  clear(): void {
    this.tzid = undefined;
    this.value = undefined;
    this.cutype = undefined;
    this.email = undefined;
    this.cn = undefined;
    this.partstat = undefined;
    this.role = undefined;
  }

  set(index: number, value: string): void {
    switch (index) {
      case 0:
        this.tzid = value;
        break;
      case 1:
        this.value = value;
        break;
      case 2:
        this.cutype = value;
        break;
      case 3:
        this.email = value;
        break;
      case 4:
        this.cn = value;
        break;
      case 5:
        this.partstat = value;
        break;
      case 6:
        this.role = value;
        break;
    }
  }
}

/** Parameter names in the order of IcsParams#set. */
const PARAM_NAMES: readonly string[] = ['TZID', 'VALUE', 'CUTYPE', 'EMAIL', 'CN', 'PARTSTAT', 'ROLE'];

const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The upper-cased property name of a content line (it ends at `name.length`), or undefined for a line that is no property. */
export function propertyName(text: string): string | undefined {
  const end = nameEnd(text, 0, text.length);
  if (end <= 0) return undefined;
  const name = text.slice(0, end);
  return hasLowerCase(text, 0, end) ? name.toUpperCase() : name;
}

/** Where the name of the line from `start` to `end` ends (at its first `:` or `;`), or -1 when it has none. */
export function nameEnd(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON || code === SEMICOLON) return i;
  }
  return -1;
}

function hasLowerCase(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) return true;
  }
  return false;
}

/**
 * One of `names` if the text from `start` to `end`, upper-cased as propertyName does, is that
 * name; undefined otherwise. Most names are matched in place, without cutting out a string.
 */
export function nameAt(text: string, start: number, end: number, names: NamesByLength): string | undefined {
  // Exporters write names in upper case, as `names` are: a name found as written has no lower case
  // to look for, and only the odd lower-case one pays for a conversion.
  const found = matchAt(text, start, names[end - start]);
  if (found !== undefined || !hasLowerCase(text, start, end)) return found;
  const upper = text.slice(start, end).toUpperCase();
  for (const name of names[upper.length] ?? []) if (name === upper) return name;
  return undefined;
}

/** The one of `candidates` (all of the same length) that the text at `start` begins with. */
export function matchAt(
  text: string,
  start: number,
  candidates: readonly string[] | undefined,
): string | undefined {
  if (candidates === undefined) return undefined;
  const first = text.charCodeAt(start);
  // The first character rules out most candidates before a comparison of the whole.
  for (const candidate of candidates) {
    if (candidate.charCodeAt(0) === first && text.startsWith(candidate, start)) return candidate;
  }
  return undefined;
}

/** Names grouped by their length (the index), the form nameAt takes. */
export type NamesByLength = readonly (readonly string[] | undefined)[];

export function namesByLength(names: readonly string[]): NamesByLength {
  const table: string[][] = [];
  for (const name of names) (table[name.length] ??= []).push(name);
  return table;
}

/** Parameter values that come on nearly every ATTENDEE line, taken as they are rather than cut out each time. */
const COMMON_VALUES = namesByLength([
  'ACCEPTED',
  'DECLINED',
  'TENTATIVE',
  'NEEDS-ACTION',
  'DELEGATED',
  'REQ-PARTICIPANT',
  'OPT-PARTICIPANT',
  'NON-PARTICIPANT',
  'CHAIR',
  'INDIVIDUAL',
  'GROUP',
  'RESOURCE',
  'ROOM',
  'DATE',
  'DATE-TIME',
]);

function commonValueAt(text: string, start: number, end: number): string | undefined {
  return matchAt(text, start, COMMON_VALUES[end - start]);
}

/** The index in PARAM_NAMES of the parameter name from `start` to `end` (upper-cased), or -1. */
function paramIndex(text: string, start: number, end: number): number {
  let plain = true;
  for (let i = start; i < end; i++) {
    // Anything beyond upper-case ASCII may upper-case into a name ('ı' to 'I', 'ﬆ' to 'ST').
    if (text.charCodeAt(i) >= 0x61) {
      plain = false;
      break;
    }
  }
  if (!plain) return PARAM_NAMES.indexOf(text.slice(start, end).toUpperCase());
  // By length and first letter, so that at most one name is compared.
  const first = text.charCodeAt(start);
  switch (end - start) {
    case 2:
      return first === 0x43 && text.startsWith('CN', start) ? 4 : -1;
    case 4:
      if (first === 0x54) return text.startsWith('TZID', start) ? 0 : -1;
      return first === 0x52 && text.startsWith('ROLE', start) ? 6 : -1;
    case 5:
      if (first === 0x56) return text.startsWith('VALUE', start) ? 1 : -1;
      return first === 0x45 && text.startsWith('EMAIL', start) ? 3 : -1;
    case 6:
      return first === 0x43 && text.startsWith('CUTYPE', start) ? 2 : -1;
    case 8:
      return first === 0x50 && text.startsWith('PARTSTAT', start) ? 5 : -1;
    default:
      return -1;
  }
}

/**
 * Reads the parameters of the content line from `nameEnd` (just after its name) to `end` into
 * `params` when given; returns where the value starts, or -1 when the value separator is missing
 * or a quote is not closed.
 */
export function valueStart(text: string, nameEnd: number, end: number, params?: IcsParams): number {
  if (text.charCodeAt(nameEnd) === COLON) return nameEnd + 1;
  let i = nameEnd;
  while (i < end && text.charCodeAt(i) === SEMICOLON) {
    i += 1;
    let keyEnd = i;
    for (; keyEnd < end; keyEnd++) {
      const code = text.charCodeAt(keyEnd);
      if (code === EQUALS || code === COLON || code === SEMICOLON) break;
    }
    const index = params ? paramIndex(text, i, keyEnd) : -1;
    i = keyEnd;
    if (i >= end || text.charCodeAt(i) !== EQUALS) {
      if (index >= 0) params?.set(index, '');
      continue;
    }
    i += 1;
    let value: string | undefined;
    for (;;) {
      if (i < end && text.charCodeAt(i) === QUOTE) {
        const close = text.indexOf('"', i + 1);
        if (close < 0 || close >= end) return -1;
        if (index >= 0) {
          const part = decodeCaret(text.slice(i + 1, close));
          value = value === undefined ? part : `${value},${part}`;
        }
        i = close + 1;
      } else {
        let valueEnd = i;
        for (; valueEnd < end; valueEnd++) {
          const code = text.charCodeAt(valueEnd);
          if (code === COMMA || code === COLON || code === SEMICOLON) break;
        }
        if (index >= 0) {
          const part = commonValueAt(text, i, valueEnd) ?? text.slice(i, valueEnd);
          value = value === undefined ? part : `${value},${part}`;
        }
        i = valueEnd;
      }
      if (i >= end || text.charCodeAt(i) !== COMMA) break;
      i += 1;
    }
    if (index >= 0 && value !== undefined) params?.set(index, value);
  }
  if (i >= end || text.charCodeAt(i) !== COLON) return -1;
  return i + 1;
}

/** Splits a content line whose name ends at `nameEnd` (and the line at `end`); undefined when the value separator is missing. */
export function parseProperty(
  text: string,
  name: string,
  nameEnd: number,
  end = text.length,
): IcsProperty | undefined {
  const params = new IcsParams();
  const start = valueStart(text, nameEnd, end, params);
  if (start < 0) return undefined;
  return { name, params, value: text.slice(start, end) };
}

/** RFC 6868 escapes inside parameter values (^n newline, ^' quote, ^^ caret). */
function decodeCaret(value: string): string {
  if (!value.includes('^')) return value;
  return value.replace(/\^(n|N|'|\^)/g, (_match, code: string) =>
    code === '^' ? '^' : code === "'" ? '"' : '\n',
  );
}

/** Undoes TEXT value escaping (\n, \, \; \\). */
export function unescapeText(value: string): string {
  let at = value.indexOf('\\');
  if (at < 0) return value;
  let out = '';
  let from = 0;
  while (at >= 0 && at < value.length - 1) {
    const next = value.charCodeAt(at + 1);
    out += value.slice(from, at);
    out += next === 0x6e || next === 0x4e ? '\n' : next === BACKSLASH ? '\\' : value.charAt(at + 1);
    from = at + 2;
    at = value.indexOf('\\', from);
  }
  return out + value.slice(from);
}
