import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/core/db/database.ts';

export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database of its own. */
  open(): Promise<Store>;
}

/**
 * The databases every *.db.test.ts and *.http.test.ts runs against: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL points at a server (scripts/test.ts starts a throwaway one; CI does the same).
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: openPglite }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) list.push({ name: 'postgres', open: () => openPostgres(serverUrl) });
  return list;
}

async function openPglite(): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://' });
  await store.migrate();
  return store;
}

async function openPostgres(serverUrl: string): Promise<Store> {
  const name = `co_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  await store.migrate();
  return {
    ...store,
    async close() {
      await store.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
