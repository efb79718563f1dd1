import Papa from 'papaparse';

import { parseContactFile } from './parse-contacts.ts';

const FIRST = [
  'José',
  'Zoë',
  'Ana',
  'Jürgen',
  'Élodie',
  'Núria',
  'João',
  'Łukasz',
  'Søren',
  'Çağla',
  'Mei',
  'Tomás',
];
const LAST = [
  'Muñoz García',
  'Ångström',
  'Souza',
  'Weiß',
  'Lefèvre',
  'Ibáñez',
  'Conceição',
  'Wróbel',
  'Ærø',
  'Öztürk',
];
const COMPANY = [
  'Acme, Inc.',
  'Nordic Labs',
  'Café Ltda.',
  '"Quote" Co',
  'Müller & Söhne, GmbH',
  'Telefónica, S.A.',
  'Straße AG',
];
const POSITION = [
  'CTO',
  'Head of "Growth"',
  'Engenheira, Dados',
  'Geschäftsführer',
  'Directrice « Produit »',
  'Founder',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const PREAMBLE =
  'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. ' +
  'You will only see email addresses for connections who have allowed their connections to see or download their ' +
  'email address using this setting https://www.linkedin.com/psettings/privacy/email."\n\n';

function quote(value: string): string {
  return value.includes(',') || value.includes('"') ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A deterministic LinkedIn Connections.csv of `rows` connections, with BOM, preamble, accents and quoting. */
export function makeLinkedInCsv(rows: number): string {
  const lines = [
    '\uFEFF' + PREAMBLE + 'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  ];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 7) % LAST.length] as string;
    // About one in fifty connections has left LinkedIn: everything but the date is empty.
    const gone = i % 50 === 49;
    const slug = `${first}-${last}-${i.toString(36)}`.toLowerCase().replaceAll(' ', '-');
    const email = i % 10 === 0 ? `person${i}@example.com` : '';
    const date = `${String((i % 28) + 1).padStart(2, '0')} ${MONTHS[i % 12]} ${2008 + (i % 17)}`;
    const cells = gone
      ? ['', '', '', '', '', '', date]
      : [
          first,
          last,
          `https://www.linkedin.com/in/${encodeURIComponent(slug)}`,
          email,
          quote(COMPANY[i % COMPANY.length] as string),
          quote(POSITION[(i * 3) % POSITION.length] as string),
          date,
        ];
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

function fastest(times: number[]): number {
  return Math.round(Math.min(...times) * 10) / 10;
}

/** Times papaparse alone against the whole import path (decode, detect, parse, map) on the same file. */
export async function benchLinkedInParse(
  rows = 100_000,
): Promise<{ rows: number; bytes: number; papaparseMs: number; parseMs: number }> {
  const text = makeLinkedInCsv(rows);
  const bytes = new TextEncoder().encode(text);
  const papaparse: number[] = [];
  const parse: number[] = [];
  let records = 0;
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    Papa.parse<string[]>(text, { header: false });
    papaparse.push(performance.now() - start);
    start = performance.now();
    const result = await parseContactFile(bytes, 'Connections.csv');
    parse.push(performance.now() - start);
    records = result.records.length + result.skipped.length;
  }
  if (records !== rows) throw new Error(`expected ${rows} rows, read ${records}`);
  return { rows, bytes: bytes.length, papaparseMs: fastest(papaparse), parseMs: fastest(parse) };
}

// Run directly: node --import tsx src/importers/contacts/contacts-bench.ts [rows]
if (process.argv[1]?.endsWith('contacts-bench.ts')) {
  void benchLinkedInParse(Number(process.argv[2] ?? 100_000)).then((figures) => console.log(figures));
}
