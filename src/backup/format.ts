import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, fsyncSync, openSync, closeSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { DomainError } from '../core/errors.ts';

/**
 * The backup file: gzip-compressed JSON lines (docs/backup-and-restore.md). A header, then each table as a
 * line naming it and its columns followed by one line per row (a JSON array of the values as PostgreSQL
 * writes them as text, null for NULL), then the sequences, then a last line with the counts and the SHA-256
 * of every byte before it. Written to FILE.partial and renamed when complete, so FILE is never half written.
 */
export const FORMAT = 'care-oversight-backup';
export const FORMAT_VERSION = 1;

export interface OrganisationScope {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

export interface BackupHeader {
  readonly format: typeof FORMAT;
  readonly formatVersion: number;
  readonly createdAt: string;
  /** The database it was taken from: `pglite` or `postgres`. */
  readonly source: string;
  /** The schema version: the migrations applied, in order. */
  readonly schema: { readonly migrations: readonly string[] };
  /** One council's records (`--org`), or null for the whole database. */
  readonly organisation: OrganisationScope | null;
}

export interface TableLine {
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export interface SequenceLine {
  readonly sequence: string;
  readonly lastValue: string;
  readonly isCalled: boolean;
}

export interface EndLine {
  readonly end: true;
  /** Rows per table. */
  readonly tables: Readonly<Record<string, number>>;
  readonly rows: number;
  readonly sequences: number;
  readonly sha256: string;
}

/** A file that cannot be restored: said in one line, before anything is written. */
export class BackupRefused extends DomainError {
  constructor(message: string) {
    super(message, 422);
  }
}

export class BackupWriter {
  readonly #file: string;
  readonly #partial: string;
  readonly #gzip: Gzip;
  readonly #out: WriteStream;
  readonly #hash: Hash = createHash('sha256');
  readonly #done: Promise<unknown>;
  #failure: Error | undefined;

  private constructor(file: string) {
    this.#file = file;
    this.#partial = `${file}.partial`;
    this.#gzip = createGzip();
    this.#out = createWriteStream(this.#partial);
    this.#gzip.pipe(this.#out);
    this.#done = new Promise<void>((resolve) => this.#out.once('close', () => resolve()));
    // A failure surfaces on the next write or at finish (and ends a wait for the file to catch up).
    const fail = (error: Error) => {
      this.#failure ??= error;
      this.#gzip.emit('drain');
    };
    this.#gzip.on('error', fail);
    this.#out.on('error', fail);
  }

