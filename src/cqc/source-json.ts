import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { mapApiLocation } from './api-json.ts';
import type { SourceItem } from './records.ts';

/**
 * CQC API JSON without holding the file in memory. The texts of the location objects are cut out of the
 * stream and parsed one at a time: the top-level value itself, each element of a top-level array, and each
 * element of any `locations` array (a list page, or a publisher's wrapper around pages). An object that
 * turns out to hold a `locations` array is a wrapper, not a location, and its array is streamed in turn.
 */
interface Frame {
  readonly kind: 'object' | 'array';
  /** Elements of this array are the units to cut out. */
  readonly streams: boolean;
  /** This object is being cut out as one unit. */
  captured: boolean;
  expectingKey: boolean;
  key: string | undefined;
}

export class JsonSplitter {
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  private stringStart = -1;
  private stringParts: string[] = [];
  private captureParts: string[] | undefined;
  private captureStart = -1;
  private captureDepth = -1;
  private scalarElement = false;
  /** Top-level values seen; more than one means the file is one object per line. */
  private unit = 0;

  private readonly emit: (text: string | undefined, unit: number) => void;
  constructor(emit: (text: string | undefined, unit: number) => void) {
    this.emit = emit;
  }

  /** Feeds the next piece of text; calls emit for every unit completed within it. */
  push(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.endString(chunk, i);
        continue;
      }
      switch (c) {
        case 34:
          this.inString = true;
          this.stringStart = i + 1;
          this.stringParts = [];
          this.beginValue(chunk, i);
          break;
        case 123 /* { */:
          this.beginValue(chunk, i);
          this.stack.push({ kind: 'object', streams: false, captured: this.captureDepth === this.stack.length, expectingKey: true, key: undefined });
          break;
        case 91 /* [ */: {
          this.beginValue(chunk, i);
          const parent = this.stack[this.stack.length - 1];
          const isLocations = parent?.kind === 'object' && parent.key === 'locations';
          if (isLocations && parent.captured) this.abandonCapture();
          const streams = this.stack.length === 0 || (isLocations && this.captureParts === undefined);
          this.stack.push({ kind: 'array', streams, captured: false, expectingKey: false, key: undefined });
          break;
        }
        case 125 /* } */:
        case 93 /* ] */:
          this.scalarElement = false;
          this.stack.pop();
          if (this.captureParts && this.stack.length === this.captureDepth) this.finishCapture(chunk, i);
          break;
        case 58 /* : */: {
          const top = this.stack[this.stack.length - 1];
          if (top) top.expectingKey = false;
          break;
        }
        case 44 /* , */: {
          this.scalarElement = false;
          const top = this.stack[this.stack.length - 1];
          if (top?.kind === 'object') top.expectingKey = true;
          break;
        }
        case 32:
        case 9:
        case 10:
        case 13:
          break;
        default:
          this.beginValue(chunk, i);
      }
    }
    if (this.captureParts) {
      this.captureParts.push(chunk.slice(this.captureStart));
      this.captureStart = 0;
    }
    if (this.inString && this.stringStart >= 0 && this.stack[this.stack.length - 1]?.expectingKey) {
      this.stringParts.push(chunk.slice(this.stringStart));
      this.stringStart = 0;
    }
  }

  /** Called at the end of the text: a unit still open means the file was cut short. */
  end(): void {
    if (this.captureParts || this.stack.length) this.emit(undefined, this.unit || 1);
  }

  private beginValue(chunk: string, i: number) {
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object' && top.expectingKey) return; // a key, not a value
    const atUnit = this.stack.length === 0 || (top?.kind === 'array' && top.streams && !this.scalarElement);
    if (!atUnit || this.captureParts) return;
    if (this.stack.length === 0 && chunk.charCodeAt(i) === 91) return; // a top-level array holds the units
    this.unit += 1;
    if (chunk.charCodeAt(i) === 123) {
      this.captureParts = [];
      this.captureStart = i;
      this.captureDepth = this.stack.length;
    } else {
      // a string, number or nested array where a location object should be
      this.scalarElement = true;
      this.emit('null', this.unit);
    }
  }

  private endString(chunk: string, i: number) {
    this.inString = false;
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object' && top.expectingKey) {
      this.stringParts.push(chunk.slice(this.stringStart, i));
      top.key = this.stringParts.join('');
    }
    this.stringStart = -1;
  }

  private finishCapture(chunk: string, i: number) {
    const parts = this.captureParts!;
    parts.push(chunk.slice(this.captureStart, i + 1));
    this.captureParts = undefined;
    this.captureStart = -1;
    this.captureDepth = -1;
    this.emit(parts.join(''), this.unit);
  }

  private abandonCapture() {
    // The object being cut out is a wrapper around a list: its own fields are paging metadata.
    this.unit -= 1;
    this.captureParts = undefined;
    this.captureStart = -1;
    this.captureDepth = -1;
    for (const frame of this.stack) frame.captured = false;
  }
}

function toItem(text: string | undefined, row: number): SourceItem {
  if (text === undefined) return { kind: 'reject', row, reason: 'the JSON ends before this object is complete' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'reject', row, reason: `not valid JSON (${(error as Error).message.slice(0, 120)})` };
  }
  return mapApiLocation(value, row);
}

/** A JSON document (one object, an array, a list page or a wrapper of pages), streamed. */
export async function* jsonItems(stream: Readable): AsyncGenerator<SourceItem> {
  const ready: SourceItem[] = [];
  const splitter = new JsonSplitter((text, unit) => ready.push(toItem(text, unit)));
  stream.setEncoding('utf8');
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    splitter.push(first ? chunk.replace(/^\uFEFF/, '') : chunk);
    first = false;
    while (ready.length) yield ready.shift()!;
  }
  splitter.end();
  while (ready.length) yield ready.shift()!;
}

/** One JSON object per line: a broken line is that row's problem only. */
export async function* jsonLinesItems(stream: Readable): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let row = 0;
  for await (const line of lines) {
    row += 1;
    const text = row === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    yield toItem(text, row);
  }
}
