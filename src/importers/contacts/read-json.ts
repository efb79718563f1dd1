import type { ParseIssue } from '../parse-result.ts';
import { replaceNul } from '../replace-nul.ts';

/** Parsed JSON or the reason it could not be parsed. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; error: ParseIssue };

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * JSON.parse that never throws: syntax errors name the line when V8 tells the position, and a
 * stack overflow on absurdly deep nesting becomes a clear error instead of a crash.
 */
export function readJson(text: string, file?: string, lineOffset = 0): JsonRead {
  try {
    // An escaped NUL becomes U+FFFD as a raw one does, so both databases can store the value.
    const value: unknown = /\\u0000/i.test(text)
      ? JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' ? replaceNul(v) : v))
      : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RangeError) {
      return { ok: false, error: { file, message: 'the JSON is nested too deeply to read' } };
    }
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const issue: ParseIssue = { file, message: `not valid JSON: ${message}` };
    if (position !== undefined) issue.line = lineAt(text, Number(position)) + lineOffset;
    return { ok: false, error: issue };
  }
}

/**
 * Lines on which the elements of the arrays near the top of a JSON document start: for a
 * top-level array under the key `''`, and for each top-level key holding an array under that
 * key. Records read from JSON use these as their line numbers. Iterative, so deep nesting is safe.
 */
export function jsonElementLines(text: string): Map<string, number[]> {
  const result = new Map<string, number[]>();
  // Stack of container kinds: '{' or '['.
  const stack: string[] = [];
  let line = 1;
  let topKey = '';
  let lastString = '';
  let inElement = false;
  const markElement = (): void => {
    // An element of an array that is the document, or the value of a top-level key.
    const inTopArray = stack.length === 1 && stack[0] === '[';
    const inKeyArray = stack.length === 2 && stack[0] === '{' && stack[1] === '[';
    if (!inTopArray && !inKeyArray) return;
    const key = inTopArray ? '' : topKey;
    let list = result.get(key);
    if (!list) result.set(key, (list = []));
    list.push(line);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const arrayTop = stack[stack.length - 1] === '[';
    if (arrayTop && !inElement && c !== 44 && c !== 93) {
      // First character of an array element.
      markElement();
      inElement = true;
    }
    if (c === 34) {
      let end = i + 1;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === 92) end += 2;
        else if (d === 34) break;
        else end += 1;
      }
      lastString = text.slice(i + 1, Math.min(end, i + 200));
      i = end;
      if (arrayTop) inElement = false;
      continue;
    }
    if (c === 58) {
      if (stack.length === 1 && stack[0] === '{') topKey = lastString;
      continue;
    }
    if (c === 123 || c === 91) {
      stack.push(c === 123 ? '{' : '[');
      inElement = false;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      inElement = false;
      continue;
    }
    if (c === 44) {
      inElement = false;
      continue;
    }
    if (arrayTop) {
      // Skip the rest of a number or literal element.
      while (i + 1 < text.length && !',]\n \t\r'.includes(text.charAt(i + 1))) i += 1;
      inElement = false;
    }
  }
  return result;
}
