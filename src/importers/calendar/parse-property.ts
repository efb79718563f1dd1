/** A content line split into its upper-cased name, its parameters (upper-cased names, unquoted values) and raw value. */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The upper-cased property name of a content line (it ends at `name.length`), or undefined for a line that is no property. */
export function propertyName(text: string): string | undefined {
  let lower = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON || code === SEMICOLON) {
      if (i === 0) return undefined;
      // Exporters write names in upper case; only the odd lower-case one pays for a conversion.
      const name = text.slice(0, i);
      return lower ? name.toUpperCase() : name;
    }
    if (code >= 0x61 && code <= 0x7a) lower = true;
  }
  return undefined;
}

/** Splits a content line whose name ends at `nameEnd`; undefined when the value separator is missing. */
export function parseProperty(text: string, name: string, nameEnd: number): IcsProperty | undefined {
  if (text.charCodeAt(nameEnd) === COLON) return { name, params: NO_PARAMS, value: text.slice(nameEnd + 1) };
  const params: Record<string, string> = {};
  const length = text.length;
  let i = nameEnd;
  while (i < length && text.charCodeAt(i) === SEMICOLON) {
    i += 1;
    let keyEnd = i;
    for (; keyEnd < length; keyEnd++) {
      const code = text.charCodeAt(keyEnd);
      if (code === EQUALS || code === COLON || code === SEMICOLON) break;
    }
    const key = text.slice(i, keyEnd).toUpperCase();
    i = keyEnd;
    if (text.charCodeAt(i) !== EQUALS) {
      if (key) params[key] = '';
      continue;
    }
    i += 1;
    let value: string | undefined;
    for (;;) {
      let part: string;
      if (text.charCodeAt(i) === QUOTE) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return undefined;
        part = decodeCaret(text.slice(i + 1, close));
        i = close + 1;
      } else {
        let valueEnd = i;
        for (; valueEnd < length; valueEnd++) {
          const code = text.charCodeAt(valueEnd);
          if (code === COMMA || code === COLON || code === SEMICOLON) break;
        }
        part = text.slice(i, valueEnd);
        i = valueEnd;
      }
      value = value === undefined ? part : `${value},${part}`;
      if (text.charCodeAt(i) !== COMMA) break;
      i += 1;
    }
    params[key] = value;
  }
  if (text.charCodeAt(i) !== COLON) return undefined;
  return { name, params, value: text.slice(i + 1) };
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
