import { useState } from 'react';
import type { PersonPhoto } from '../api/types.ts';

/** Up to two letters for someone without a photo: the first letters of their first and last words. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1]! : '';
  const letter = (w: string) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0]?.toUpperCase() ?? '';
  return `${letter(first)}${letter(last)}` || '?';
}

/** One of a few tints for initials, the same for the same name every time. */
function tint(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return h % 6;
}

/**
 * A person's photo, or their initials when there is none (or it cannot be shown). It stands
 * beside their name, so it says nothing more to a screen reader.
 */
export function Avatar({
  name,
  photo,
  size = 'small',
}: {
  name: string;
  photo: PersonPhoto | null;
  size?: 'small' | 'large';
}) {
  const [broken, setBroken] = useState<string | null>(null);
  const url = photo && broken !== photo.url ? photo.url : null;
  return (
    <span className={`avatar avatar-${size}${url ? '' : ` avatar-tint-${tint(name)}`}`} aria-hidden="true">
      {url ? (
        <img
          className="avatar-photo"
          src={url}
          alt=""
          decoding="async"
          loading={size === 'small' ? 'lazy' : 'eager'}
          onError={() => setBroken(url)}
        />
      ) : (
        initials(name)
      )}
    </span>
  );
}
