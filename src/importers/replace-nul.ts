/**
 * Text with every NUL character replaced by U+FFFD, as an undecodable byte is. PostgreSQL cannot
 * store a NUL in text at all, and SQLite would keep one that no later reader expects, so both
 * databases store the same visible mark of it. One character for one, so positions found in the
 * text stay right.
 */
export function replaceNul(text: string): string {
  return text.indexOf('\u0000') < 0 ? text : text.replaceAll('\u0000', '\uFFFD');
}
