import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { dumpPglite, openStore, type Store } from '../../src/core/db/database.ts';

export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database of its own (PostgreSQL: `poolWaitMs` as DATABASE_POOL_WAIT_MS sets it). */
  open(options?: { readonly poolWaitMs?: number }): Promise<Store>;
}

/**
 * The databases every *.db.test.ts and *.http.test.ts runs against: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL points at a server (scripts/test.ts starts a throwaway one; CI does the same).
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: openPglite }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) list.push({ name: 'postgres', open: (options) => openPostgres(serverUrl, options?.poolWaitMs) });
  return list;
}

/**
 * Migrating a database takes seconds on PGlite, so scripts/test.ts migrates one before the run and each test
 * opens a copy of its files (TEST_PGLITE_TEMPLATE); a file run on its own makes its copy once per process.
 */
let pgliteTemplate: Promise<Blob> | undefined;

function migratedPglite(): Promise<Blob> {
  const file = process.env.TEST_PGLITE_TEMPLATE;
  pgliteTemplate ??= file
    ? Promise.resolve(new Blob([readFileSync(file)]))
    : (async () => {
        const store = await openStore({ dataDir: 'memory://' });
        await store.migrate();
        const dump = await dumpPglite(store);
        await store.close();
        return dump;
      })();
  return pgliteTemplate;
}

async function openPglite(): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://', loadDataDir: await migratedPglite() });
  // Already migrated: this only confirms it (and would apply a migration newer than the copy).
  await store.migrate();
  return store;
}

/** Makes the migrated template files that scripts/test.ts hands to every test process. */
export async function writePgliteTemplate(file: string): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  pgliteTemplate = undefined;
  const saved = process.env.TEST_PGLITE_TEMPLATE;
  delete process.env.TEST_PGLITE_TEMPLATE;
  writeFileSync(file, Buffer.from(await (await migratedPglite()).arrayBuffer()));
  if (saved !== undefined) process.env.TEST_PGLITE_TEMPLATE = saved;
}

/** Makes a migrated PostgreSQL database for the run to copy (CREATE DATABASE … TEMPLATE), returning its name. */
export async function makePostgresTemplate(serverUrl: string): Promise<string> {
  const name = `co_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 1 });
  await store.migrate();
  await store.close();
  return name;
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}

async function adminQuery(serverUrl: string, statement: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function openPostgres(serverUrl: string, poolWaitMs?: number): Promise<Store> {
  const database = await createPostgresDatabase(serverUrl);
  const store = await openStore({ databaseUrl: database.url, poolSize: 4, ...(poolWaitMs ? { poolWaitMs } : {}) });
  await store.migrate();
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** A fresh database on the server (a copy of the run's migrated template when there is one), to drop after. */
async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `co_test_${randomBytes(6).toString('hex')}`;
  const template = process.env.TEST_POSTGRES_TEMPLATE;
  // Copies of one template may not start at the same instant: PostgreSQL refuses while another copy is being made.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
      break;
    } catch (error) {
      if (!template || attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A fresh PostgreSQL database for tests that start app processes of their own: its address, and a store on
 * it for setting up. Undefined without TEST_DATABASE_URL (such tests run on PostgreSQL only).
 */
export async function sharedPostgresDatabase(options: { poolSize?: number } = {}): Promise<{ url: string; store: Store; close(): Promise<void> } | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const database = await createPostgresDatabase(serverUrl);
  const store = await openStore({ databaseUrl: database.url, poolSize: options.poolSize ?? 2 });
  await store.migrate();
  return {
    url: database.url,
    store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
