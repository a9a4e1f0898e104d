import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { SourceItem } from './records.ts';
import { jsonItems, jsonLinesItems } from './source-json.ts';
import { csvRows, tabularItems, xlsxItems } from './source-tabular.ts';

export type SourceFormat = 'csv' | 'xlsx' | 'json' | 'json-lines';

const SNIFF_BYTES = 256 * 1024;

/**
 * What a file holds, judged from its first bytes, never its name: a zip container is an XLSX workbook,
 * `{` or `[` is JSON (one object per line when the first line is a complete object and more follow),
 * anything else is read as CSV and must then show a known layout.
 */
export function detectFormat(head: Buffer): SourceFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    const newline = start.indexOf('\n');
    if (newline > 0 && start.slice(newline).trim() !== '') {
      try {
        const first: unknown = JSON.parse(start.slice(0, newline));
        if (typeof first === 'object' && first !== null) return 'json-lines';
      } catch {
        // the first line is not a whole object: a pretty-printed document
      }
    }
    return 'json';
  }
  return 'csv';
}

export async function sniff(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface OpenedSource {
  readonly format: SourceFormat;
  readonly items: AsyncIterable<SourceItem>;
  /** A table's header once its items have been read (to say what a file that gave nothing had). */
  readonly header: () => readonly string[] | undefined;
}

/** Streams a file's items; a CSV quoting error that ends the readable part becomes a rejected row. */
export async function openSource(path: string): Promise<OpenedSource> {
  const format = detectFormat(await sniff(path));
  const stream = () => createReadStream(path, { highWaterMark: 256 * 1024 });
  let header: readonly string[] | undefined;
  const onHeader = (cells: readonly string[]) => (header = cells);
  const items = () => {
    switch (format) {
      case 'xlsx':
        return xlsxItems(stream(), onHeader);
      case 'json':
        return jsonItems(stream());
      case 'json-lines':
        return jsonLinesItems(stream());
      case 'csv':
        return csvItems(stream(), onHeader);
    }
  };
  return { format, items: items(), header: () => header };
}

async function* csvItems(stream: ReturnType<typeof createReadStream>, onHeader: (cells: readonly string[]) => void): AsyncGenerator<SourceItem> {
  let fatal: SourceItem | undefined;
  yield* tabularItems(
    csvRows(stream, (row, reason) => (fatal = { kind: 'reject', row, reason })),
    { onHeader },
  );
  if (fatal) yield fatal;
}
