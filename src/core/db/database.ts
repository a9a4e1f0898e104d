import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import type { Database, OrgKind, Role } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** Who is acting: every application read and write runs as one. */
export interface Actor {
  readonly userId: string;
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  readonly name: string;
  readonly orgName: string;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * A unit of work as the actor: one transaction in which the database's row-level security sees the
   * actor's user, organisation and role, so a query that forgets a tenancy filter still cannot leak.
   */
  asUser<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** A unit of work as the system itself (command line, sign-in, scheduled jobs): no row-level security. */
  asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Both drivers hand back the same shapes: dates as yyyy-mm-dd strings, bigint counts and numerics as numbers.
const toNumber = (value: string) => (value === null ? null : Number(value));
const keepString = (value: string) => value;

export interface StoreOptions {
  databaseUrl?: string | undefined;
  /** A folder for PGlite's files, or 'memory://' */
  dataDir?: string;
  poolSize?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return keepString;
        if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types });
    // A connection the server ends while idle (a restart, a failover, an administrator) is dropped from the
    // pool, which opens a new one when next needed; without a listener the error would end the process.
    pool.on('error', () => undefined);
    return createStore('postgres', new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [DATE_OID]: keepString, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  });
  return createStore('pglite', new Kysely<Database>({ dialect: new PGliteDialect(pglite) }));
}

function createStore(kind: Store['kind'], db: Db): Store {
  return {
    kind,
    db,
    asUser(actor, work) {
      return db.transaction().execute(async (tx) => {
        await sql`select set_config('app.user_id', ${actor.userId}, true), set_config('app.org_id', ${actor.orgId}, true),
          set_config('app.role', ${actor.role}, true)`.execute(tx);
        await sql`set local role care_app`.execute(tx);
        return work(tx);
      });
    },
    asSystem(work) {
      return db.transaction().execute(work);
    },
    async migrate() {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error) {
        throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
      }
    },
    close() {
      return db.destroy();
    },
  };
}
