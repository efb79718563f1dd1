const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs text whose UTF-8 bytes were written one code point per byte (Facebook and Instagram
 * exports do this: `Jos\u00c3\u00a9` for `José`). Text is changed only when every code point
 * fits in a byte and those bytes form valid UTF-8, so correct text is left alone.
 */
export function repairMojibake(text: string): string {
  let needsRepair = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    if (code >= 0x80) needsRepair = true;
  }
  if (!needsRepair) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return text;
  }
}
