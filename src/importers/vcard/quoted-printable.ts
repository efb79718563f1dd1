let scratch = new Uint8Array(1024);

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const upper = c & 0xdf;
  if (upper >= 65 && upper <= 70) return upper - 55;
  return -1;
}

/**
 * Decodes a quoted-printable value (soft breaks already joined) to bytes, valid until the next call.
 *
 * `=XY` becomes one byte; a malformed escape is kept literally, as mail readers do. Characters
 * above ASCII (writers that skip encoding) are kept as their UTF-8 bytes.
 */
export function decodeQuotedPrintable(text: string): Uint8Array {
  // Reused between calls: callers decode the bytes to text before the next value comes in.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const out = scratch;
  let length = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 && i + 2 < n) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        out[length++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    if (c < 128) {
      out[length++] = c;
    } else {
      const encoded = Buffer.from(String.fromCodePoint(text.codePointAt(i)!), 'utf8');
      out.set(encoded, length);
      length += encoded.length;
      if (c >= 0xd800 && c <= 0xdbff) i++;
    }
  }
  return out.subarray(0, length);
}
