import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../../src/core/db/database.ts';

/** Helpers for tests that run the real `care-oversight` command, as an operator would. */

const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Written to the command's standard input (which is closed either way). */
  readonly stdin?: string;
  /** Ends the command with SIGKILL as soon as its stderr shows this: an operator killing it part-way. */
  readonly killWhen?: RegExp;
  /** Ends the command with SIGKILL this long after it starts (or after `killWhen` matched, when both are given). */
  readonly killAfterMs?: number;
}

/** Runs bin/care-oversight.js with `args`, against the database `env` names (never the caller's DATABASE_URL). */
export function runCli(env: Record<string, string>, args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/care-oversight.js'), ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    const killLater = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    if (options.killAfterMs !== undefined && !options.killWhen) killLater();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.killWhen?.test(stderr)) {
        if (options.killAfterMs === undefined) child.kill('SIGKILL');
        else killLater();
      }
    });
    child.on('close', () => clearTimeout(timer));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A port no one is listening on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `care-oversight serve` running in a process of its own, as an operator leaves it. */
export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** Everything it has written to stderr so far. */
  readonly stderr: () => string;
  /** Ends it as `kill -9` would: no chance to close anything. */
  kill(): Promise<CliRun>;
  /** Ends it as Ctrl-C would. */
  stop(): Promise<CliRun>;
}

/**
 * Starts `serve` and resolves once it answers, or rejects with what it printed if it exits first (which is
 * what a refused second server does).
 */
export async function startServer(env: Record<string, string>, args: readonly string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(root, 'bin/care-oversight.js'), 'serve', '--port', String(port), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...env },
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const listening = setInterval(() => {
      if (/is running at/.test(stderr)) {
        clearInterval(listening);
        resolve();
      }
    }, 20);
    void exited.then((run) => {
      clearInterval(listening);
      reject(Object.assign(new Error(`serve exited with ${run.code}: ${run.stderr}`), { run }));
    });
  });
  const end = (signal: NodeJS.Signals) => {
    child.kill(signal);
    return exited;
  };
  return { url, pid: child.pid!, stderr: () => stderr, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** A database for the command: its environment, the same database for the test's own store, and its removal. */
export interface CliDatabase {
  readonly env: Record<string, string>;
  readonly storeOptions: StoreOptions;
  tearDown(): Promise<void>;
}

export interface CliTarget {
  readonly name: string;
  setUp(): Promise<CliDatabase>;
}

/**
 * PGlite in a fresh DATA_DIR, and, when TEST_DATABASE_URL names a server, a fresh database on it whose name
 * starts with `prefix`: the command is tested on both, as the rest of the suite is.
 */
export function cliTargets(prefix: string): CliTarget[] {
  const targets: CliTarget[] = [
    {
      name: 'PGlite in DATA_DIR',
      async setUp() {
        const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
        return { env: { DATA_DIR: dir }, storeOptions: { dataDir: dir }, tearDown: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    targets.push({
      name: 'PostgreSQL at DATABASE_URL',
      async setUp() {
        const name = `${prefix}_${randomBytes(6).toString('hex')}`;
        await onServer(serverUrl, `create database ${name}`);
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        return {
          env: { DATABASE_URL: url.toString() },
          storeOptions: { databaseUrl: url.toString(), poolSize: 2 },
          tearDown: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
        };
      },
    });
  }
  return targets;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
