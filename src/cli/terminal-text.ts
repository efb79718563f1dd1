/* eslint-disable no-control-regex -- these patterns are there to find control characters */

/** Characters a terminal acts on rather than shows: C0 (but tab and line feed), DEL, C1, and bidi overrides. */
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** C0 controls and DEL as the Unicode control pictures (␛ for ESC); the rest as `<U+XXXX>`. */
function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Text as the CLI prints it for people: every character that would make the terminal do something
 * (an escape sequence that clears the screen, a bidi override that reorders a line) is shown as a
 * visible stand-in instead, so nothing in the ledger or in an imported file can act on the terminal.
 * Line feeds and tabs are kept; a carriage return is shown (␍) so it cannot overwrite a line.
 */
export function terminalText(text: string): string {
  unsafe.lastIndex = 0;
  return unsafe.test(text) ? text.replace(unsafe, visible) : text;
}

/** JSON as the CLI prints it: what JSON.stringify leaves raw (C1 controls, bidi overrides) escaped as `\uXXXX`. */
export function terminalJson(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
