/** Undoes vCard text escaping: `\n` and `\N` are newlines, any other `\x` is `x` (`\,` `\;` `\\` `\:`). */
export function unescapeText(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  let out = '';
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value[i]!;
    if (c !== '\\' || i + 1 === n) {
      out += c;
      continue;
    }
    const next = value[++i]!;
    out += next === 'n' || next === 'N' ? '\n' : next;
  }
  return out;
}

/** Splits a structured value (`N`, `ADR`, `ORG`, `CATEGORIES`) on unescaped separators, unescaping each part. */
export function splitValue(value: string, separator: ';' | ','): string[] {
  if (value.indexOf('\\') < 0) return value.split(separator);
  const parts: string[] = [];
  let start = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === separator) {
      parts.push(unescapeText(value.slice(start, i)));
      start = i + 1;
    }
  }
  parts.push(unescapeText(value.slice(start)));
  return parts;
}
