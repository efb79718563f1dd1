import { maxPhotoBytes } from '../../domain/photo.ts';
import type { ContactPhoto } from '../contact-record.ts';
import type { VcardProperty } from './property-line.ts';

/**
 * Characters of a PHOTO line worth holding: the base64 of the largest photo kept, its property
 * name, parameters and a `data:` prefix. Anything longer is too large to keep and is only counted.
 */
export const keptPhotoChars = Math.ceil(maxPhotoBytes / 3) * 4 + 1024;

/** A PHOTO being read: its encoded text so far (2.1 continues it on the lines after), or a link. */
export interface PendingPhoto {
  text: string;
  /** Characters of the encoded text left out once it was too long to keep. */
  dropped: number;
  base64: boolean;
  /** 2.1 writes a base64 body on the unindented lines after the property: they continue it. */
  open: boolean;
  declaredType?: string;
  url?: string;
}

/** `JPEG` (2.1, 3.0 TYPE) or `image/jpeg` (4.0 MEDIATYPE, data: URIs) as a media type. */
function mediaType(type: string | undefined): string | undefined {
  const t = type?.trim().toLowerCase();
  if (!t) return undefined;
  return t.includes('/') ? t : `image/${t === 'jpg' ? 'jpeg' : t}`;
}

function percentDecoded(text: string): Buffer {
  try {
    return Buffer.from(decodeURIComponent(text), 'utf8');
  } catch {
    return Buffer.from(text, 'utf8');
  }
}

/**
 * Starts reading PHOTO in its forms: 2.1 `ENCODING=BASE64`, 3.0 `ENCODING=b`, 4.0 `data:` URIs,
 * and links, which are kept as links and never fetched. Undefined for an empty value.
 */
export function startPhoto(property: VcardProperty, dropped: number): PendingPhoto | undefined {
  const value = property.value.trim();
  const params = property.params;
  const declared = mediaType(params.other?.get('mediatype') ?? params.types[0]);
  const encoding = params.encoding;
  let photo: PendingPhoto | undefined;
  if (encoding === 'B' || encoding === 'BASE64') {
    photo = { text: value, dropped, base64: true, open: true };
  } else if (value.slice(0, 5).toLowerCase() === 'data:') {
    const comma = value.indexOf(',');
    const head = (comma < 0 ? value.slice(5) : value.slice(5, comma)).split(';');
    const base64 = head.slice(1).some((part) => part.trim().toLowerCase() === 'base64');
    photo = { text: comma < 0 ? '' : value.slice(comma + 1), dropped, base64, open: false };
    const type = mediaType(head[0]) ?? declared;
    if (type !== undefined) photo.declaredType = type;
    return photo;
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(value) || params.valueType === 'uri' || params.valueType === 'url') {
    return value === '' ? undefined : { text: '', dropped: 0, base64: false, open: false, url: value };
  } else if (value !== '' && /^[A-Za-z0-9+/=\s]+$/.test(value)) {
    // Some 2.1 writers name no encoding and still write base64.
    photo = { text: value, dropped, base64: true, open: true };
  } else {
    return undefined;
  }
  if (declared !== undefined) photo.declaredType = declared;
  return photo;
}

/** Adds a 2.1 base64 body line to the photo, counting it only once the photo is too large to hold. */
export function continuePhoto(photo: PendingPhoto, text: string, dropped: number): void {
  if (photo.dropped > 0 || photo.text.length + text.length > keptPhotoChars) {
    photo.dropped += text.length + dropped;
    return;
  }
  photo.text += text;
  photo.dropped += dropped;
}

/** The photo a card ends with: its bytes when small enough to keep, else how large it was. */
export function finishPhoto(pending: PendingPhoto): ContactPhoto | undefined {
  if (pending.url !== undefined) return { url: pending.url, size: 0 };
  let photo: ContactPhoto;
  if (pending.dropped > 0) {
    // Too large to have been held: its size from the length of its encoded text.
    const chars = pending.text.length + pending.dropped;
    photo = { size: pending.base64 ? Math.floor((chars * 3) / 4) : chars };
  } else {
    if (pending.text.trim() === '') return undefined;
    const bytes = pending.base64 ? Buffer.from(pending.text, 'base64') : percentDecoded(pending.text);
    photo = { bytes, size: bytes.length };
  }
  if (pending.declaredType !== undefined) photo.declaredType = pending.declaredType;
  return photo;
}
