/** The largest photo kept for a person: an avatar, not an album. */
export const maxPhotoBytes = 512 * 1024;

/** Image types a browser shows and Fathom keeps; others (HEIC, TIFF, SVG) are left out. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type PhotoType = (typeof photoTypes)[number];

function startsWith(bytes: Uint8Array, at: number, ascii: string): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * The image type the bytes themselves say they are (by their signature), whatever a file or a
 * header claims: a photo is served with this type and no other.
 */
export function sniffImageType(bytes: Uint8Array): PhotoType | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n') && startsWith(bytes, 12, 'IHDR')) return 'image/png';
  if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a')) return 'image/gif';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'image/webp';
  return undefined;
}

/** What a photo that is not one of photoTypes seems to be, for a warning that says more than "no". */
export function describeUnknownImage(bytes: Uint8Array, declared: string | undefined): string {
  if (
    startsWith(bytes, 4, 'ftypheic') ||
    startsWith(bytes, 4, 'ftypheix') ||
    startsWith(bytes, 4, 'ftypmif1')
  )
    return 'a HEIC image, which browsers cannot show';
  if (startsWith(bytes, 0, 'II*\x00') || startsWith(bytes, 0, 'MM\x00*'))
    return 'a TIFF image, which browsers cannot show';
  if (bytes.length === 0) return 'empty';
  return declared
    ? `not a JPEG, PNG, GIF or WebP image (it says ${declared})`
    : 'not a JPEG, PNG, GIF or WebP image';
}
