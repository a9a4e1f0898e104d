import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../src/core/db/database.ts';

/**
 * The database the benches run on, in order of preference: a fresh database on the server named by
 * BENCH_DATABASE_URL; a throwaway PostgreSQL server of our own; PGlite in memory, which is not what
 * production runs, so its figures are only a rough guide.
 */
export interface BenchDatabase {
  readonly store: Store;
  /** Said in the report, e.g. "PostgreSQL (throwaway server)". */
  readonly description: string;
  /** The database's address, for benches that start the app as a process of its own (undefined on PGlite). */
  readonly url: string | undefined;
  close(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) return freshDatabaseOn(serverUrl, 'PostgreSQL (BENCH_DATABASE_URL)', async () => {});
  const throwaway = await startThrowawayServer();
  if (throwaway) return freshDatabaseOn(throwaway.url, 'PostgreSQL (throwaway server)', throwaway.stop);
  console.log('Note: no PostgreSQL server available (set BENCH_DATABASE_URL or install postgresql); running on PGlite in memory.');
  console.log('      PGlite is single-connection WebAssembly: its figures say little about a production server.');
  const store = await openStore({ dataDir: 'memory://' });
  await store.migrate();
  return { store, description: 'PGlite (in memory)', url: undefined, close: () => store.close() };
}

/**
 * Another fresh database for a bench that wants empty tables (an import into a new database): on the bench
 * database's server when there is one (`serverUrl`, the run's `databaseUrl`), otherwise PGlite in memory.
 * Migrated; dropped (or discarded) by close().
 */
export async function openFreshDatabase(serverUrl: string | undefined): Promise<Omit<BenchDatabase, 'url'>> {
  if (serverUrl) return freshDatabaseOn(serverUrl, 'PostgreSQL (a fresh database on the bench server)', async () => {});
  const store = await openStore({ dataDir: 'memory://' });
  await store.migrate();
  return { store, description: 'PGlite (in memory, fresh)', close: () => store.close() };
}

/** A database of our own on the server, dropped afterwards, so the bench never touches anyone's data. */
async function freshDatabaseOn(serverUrl: string, description: string, stopServer: () => Promise<void>): Promise<BenchDatabase> {
  const name = `co_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  await store.migrate();
  return {
    store,
    description,
    url: url.toString(),
    async close() {
      await store.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`).catch((error: Error) => console.error(`could not drop ${name}: ${error.message}`));
      await stopServer();
    },
  };
}

async function adminQuery(serverUrl: string, text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startThrowawayServer(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'care-oversight-bench-pg-'));
  try {
    const port = await freePort();
    // pg_stat_statements: the load bench prints the statements each service page runs.
    const url = execFileSync(path.join(root, 'scripts/throwaway-postgres.sh'), [dir, String(port)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, THROWAWAY_PG_OPTIONS: '-c shared_preload_libraries=pg_stat_statements' },
    }).trim();
    const stop = async () => {
      // The same stop the test runner uses: as the postgres user when we are root.
      spawnSync(
        'bash',
        ['-c', 'pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pg/pg_ctl" -D "$1/data" -m fast stop; else "$pg/pg_ctl" -D "$1/data" -m fast stop; fi', 'stop', dir],
        { stdio: 'ignore' },
      );
      rmSync(dir, { recursive: true, force: true });
    };
    return { url, stop };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Whether the server counts statements (pg_stat_statements in shared_preload_libraries): created here when it does. */
export async function statementsCounted(client: pg.Client): Promise<boolean> {
  return client
    .query('create extension if not exists pg_stat_statements')
    .then(() => client.query('select 1 from pg_stat_statements limit 1'))
    .then(
      () => true,
      () => false,
    );
}
