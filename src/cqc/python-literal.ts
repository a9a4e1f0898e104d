/**
 * Nested values in a cell of a flattened table. JSON is read as JSON; what pandas and Python scripts write
 * (`str()` of a dict or list) is read as a Python literal: single or double quotes, `None`, `True`, `False`,
 * tuples, and `nan` for a missing number. Nothing is evaluated: only literals are understood.
 */
export class LiteralError extends Error {}

export function readNested(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return readPythonLiteral(text);
  }
}

export function readPythonLiteral(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  reader.space();
  if (!reader.done()) reader.fail('unexpected text after the value');
  return value;
}

const CLOSING: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const WORDS: Record<string, unknown> = { None: null, True: true, False: false, null: null, true: true, false: false, nan: null, NaN: null };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '\n': '' };

class Reader {
  private at = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  done(): boolean {
    return this.at >= this.text.length;
  }

  fail(what: string): never {
    throw new LiteralError(`${what} at character ${this.at + 1}`);
  }

  space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === undefined) this.fail('a value is missing');
    if (c === '{') return this.dict();
    if (c === '[' || c === '(') return this.sequence(c);
    if (c === "'" || c === '"') return this.string(c);
    if (/[-+\d.]/.test(c)) return this.number();
    const word = /^[A-Za-z_]+/.exec(this.text.slice(this.at))?.[0];
    if (word && word in WORDS) {
      this.at += word.length;
      return WORDS[word];
    }
    return this.fail(`"${this.text.slice(this.at, this.at + 12)}" is not a literal`);
  }

  private sequence(open: string): unknown[] {
    const close = CLOSING[open]!;
    this.at++;
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.at] === close) break;
      items.push(this.value());
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) this.fail(`expected "," or "${close}"`);
    }
    this.at++;
    return items;
  }

  private dict(): Record<string, unknown> {
    this.at++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') break;
      const key = this.value();
      this.space();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at++;
      const value = this.value();
      // a key named __proto__ would change what the object is, not add to it
      if (String(key) !== '__proto__') out[String(key)] = value;
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') this.fail('expected "," or "}"');
    }
    this.at++;
    return out;
  }

  private string(quote: string): string {
    this.at++;
    let out = '';
    for (;;) {
      const c = this.text[this.at++];
      if (c === undefined) this.fail('a string is not closed');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at++] ?? '';
      if (e in ESCAPES) out += ESCAPES[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.text.slice(this.at, this.at + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail('a broken escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        this.at += length;
      } else out += `\\${e}`;
    }
  }

  private number(): number | null {
    const match = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf)/.exec(this.text.slice(this.at));
    if (!match) return this.fail('a broken number');
    this.at += match[0].length;
    const value = Number(match[0]);
    return Number.isFinite(value) ? value : null;
  }
}
