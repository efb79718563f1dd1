import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip } from '../../src/importers/contacts/build-zip.ts';

/** A small, fast generator with a fixed seed, so that every run of the fuzzer tries the same cases. */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** A float in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Fixture {
  name: string;
  bytes: Buffer;
  calendar: boolean;
}

const root = join(import.meta.dirname, '..', '..');
const fixtureDirs = [
  'src/importers/contacts/fixtures',
  'src/importers/vcard/fixtures',
  'src/importers/calendar/fixtures',
  'test/fixtures/calendar',
];

/** Every importer's fixtures: each format the import operation reads. */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of fixtureDirs)
    for (const name of readdirSync(join(root, dir)).sort())
      out.push({ name, bytes: readFileSync(join(root, dir, name)), calendar: name.endsWith('.ics') });
  return out;
}

/** One mutated file: its name (which picks the format, as a user's file name would) and bytes. */
export interface FuzzInput {
  name: string;
  bytes: Buffer;
  calendar: boolean;
  mutations: string[];
}

type Mutation = (bytes: Buffer, random: Random, fixture: Fixture) => Buffer | Promise<Buffer>;

function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 10) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

function insertAt(bytes: Buffer, at: number, piece: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
}

/** The ways a file is damaged; each is named in the counts the fuzzer prints. */
export const mutations: Record<string, Mutation> = {
  truncate: (b, r) => b.subarray(0, r.int(b.length + 1)),
  'byte flips': (b, r) => {
    const out = Buffer.from(b);
    const n = 1 + r.int(8);
    for (let i = 0; i < n && out.length > 0; i++) out[r.int(out.length)] = r.int(256);
    return out;
  },
  'duplicated lines': (b, r) => {
    const all = lines(b);
    if (all.length === 0) return b;
    const at = r.int(all.length);
    const copies = 1 + r.int(r.chance(0.2) ? 2000 : 5);
    return Buffer.concat([
      ...all.slice(0, at + 1),
      ...Array<Buffer>(copies).fill(all[at]!),
      ...all.slice(at + 1),
    ]);
  },
  'huge line': (b, r) => {
    const all = lines(b);
    const at = all.length === 0 ? 0 : r.int(all.length);
    const size = r.pick([70_000, 300_000, 2_000_000]);
    // Half the time a line of its own, half the time one field's value grown past every limit.
    const filler = Buffer.alloc(size, r.pick(['x', ',', '"', ';', ' ', '\\']));
    const line = all[at] ?? Buffer.alloc(0);
    const cut = line.length === 0 ? 0 : r.int(line.length);
    const grown = r.chance(0.5)
      ? Buffer.concat([filler, Buffer.from('\n'), line])
      : Buffer.concat([line.subarray(0, cut), filler, line.subarray(cut)]);
    return Buffer.concat([...all.slice(0, at), grown, ...all.slice(at + 1)]);
  },
  'invalid UTF-8': (b, r) => {
    const bad = r.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0x80]]);
    return insertAt(b, r.int(b.length + 1), Buffer.from(bad));
  },
  'NUL bytes': (b, r) => {
    let out = b;
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) out = insertAt(out, r.int(out.length + 1), Buffer.from([0]));
    return out;
  },
  'control characters': (b, r) =>
    insertAt(
      b,
      r.int(b.length + 1),
      Buffer.from(r.pick(['\u001b[2J', '\u009b31m', '\u202e', '\r', '\u0007'])),
    ),
  'deep JSON': (b, r, f) => {
    const depth = r.pick([1000, 20_000, 200_000]);
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    if (!/\.(json|js|txt)$/.test(f.name)) return insertAt(b, r.int(b.length + 1), Buffer.from(deep));
    // Into the first value of the first record, where a parser would descend.
    const text = b.toString('latin1');
    const at = text.indexOf(':', text.indexOf('{', text.indexOf('[') + 1) + 1);
    return at <= 0 ? Buffer.from(deep) : insertAt(b, at, Buffer.from(`${deep},"x":`));
  },
  'nested ZIP': async (b, r, f) => {
    const inner = await buildZip([{ path: f.name, data: b }]);
    let zip = await buildZip([{ path: `export/${f.name.replace(/\.\w+$/, '')}.zip`, data: inner }]);
    for (let i = r.int(3); i > 0; i--) zip = await buildZip([{ path: `level${i}.zip`, data: zip }]);
    return zip;
  },
  'ZIP of the file': async (b, r, f) => {
    const unsafe = r.chance(0.3);
    const zip = await buildZip([
      { path: `export/${f.name}`, data: b, store: r.chance(0.3) },
      ...(unsafe ? [{ path: 'xx/xx/etc/evil.csv', data: b }] : []),
    ]);
    // yazl refuses unsafe names itself: the name is rewritten in place, same length.
    return unsafe ? renameAll(zip, 'xx/xx/', '../../') : zip;
  },
  'oversized ZIP': async (_b, r) => bomb(r.pick([30, 120])),
};

function renameAll(zip: Buffer, from: string, to: string): Buffer {
  const needle = Buffer.from(from);
  for (let at = zip.indexOf(needle); at !== -1; at = zip.indexOf(needle, at + 1))
    Buffer.from(to).copy(zip, at);
  return zip;
}

const bombs = new Map<number, Buffer>();
/** A small ZIP whose one entry inflates to `mb` megabytes, far past the ratio the reader allows. */
async function bomb(mb: number): Promise<Buffer> {
  let zip = bombs.get(mb);
  if (!zip) {
    zip = await buildZip([{ path: 'export/Connections.csv', data: Buffer.alloc(mb * 1024 * 1024, 'a') }]);
    bombs.set(mb, zip);
  }
  return zip;
}

const zipMutations = new Set(['nested ZIP', 'ZIP of the file', 'oversized ZIP']);

/** The `index`-th case of a run: a fixture damaged by one to three mutations (a ZIP wraps last). */
export async function fuzzInput(fixtures: Fixture[], random: Random): Promise<FuzzInput> {
  const fixture = random.pick(fixtures);
  const names = Object.keys(mutations);
  const count = 1 + random.int(3);
  const chosen: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = random.pick(names);
    if (!zipMutations.has(m) || i === count - 1) chosen.push(m);
  }
  let bytes = fixture.bytes;
  let zipped = false;
  for (const m of chosen) {
    bytes = await mutations[m]!(bytes, random, fixture);
    zipped ||= zipMutations.has(m);
  }
  const name = zipped ? `${fixture.name.replace(/\.\w+$/, '')}.zip` : fixture.name;
  return { name, bytes, calendar: fixture.calendar && !zipped, mutations: chosen };
}
