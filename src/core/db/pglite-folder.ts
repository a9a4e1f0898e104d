import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { DomainError } from '../errors.ts';

/**
 * A PGlite data folder has one owner. PGlite is PostgreSQL running inside one process: two processes on one
 * folder each keep their own buffers and overwrite each other's files, so writes acknowledged by one are lost
 * when the other stops. Whoever opens the folder therefore holds it until it closes it (or dies).
 *
 * The hold is an operating-system lock (SQLite's, on a file in the folder), not a file whose presence or pid
 * we interpret: the kernel releases it when the holder dies, even by kill -9, so a stale lock cannot exist,
 * two processes racing to take over a dead owner's folder cannot both win (the kernel gives the lock to one),
 * and a pid reused by another program fools nothing. A second file says who holds the lock, for the message
 * the others print; it is written by the holder once it has the lock and is never used to decide anything.
 */
const LOCK_FILE = 'care-oversight.lock';
const OWNER_FILE = 'care-oversight.owner.json';
/** Present while a new folder is being made into a database: PGlite writes its first files one by one. */
const INITIALISING = 'care-oversight.initialising';

export interface FolderOwner {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
  readonly host: string;
}

/** Another process holds the data folder: nothing was opened or written. */
export class DataFolderInUse extends DomainError {
  readonly owner: FolderOwner | undefined;
  constructor(dataDir: string, owner: FolderOwner | undefined) {
    super(inUseMessage(dataDir, owner), 409);
    this.owner = owner;
  }
}

function inUseMessage(dataDir: string, owner: FolderOwner | undefined): string {
  const who = owner ? `process ${owner.pid} (${owner.command}, since ${owner.since.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')})` : 'another process';
  const serving = owner ? /\bserve\b/.test(owner.command) : true;
  return serving
    ? `the data folder ${dataDir} is held by ${who}: stop it first, or do this on the running server's pages or API (README: "While the server is running")`
    : `the data folder ${dataDir} is held by ${who}: wait for it to finish or stop it, then try again`;
}

export interface DataFolderHold {
  release(): void;
}

/**
 * Node's SQLite, loaded when first needed. Node.js 24 releases before it became a release candidate warn
 * that it is experimental as it loads: a line on stderr of every command, saying nothing to the operator,
 * who uses no SQLite API. That one warning is held back; any other passes.
 */
let loaded: typeof NodeSqlite | undefined;
function sqlite(): typeof NodeSqlite {
  if (loaded) return loaded;
  const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  const quiet = (warning: string | Error, ...rest: unknown[]) => {
    if (/^SQLite is an experimental feature/.test(typeof warning === 'string' ? warning : warning.message)) return;
    emit(warning, ...rest);
  };
  process.emitWarning = quiet;
  try {
    loaded = process.getBuiltinModule('node:sqlite');
  } finally {
    if (original) Object.defineProperty(process, 'emitWarning', original);
  }
  return loaded;
}

/** Takes the folder (creating it if need be) or throws DataFolderInUse, having written nothing. */
export function holdDataFolder(dataDir: string, command = describeCommand()): DataFolderHold {
  mkdirSync(dataDir, { recursive: true });
  const lock = new (sqlite().DatabaseSync)(path.join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    // An exclusive transaction that is never committed: held until this process closes it or ends.
    lock.exec('begin exclusive');
  } catch (error) {
    lock.close();
    if (/locked|busy/i.test((error as Error).message)) throw new DataFolderInUse(path.resolve(dataDir), readOwner(dataDir));
    throw error;
  }
  const owner: FolderOwner = { pid: process.pid, command, since: new Date().toISOString(), host: hostname() };
  const ownerFile = path.join(dataDir, OWNER_FILE);
  const draft = `${ownerFile}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(owner)}\n`);
  renameSync(draft, ownerFile);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      rmSync(ownerFile, { force: true });
      lock.close();
    },
  };
}

/**
 * Who holds the folder. The holder writes this file just after taking the lock, so a reader may come in
 * between and find the previous (dead) owner's file: one whose process is gone is waited for briefly.
 */
function readOwner(dataDir: string): FolderOwner | undefined {
  const deadline = Date.now() + 500;
  for (;;) {
    const owner = parseOwner(dataDir);
    if (owner && isAlive(owner.pid)) return owner;
    if (Date.now() > deadline) return undefined;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
  }
}

function parseOwner(dataDir: string): FolderOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as Partial<FolderOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.command !== 'string' || typeof owner.since !== 'string') return undefined;
    return { pid: owner.pid, command: owner.command, since: owner.since, host: String(owner.host ?? '') };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `care-oversight serve --port 3000`, as the operator typed it. */
function describeCommand(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]).replace(/\.(c|m)?[jt]s$/, '') : 'node';
  return [script, ...process.argv.slice(2)].join(' ');
}

/**
 * PGlite's own settings make commits durable only as far as the operating system's cache: it starts
 * PostgreSQL with fsync off (`-F`), and the Emscripten file system it writes the folder through ignores
 * fsync and fdatasync anyway (its `relaxedDurability` option only concerns file systems PGlite copies to
 * storage after each query, such as IndexedDB; a Node folder is written in place). Writes reach the
 * folder as PostgreSQL makes them, so a commit survives the process being killed, but not a power cut or
 * an operating system crash. Here PostgreSQL's fsync is turned back on, WAL is flushed with fsync (the file
 * system's fdatasync does nothing), and the file system's fsync calls the real one: a commit is on disk
 * before it is acknowledged.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, options);
    result.emscriptenOpts.preRun = [
      ...(result.emscriptenOpts.preRun ?? []),
      (module) => {
        const nodefs = module.NODEFS as unknown as { stream_ops: { fsync?: (stream: { nfd?: number }) => number } };
        nodefs.stream_ops.fsync = (stream) => {
          if (stream.nfd !== undefined) fsyncSync(stream.nfd);
          return 0;
        };
      },
    ];
    return result;
  }
}

/** PGlite options for a data folder on disk: durable commits (over any start parameters the caller gave). */
function durableFolderOptions(dataDir: string, startParams: readonly string[] = PGlite.defaultStartParams) {
  return {
    fs: new DurableNodeFS(dataDir),
    relaxedDurability: false,
    startParams: [...startParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'],
  };
}

/**
 * Opens PGlite on a folder: holds it, makes it a database if it is new, with durable commits. A folder
 * whose first opening was interrupted (PGlite writes a new database's files one by one, and finds an
 * existing database by its PG_VERSION file) is not a database yet: its files are cleared and made again.
 */
export async function openPgliteFolder(dataDir: string, options: PGliteOptions): Promise<{ pglite: PGlite; release(): void }> {
  const hold = holdDataFolder(dataDir);
  try {
    const marker = path.join(dataDir, INITIALISING);
    const isNew = existsSync(marker) || !existsSync(path.join(dataDir, 'PG_VERSION'));
    if (isNew) {
      for (const entry of readdirSync(dataDir)) {
        if (![LOCK_FILE, OWNER_FILE, INITIALISING].includes(entry)) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
      }
      writeFileSync(marker, '');
      fsyncPath(dataDir);
    }
    const pglite = await PGlite.create({ ...options, ...durableFolderOptions(dataDir, options.startParams) });
    if (isNew) {
      rmSync(marker);
      fsyncPath(dataDir);
    }
    return { pglite, release: () => hold.release() };
  } catch (error) {
    hold.release();
    throw error;
  }
}

function fsyncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
