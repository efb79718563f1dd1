import { parseVcard } from './vcard-reader.ts';

const GIVEN = ['Zoë', 'Jörg', 'Siobhán', 'Mateus', 'Ngozi', 'Kenji', 'Léa', 'Ana', 'Øyvind', 'Chidi'];
const FAMILY = ['Ångström', 'Müller', 'Ó Briain', 'Araújo', 'Adébáyọ̀', 'Nakamura', 'Fontaine', 'Silva'];
/** A JPEG's first bytes and then some: the photos are kept, as an iPhone's are. */
const PHOTO_LINE = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4n';

/** Quoted-printable encoding of UTF-8 text, with a soft break in the middle (as Android writes it). */
function quotedPrintable(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out +=
      byte < 128 && byte !== 61
        ? String.fromCharCode(byte)
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  const middle = out.indexOf('=', out.length >> 1);
  return middle < 0 ? out : `${out.slice(0, middle + 3)}=\r\n${out.slice(middle + 3)}`;
}

function android(i: number, given: string, family: string): string {
  return [
    'BEGIN:VCARD',
    'VERSION:2.1',
    `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${quotedPrintable(`${family};${given}`)};;;`,
    `FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${quotedPrintable(`${given} ${family}`)}`,
    `TEL;CELL;PREF:+49 170 ${1000000 + i}`,
    `TEL;HOME:+49 30 ${2000000 + i}`,
    `EMAIL;PREF;INTERNET:person${i}@example.de`,
    `BDAY:19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
    'END:VCARD',
  ].join('\r\n');
}

function apple(i: number, given: string, family: string): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${family};${given};;;`,
    `FN:${given} ${family}`,
    `ORG:Fjord Labs ${i % 97};Research`,
    `item1.EMAIL;type=INTERNET;type=pref:${given.toLowerCase()}.${i}@icloud.example`,
    'item1.X-ABLabel:_$!<Other>!$_',
    `TEL;type=CELL;type=VOICE;type=pref:+46 70 ${3000000 + i}`,
    `item2.URL:https\\://example.com/${i}`,
    'item2.X-ABLabel:_$!<HomePage>!$_',
    'ADR;type=HOME:;;Storgatan 1;Stockholm;;111 22;Sweden',
    'BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-01',
    `NOTE:Met at the climbing gym\\, ${i % 12} times\\nLikes coffee`,
    `X-SOCIALPROFILE;type=twitter;x-user=user${i}:http://twitter.com/user${i}`,
  ];
  // One card in ten carries a photo folded over a dozen lines, as iPhones export them.
  if (i % 10 === 0) {
    lines.push(`PHOTO;ENCODING=b;TYPE=JPEG:${PHOTO_LINE}`);
    for (let k = 0; k < 12; k++) lines.push(` ${PHOTO_LINE}`);
  }
  lines.push(`UID:${i.toString(16).padStart(8, '0')}-7D3E-4A55-9F61-2C8E0D9B7A10`, 'END:VCARD');
  return lines.join('\r\n');
}

function rfc6350(i: number, given: string, family: string): string {
  return [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${given} ${family}`,
    `TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+1-555-${String(i % 10000).padStart(4, '0')}`,
    `TEL;VALUE=uri;TYPE=work:tel:+1-555-0100;ext=${i % 1000}`,
    `EMAIL;TYPE=work:${given.toLowerCase()}${i}@work.example`,
    `BDAY:--${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`,
    'CATEGORIES:work,writers\\, poets',
    'END:VCARD',
  ].join('\r\n');
}

/** Generates `cards` realistic cards (2.1 quoted-printable, 3.0 Apple, 4.0) as one file's text. */
export function generateVcards(cards: number): string {
  const parts: string[] = [];
  for (let i = 0; i < cards; i++) {
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[(i * 7) % FAMILY.length]!;
    const kind = i % 3;
    parts.push(
      kind === 0
        ? android(i, given, family)
        : kind === 1
          ? apple(i, given, family)
          : rfc6350(i, given, family),
    );
  }
  return `${parts.join('\r\n')}\r\n`;
}

/** Times parseVcard against a plain line split over generated cards (50,000 by default). */
export async function benchVcard(cards = 50_000): Promise<{
  cards: number;
  bytes: number;
  splitMs: number;
  parseMs: number;
  ratio: number;
  peakRssMb: number;
}> {
  const text = generateVcards(cards);
  const bytes = Buffer.from(text, 'utf8');
  let lines = 0;
  let parsed = 0;
  let splitMs = Infinity;
  let parseMs = Infinity;
  // Alternate the two and keep each one's best run, so a busy machine skews both alike.
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    lines = text.split(/\r?\n/).length;
    splitMs = Math.min(splitMs, performance.now() - start);
    start = performance.now();
    const result = parseVcard(bytes);
    parseMs = Math.min(parseMs, performance.now() - start);
    if (result.errors.length > 0) throw new Error(`bench data has issues: ${result.errors[0]?.message}`);
    parsed = result.records.length;
  }
  if (parsed !== cards || lines === 0) throw new Error(`parsed ${parsed} of ${cards} cards`);
  return {
    cards,
    bytes: bytes.length,
    splitMs: Math.round(splitMs * 10) / 10,
    parseMs: Math.round(parseMs * 10) / 10,
    ratio: Math.round((parseMs / splitMs) * 100) / 100,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
