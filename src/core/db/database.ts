import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { UnitsOfWork, actAs } from './unit-of-work.ts';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import type { Database } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { openPgliteFolder } from './pglite-folder.ts';
import { LimitsInlined } from './limits-inlined.ts';
import { ListsAsArrays } from './lists-as-arrays.ts';
import { preparingClient } from './prepared.ts';
import { DEFAULT_KEPT_ANSWERS, snapshotCache } from './snapshot-cache.ts';
import {
  councilAnswersCache,
  currentCouncilVersions,
  currentVersions,
  currentVisibleCouncilsVersions,
  serviceAnswersCache,
  serviceFactsCache,
  visibleCouncilsAnswersCache,
  type ServiceFactsCache,
} from './service-facts-cache.ts';
import { ServiceBusy } from '../errors.ts';

export { DataFolderInUse } from './pglite-folder.ts';

export type { Actor, Db, Tx } from './types.ts';
import type { Actor, Db, Tx } from './types.ts';

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
  /**
   * One unit of work for a whole request: every asUser and asSystem inside `work` joins one transaction
   * (each in a savepoint, so a step that fails undoes only itself), begun at the first query. The caller
   * ends it with `commit` or `rollback` once it knows the outcome (the HTTP pipeline does, before replying).
   */
  openRequest(actor: Actor): import('./unit-of-work.ts').RequestUnitOfWork;
  /**
   * Inside a request: the reads `work` starts join its unit of work without a savepoint each, for pages
   * that gather many capabilities' contributions (the service page). A read that fails there fails the
   * request, so nothing that writes, and nothing whose failure the caller would catch, belongs in it.
   */
  readsTogether<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Inside a unit of work: the answer `read` gave under `key` while the database was exactly as it is now
   * (nothing committed since, by any process), or `read`'s answer (see snapshot-cache.ts). The key names
   * everything else the answer depends on: the actor, the day.
   */
  remember<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T>;
  /**
   * Inside a unit of work: each service's facts as `derive` gives them, derived afresh only for the services
   * whose records changed since they were kept under `scope` (see service-facts-cache.ts). The scope names
   * everything else the facts depend on: the actor, the day.
   */
  keepByService: ServiceFactsCache['keep'];
  /**
   * Inside a unit of work: the answer `read` gave under `key` while none of the council's services changed
   * (the council's version, moved with any of its services' versions, and the shared ones), whatever else anyone
   * committed; or `read`'s answer (always, for someone not on the council's staff). The key names everything
   * else the answer depends on: the actor, the day.
   */
  keepByCouncil<T>(tx: Tx, key: string, councilId: string, read: () => Promise<T>): Promise<T>;
  /**
   * Inside a unit of work: the answer `read` gave under `key` while the service's version and the shared ones
   * were as they are now, whatever else anyone committed; or `read`'s answer. For the service page and
   * document, whose every table moves the service's version or a shared one. The key names everything else
   * the answer depends on: the actor, the service, the day.
   */
  keepForService<T>(tx: Tx, key: string, serviceId: string, read: () => Promise<T>): Promise<T>;
  /**
   * Inside a unit of work: the answer `read` gave under `key` while every council whose records the actor may see
   * for `purpose` ('live_status', 'alerts', 'enter_and_view': their own and those sharing with them) was at its
   * present version, and no other council became visible or stopped being so; or `read`'s answer (always, for a
   * provider's users). For the Live Status List's searches. The key names everything else the answer depends on:
   * the actor's organisation and role, the search.
   */
  keepByVisibleCouncils<T>(tx: Tx, key: string, purpose: 'live_status' | 'alerts' | 'enter_and_view', read: () => Promise<T>): Promise<T>;
  /**
   * Reads that may lag behind the last commit by the replica's replay delay: reports, dashboards, their
   * CSV/XLSX/PDF exports and the Live Status List search. On the streaming replica named by DATABASE_READ_URL
   * when there is one (each in a unit of work of its own on the replica, with the same row-level security);
   * otherwise the same as the store's own asUser and asSystem. Nothing that writes, and nothing a page must
   * show as just written, reads here.
   */
  readonly lagging: LaggingReads;
  /** Applies the migrations not yet applied: all of them, or those up to and including `upTo`. */
  migrate(upTo?: string): Promise<void>;
  close(): Promise<void>;
}

