/** The parameters of one property, with the vCard 2.1, 3.0 and 4.0 spellings folded together. */
export interface VcardParams {
  /** Lower-case types from `TYPE=` (repeated or comma lists) and bare 2.1 parameters, without `pref`. */
  types: string[];
  /** `TYPE=pref`, a bare 2.1 `PREF` or 4.0 `PREF=1`. */
  preferred: boolean;
  /** Upper-case `ENCODING` (`QUOTED-PRINTABLE`, `BASE64`, `B`). */
  encoding?: string;
  charset?: string;
  /** Lower-case `VALUE=` (`uri`, `text`, `date`). */
  valueType?: string;
  /** Any other parameter, by lower-case name, RFC 6868 decoded. */
  other?: Map<string, string>;
}

/** One content line split into its parts; the value is still raw (escaped, maybe encoded). */
export interface VcardProperty {
  group?: string;
  /** Upper-case property name. */
  name: string;
  params: VcardParams;
  value: string;
}

/** Why a content line could not be read. */
export interface PropertyLineError {
  /** The property name when it could be read. */
  name?: string;
  message: string;
}

const COLON = 58;
const SEMICOLON = 59;
const EQUALS = 61;
const COMMA = 44;
const QUOTE = 34;
const DOT = 46;

/** Shared by every property without types, so most lines allocate no array; replaced on first push. */
const NO_TYPES: string[] = Object.freeze([]) as unknown as string[];

/** Upper-cases and trims a name, without allocating when it already is (the common case). */
function upperName(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c <= 32 || c > 126) return text.trim().toUpperCase();
  }
  return text;
}

/** Splits a logical line into group, name, parameters and raw value. */
export function parsePropertyLine(text: string): VcardProperty | PropertyLineError {
  const n = text.length;
  let i = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === SEMICOLON || c === COLON) break;
    if (c === DOT) dot = i;
  }
  const name = upperName(dot < 0 ? text.slice(0, i) : text.slice(dot + 1, i));
  if (i === n) {
    // Only name the field when the text before the missing colon looks like a property name.
    return /^[A-Z0-9-]+$/.test(name)
      ? { name, message: 'property has no colon' }
      : { message: 'line is not a vCard property (no colon)' };
  }
  if (name === '') return { message: 'property has no name' };
  const params: VcardParams = { types: NO_TYPES, preferred: false };
  while (i < n && text.charCodeAt(i) === SEMICOLON) {
    i = readParam(text, i + 1, params);
    if (i < 0) return { name, message: 'parameter has an unterminated quote' };
  }
  if (i >= n || text.charCodeAt(i) !== COLON) return { name, message: 'property has no colon' };
  const property: VcardProperty = { name, params, value: text.slice(i + 1) };
  if (dot >= 0) property.group = text.slice(0, dot).trim();
  return property;
}

/** Reads one parameter starting at `start`; returns the index of the `;` or `:` after it, or -1. */
function readParam(text: string, start: number, params: VcardParams): number {
  const n = text.length;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === EQUALS || c === SEMICOLON || c === COLON) break;
    i++;
  }
  const key = upperName(text.slice(start, i));
  if (i >= n || text.charCodeAt(i) !== EQUALS) {
    if (key !== '') addBareParam(key, params);
    return i;
  }
  // Values: comma-separated, each optionally double-quoted (quotes may hide `;`, `:` and `,`).
  i++;
  let value = '';
  let quoted = false;
  let segment = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      value += text.slice(segment, i);
      segment = i + 1;
      quoted = !quoted;
    } else if (!quoted && (c === SEMICOLON || c === COLON || c === COMMA)) {
      addParam(key, decodeCaret((value + text.slice(segment, i)).trim()), params);
      if (c !== COMMA) return i;
      value = '';
      segment = i + 1;
    }
  }
  if (quoted) return -1;
  addParam(key, decodeCaret((value + text.slice(segment, n)).trim()), params);
  return n;
}

function addTypeValue(value: string, params: VcardParams): void {
  const type = value.toLowerCase();
  if (type === 'pref') params.preferred = true;
  else if (type !== '') addType(type, params);
}

function addType(type: string, params: VcardParams): void {
  if (params.types === NO_TYPES) params.types = [type];
  else params.types.push(type);
}

function addParam(key: string, value: string, params: VcardParams): void {
  switch (key) {
    case 'TYPE':
      // A quoted list (`TYPE="cell,voice"`) means the same as the bare list.
      if (value.indexOf(',') < 0) addTypeValue(value, params);
      else for (const part of value.split(',')) addTypeValue(part.trim(), params);
      return;
    case 'PREF':
      // 4.0 ranks 1..100; only the top rank means "the preferred one".
      if (value === '1') params.preferred = true;
      return;
    case 'ENCODING':
      params.encoding = value.toUpperCase();
      return;
    case 'CHARSET':
      params.charset = value;
      return;
    case 'VALUE':
      params.valueType = value.toLowerCase();
      return;
    default: {
      const name = key.toLowerCase();
      params.other ??= new Map();
      const previous = params.other.get(name);
      params.other.set(name, previous === undefined ? value : `${previous},${value}`);
    }
  }
}

/** vCard 2.1 allows parameters without a name: `TEL;CELL;PREF:`, `NOTE;QUOTED-PRINTABLE:`. */
function addBareParam(key: string, params: VcardParams): void {
  switch (key) {
    case 'PREF':
      params.preferred = true;
      return;
    case 'QUOTED-PRINTABLE':
    case 'BASE64':
    case '8BIT':
    case '7BIT':
      params.encoding = key;
      return;
    default:
      addType(key.toLowerCase(), params);
  }
}

/** RFC 6868: `^n` is a newline, `^^` a caret and `^'` a double quote inside parameter values. */
export function decodeCaret(value: string): string {
  if (value.indexOf('^') < 0) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const next = value[i + 1];
    if (c === '^' && (next === 'n' || next === 'N')) {
      out += '\n';
      i++;
    } else if (c === '^' && next === '^') {
      out += '^';
      i++;
    } else if (c === '^' && next === "'") {
      out += '"';
      i++;
    } else {
      out += c;
    }
  }
  return out;
}
