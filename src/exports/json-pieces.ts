/** The text ended inside a value or before the document closed. */
export class TextEnded extends Error {}

/** The text is not the JSON expected here; the message says what was expected. */
export class UnexpectedText extends Error {}

const space = 0x20;
const tab = 0x09;
const newline = 0x0a;
const carriageReturn = 0x0d;
const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const comma = 0x2c;

/**
 * A JSON document read from text that arrives in chunks, one value at a time: the caller walks the
 * structure it expects (`expect('{')`, `key()`) and takes whole values as their text (`value()`),
 * so a document of any size is read holding one value, never the whole document.
 */
export class JsonPieces {
  readonly #chunks: AsyncIterator<string>;
  #text = '';
  #at = 0;
  #ended = false;

  constructor(chunks: AsyncIterable<string>) {
    this.#chunks = chunks[Symbol.asyncIterator]();
  }

  /** Appends the next chunk, dropping what was read; returns how far positions moved back, or -1 at the end. */
  async #more(): Promise<number> {
    if (this.#ended) return -1;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#ended = true;
      return -1;
    }
    const drop = this.#at;
    this.#text = (drop > 0 ? this.#text.slice(drop) : this.#text) + next.value;
    this.#at = 0;
    return drop;
  }

  /** Stops reading: the source is told, so it can close what it holds. */
  async close(): Promise<void> {
    this.#ended = true;
    await this.#chunks.return?.();
  }

  /** The next character that is not white space, without taking it; -1 at the end of the text. */
  async peek(): Promise<number> {
    for (;;) {
      const text = this.#text;
      let i = this.#at;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c !== space && c !== newline && c !== carriageReturn && c !== tab) {
          this.#at = i;
          return c;
        }
        i++;
      }
      this.#at = i;
      if ((await this.#more()) < 0) return -1;
    }
  }

  /** Takes one of the given characters (after white space) and returns it; anything else is `UnexpectedText`. */
  async expect(chars: string, what: string): Promise<string> {
    const c = await this.peek();
    if (c < 0) throw new TextEnded(`expected ${what}`);
    const ch = String.fromCharCode(c);
    if (!chars.includes(ch))
      throw new UnexpectedText(`expected ${what}, found ${describe(this.#text, this.#at)}`);
    this.#at++;
    return ch;
  }

  /** Takes a string value (an object's key) and returns it decoded. */
  async key(what: string): Promise<string> {
    const c = await this.peek();
    if (c < 0) throw new TextEnded(`expected ${what}`);
    if (c !== quote) throw new UnexpectedText(`expected ${what}, found ${describe(this.#text, this.#at)}`);
    return JSON.parse(await this.value()) as string;
  }

  /** Takes the next whole value and returns its text, for `JSON.parse`. */
  async value(): Promise<string> {
    const first = await this.peek();
    if (first < 0) throw new TextEnded('expected a value');
    let start = this.#at;
    let i = start;
    let depth = 0;
    for (;;) {
      const text = this.#text;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === quote) {
          const end = stringEnd(text, i);
          // The string goes on in the next chunk: read on from its opening quote.
          if (end < 0) break;
          i = end + 1;
          if (depth === 0) return this.#take(start, i);
          continue;
        }
        if (c === openBracket || c === openBrace) depth++;
        else if (c === closeBracket || c === closeBrace) {
          if (depth === 0) return this.#take(start, i);
          depth--;
          if (depth === 0) return this.#take(start, i + 1);
        } else if (
          depth === 0 &&
          (c === comma || c === space || c === newline || c === carriageReturn || c === tab)
        )
          return this.#take(start, i);
        i++;
      }
      const moved = await this.#more();
      if (moved < 0) {
        // A number or a word may end with the text; a string, an array or an object may not.
        if (depth === 0 && first !== quote) return this.#take(start, i);
        throw new TextEnded('the text ends inside a value');
      }
      start -= moved;
      i -= moved;
    }
  }

  #take(start: number, end: number): string {
    if (end === start) throw new UnexpectedText(`expected a value, found ${describe(this.#text, start)}`);
    this.#at = end;
    return this.#text.slice(start, end);
  }
}

/** The index of the quote that closes the string opening at `open`, or -1 if the text ends first. */
function stringEnd(text: string, open: number): number {
  let j = open;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return -1;
    let slashes = 0;
    for (let k = j - 1; k > open && text.charCodeAt(k) === backslash; k--) slashes++;
    if (slashes % 2 === 0) return j;
  }
}

/** A few characters at `at`, quoted, for a message. */
function describe(text: string, at: number): string {
  const piece = text.slice(at, at + 20);
  return piece === '' ? 'the end of the text' : JSON.stringify(piece.length < 20 ? piece : `${piece}…`);
}