  static async create(file: string): Promise<BackupWriter> {
    const writer = new BackupWriter(path.resolve(file));
    await once(writer.#out, 'open');
    return writer;
  }

  /** Writes one line (without its newline), waiting while the file catches up so memory stays flat. */
  async line(text: string): Promise<void> {
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    this.#hash.update(bytes);
    this.#throwIfFailed();
    if (!this.#gzip.write(bytes)) await once(this.#gzip, 'drain');
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    const failure = this.#failure;
    if (failure) throw failure;
  }

  /** Writes the last line, flushes the file to disk and gives it its name. */
  async finish(end: Omit<EndLine, 'end' | 'sha256'>): Promise<void> {
    const last: EndLine = { end: true, ...end, sha256: this.#hash.digest('hex') };
    this.#gzip.end(Buffer.from(`${JSON.stringify(last)}\n`, 'utf8'));
    await this.#done;
    this.#throwIfFailed();
    const fd = openSync(this.#partial, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.#partial, this.#file);
  }

  /** Leaves no partial file behind after a failure. */
  async abandon(): Promise<void> {
    this.#gzip.destroy();
    this.#out.destroy();
    await this.#done;
    rmSync(this.#partial, { force: true });
  }
}

export type BackupLine =
  | { readonly kind: 'table'; readonly table: TableLine }
  | { readonly kind: 'row'; readonly json: string }
  | { readonly kind: 'sequence'; readonly sequence: SequenceLine };

export interface BackupReader {
  readonly header: BackupHeader;
  /** Every line after the header; throws BackupRefused at the end if the file is cut short or altered. */
  readonly lines: AsyncGenerator<BackupLine, EndLine>;
}

/** Opens a backup: reads and checks its header; the caller then reads its lines, checked as they come. */
export async function openBackup(file: string): Promise<BackupReader> {
  const name = path.basename(file);
  const raw = createReadStream(file);
  const gunzip = createGunzip();
  const failure: { error?: BackupRefused } = {};
  const refuse = (error: unknown) => {
    failure.error ??= describeReadError(name, error);
    input.close();
  };
  raw.on('error', refuse);
  gunzip.on('error', refuse);
  const input = createInterface({ input: raw.pipe(gunzip), crlfDelay: Infinity });
  // The interface passes on its input's errors too.
  input.on('error', refuse);
  const hash = createHash('sha256');
  const iterator = input[Symbol.asyncIterator]();

  const next = async (): Promise<string | undefined> => {
    let result: IteratorResult<string>;
    try {
      result = await iterator.next();
    } catch (error) {
      throw failure.error ?? describeReadError(name, error);
    }
    if (failure.error) throw failure.error;
    return result.done ? undefined : result.value;
  };

  const first = await next();
  const header = parseHeader(name, first);
  hash.update(`${first}\n`, 'utf8');

  async function* lines(): AsyncGenerator<BackupLine, EndLine> {
    try {
      let pending = await next();
      for (;;) {
        if (pending === undefined) throw new BackupRefused(`${name} is incomplete: it ends before its last line (was the copy cut short?)`);
        const following = await next();
        if (following === undefined) return checkEnd(name, pending, hash.digest('hex'));
        hash.update(`${pending}\n`, 'utf8');
        yield parseLine(name, pending);
        pending = following;
      }
    } finally {
      input.close();
      raw.destroy();
    }
  }
  return { header, lines: lines() };
}

function parseHeader(name: string, line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line === undefined ? undefined : (JSON.parse(line) as Partial<BackupHeader>);
  } catch {
    header = undefined;
  }
  if (!header || header.format !== FORMAT) throw new BackupRefused(`${name} is not a Care Oversight backup`);
  if (typeof header.formatVersion !== 'number' || header.formatVersion > FORMAT_VERSION) {
    throw new BackupRefused(`${name} was written by a newer version of Care Oversight (backup format ${String(header.formatVersion)}): upgrade Care Oversight to restore it`);
  }
  if (!Array.isArray(header.schema?.migrations)) throw new BackupRefused(`${name} has been altered: its header names no schema version`);
  return header as BackupHeader;
}

function parseLine(name: string, line: string): BackupLine {
  if (line.startsWith('[')) return { kind: 'row', json: line };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new BackupRefused(`${name} has been altered: a line is not JSON`);
  }
  if (typeof value.table === 'string' && Array.isArray(value.columns)) return { kind: 'table', table: value as unknown as TableLine };
  if (typeof value.sequence === 'string') return { kind: 'sequence', sequence: value as unknown as SequenceLine };
  throw new BackupRefused(`${name} has been altered: a line is neither a table, a row nor a sequence`);
}

function checkEnd(name: string, line: string, digest: string): EndLine {
  let end: Partial<EndLine> | undefined;
  try {
    end = JSON.parse(line) as Partial<EndLine>;
  } catch {
    end = undefined;
  }
  if (!end || end.end !== true) throw new BackupRefused(`${name} is incomplete: it ends before its last line (was the copy cut short?)`);
  if (end.sha256 !== digest) throw new BackupRefused(`${name} has been altered since it was written: its checksum does not match its contents`);
  return end as EndLine;
}

function describeReadError(name: string, error: unknown): BackupRefused {
  if (error instanceof BackupRefused) return error;
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ENOENT') return new BackupRefused(`${name}: no such file`);
  if (code === 'EISDIR') return new BackupRefused(`${name} is a folder, not a backup file`);
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message ?? '')) {
    return new BackupRefused(`${name} is incomplete: it ends before its last line (was the copy cut short?)`);
  }
  if (/incorrect header check/i.test(message ?? '')) return new BackupRefused(`${name} is not a Care Oversight backup (not a gzip file)`);
  if (code?.startsWith('Z_')) return new BackupRefused(`${name} is damaged or has been altered (${message ?? code})`);
  return new BackupRefused(`${name} could not be read: ${message ?? String(error)}`);
}