export interface LaggingReads {
  /** true when the reads go to a replica (DATABASE_READ_URL), false when they share the primary. */
  readonly onReplica: boolean;
  asUser<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T>;
  asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
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
  /** PGlite: start from a copy of another database's files (from dumpPglite), for a quick throwaway copy. */
  loadDataDir?: Blob;
  /** PGlite: its buffer cache in megabytes (PGLITE_SHARED_BUFFERS_MB, 32 by default); PostgreSQL's default of 128 when unset here. */
  pgliteSharedBuffersMb?: number;
  /** PostgreSQL: a streaming replica for the reads that may lag (DATABASE_READ_URL); see Store.lagging. */
  readUrl?: string | undefined;
  /** PostgreSQL: connections held at most (DATABASE_POOL_SIZE), to the primary and again to the replica. */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a free connection before refusing with ServiceBusy (DATABASE_POOL_WAIT_MS). */
  poolWaitMs?: number;
  /** Answers kept while nothing is committed (KEPT_ANSWERS, 500 by default); 0 keeps none and reads every time. */
  keptAnswers?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return keepString;
        if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      },
    };
    const primary = postgresDb(options.databaseUrl, options, types);
    const replica = options.readUrl ? postgresDb(options.readUrl, options, types) : undefined;
    return createStore('postgres', primary, options.keptAnswers, () => undefined, replica);
  }
  const dataDir = options.dataDir ?? 'memory://';
  const pgliteOptions = {
    parsers: { [DATE_OID]: keepString, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
    // trigram indexes serve the Live Status List's name search (migration 20261205T1530)
    extensions: { pg_trgm },
    // The buffer cache lives in PGlite's WebAssembly memory, which never shrinks: a smaller one is a smaller process.
    ...(options.pgliteSharedBuffersMb
      ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.pgliteSharedBuffersMb}MB`] }
      : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  };
  // A folder on disk has one owner at a time and durable commits (see pglite-folder.ts): a second process
  // is refused there, before PGlite reads or writes anything in it.
  const opened = dataDir.startsWith('memory://')
    ? { pglite: await PGlite.create({ dataDir, ...pgliteOptions }), release: () => undefined }
    : await openPgliteFolder(dataDir, pgliteOptions);
  const pglite = opened.pglite;
  const store = createStore(
    'pglite',
    new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new LimitsInlined(), new ListsAsArrays()] }),
    options.keptAnswers,
    () => opened.release(),
  );
  pgliteOf.set(store, pglite);
  return store;
}

/** A Kysely over a pool of connections to one PostgreSQL server, refusing at once when every connection stays busy. */
function postgresDb(url: string, options: StoreOptions, types: pg.CustomTypesConfig): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.poolWaitMs ?? 0,
    types,
  });
  // A connection the server ends while idle (a restart, a failover, an administrator) is dropped from the
  // pool, which opens a new one when next needed; without a listener the error would end the process.
  pool.on('error', () => undefined);
  // Waiting longer than poolWaitMs for a connection (every one busy, or the server slow to accept one) is
  // refused at once as "busy" (503), rather than every request queueing for seconds behind the others.
  const refusingPool = {
    connect: () =>
      pool.connect().then(preparingClient, (error: unknown) => {
        if (options.poolWaitMs && error instanceof Error && /timeout/i.test(error.message)) throw new ServiceBusy();
        throw error;
      }),
    end: () => pool.end(),
  };
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: refusingPool }),
    plugins: [new LimitsInlined(), new ListsAsArrays()],
  });
}

export type { RequestUnitOfWork } from './unit-of-work.ts';

/** The schema's versions: every migration's name, in the order they are applied. */
export const migrationNames: readonly string[] = Object.keys(migrations).sort();
const pgliteOf = new WeakMap<Store, PGlite>();

/** A PGlite database's files as one archive, to open copies of it with `loadDataDir`. */
export async function dumpPglite(store: Store): Promise<Blob> {
  const pglite = pgliteOf.get(store);
  if (!pglite) throw new Error('not a PGlite store');
  return pglite.dumpDataDir('none');
}

/** Services’ facts kept for each answer KEPT_ANSWERS allows: 500 answers, 5,000 services’ facts (about 3 kB each, 16 MB at most). */
export const SERVICE_FACTS_PER_ANSWER = 10;

function createStore(kind: Store['kind'], db: Db, keptAnswers = DEFAULT_KEPT_ANSWERS, afterClose: () => void = () => undefined, replica?: Db): Store {
  const units = new UnitsOfWork(db);
  const cache = snapshotCache(keptAnswers);
  // each kept answer may be a page of many services: an officer's work list is a few hundred
  const facts = serviceFactsCache(keptAnswers * SERVICE_FACTS_PER_ANSWER);
  // A page's reads together ask for each stamp once (the work list's three sections, its council's version).
  const byCouncil = councilAnswersCache(keptAnswers, (tx, councilId) =>
    units.onceInReads(tx, `council:${councilId}`, () => currentCouncilVersions(tx, councilId)),
  );
  const byService = serviceAnswersCache(keptAnswers, (tx, ids) =>
    units.onceInReads(tx, `services:${ids.join(',')}`, () => currentVersions(tx, ids)),
  );
  const byVisibleCouncils = visibleCouncilsAnswersCache(keptAnswers, (tx, purpose) =>
    units.onceInReads(tx, `visible:${purpose}`, () => currentVisibleCouncilsVersions(tx, purpose)),
  );
  const asUser: Store['asUser'] = (actor, work) =>
    units.join(actor, 'user', work) ??
    db.transaction().execute(async (tx) => {
      await actAs(tx, actor);
      return work(tx);
    });
  const asSystem: Store['asSystem'] = (work) => units.join(undefined, 'system', work) ?? db.transaction().execute(work);
  // On the replica a read is a unit of work of its own, outside the request's (which holds a primary connection).
  const lagging: LaggingReads = replica
    ? {
        onReplica: true,
        asUser: (actor, work) =>
          replica.transaction().execute(async (tx) => {
            await actAs(tx, actor);
            return work(tx);
          }),
        asSystem: (work) => replica.transaction().execute(work),
      }
    : { onReplica: false, asUser, asSystem };
  return {
    kind,
    db,
    asUser,
    asSystem,
    lagging,
    openRequest(actor) {
      return units.open(actor);
    },
    readsTogether: (work) => units.readsTogether(work),
    remember: (tx, key, read) => cache.remember(tx, key, read),
    keepByService: (tx, scope, serviceIds, derive) => facts.keep(tx, scope, serviceIds, derive),
    keepByCouncil: (tx, key, councilId, read) => byCouncil.remember(tx, key, councilId, read),
    keepForService: (tx, key, serviceId, read) => byService.remember(tx, key, serviceId, read),
    keepByVisibleCouncils: (tx, key, purpose, read) => byVisibleCouncils.remember(tx, key, purpose, read),
    async migrate(upTo) {
      // Every start migrates: when nothing is pending, one look at the applied names is enough (Kysely's
      // migrator takes its lock table, a transaction and several statements, half a second on PGlite).
      if (!upTo && (await isUpToDate(db))) return;
      const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error) {
        throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
      }
    },
    async close() {
      try {
        await replica?.destroy();
        await db.destroy();
      } finally {
        afterClose();
      }
    },
  };
}

/** Every migration this code knows is applied, and no other: the migrator would have nothing to do. */
async function isUpToDate(db: Db): Promise<boolean> {
  const table = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = rows.map((row) => row.name).sort();
  return applied.length === migrationNames.length && applied.every((name, i) => name === migrationNames[i]);
}
