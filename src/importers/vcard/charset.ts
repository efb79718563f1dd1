type Decode = (bytes: Uint8Array) => string;

/** windows-1252 characters for bytes 0x80–0x9F (0 where the code page leaves a byte undefined). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

/**
 * Node 20's TextDecoder decodes windows-1252 (and so ISO-8859-1, which WHATWG maps to it) as plain
 * Latin-1, turning `€` or curly quotes into control characters; this does it properly.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const high = b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80]! : 0;
    out += String.fromCharCode(high === 0 ? b : high);
  }
  return out;
}

const decoders = new Map<string, Decode | null>();

function decoderFor(charset: string): Decode | null {
  const key = charset.trim().toLowerCase();
  let decode = decoders.get(key);
  if (decode === undefined) {
    try {
      const decoder = new TextDecoder(key, { fatal: true });
      decode = decoder.encoding === 'windows-1252' ? decodeWindows1252 : (bytes) => decoder.decode(bytes);
    } catch {
      decode = null;
    }
    decoders.set(key, decode);
  }
  return decode;
}

/** Whether the charset name is one this runtime can decode. */
export function isKnownCharset(charset: string): boolean {
  return decoderFor(charset) !== null;
}

/** Decodes bytes in the named charset; undefined when the charset is unknown or the bytes are invalid in it. */
export function decodeCharset(bytes: Uint8Array, charset: string): string | undefined {
  const decode = decoderFor(charset);
  if (decode === null) return undefined;
  try {
    return decode(bytes);
  } catch {
    return undefined;
  }
}
