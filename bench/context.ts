import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type Services } from '../src/app.ts';
import { newApiToken, sha256 } from '../src/core/auth/secrets.ts';
import { loadConfig } from '../src/core/config.ts';
import type { Actor, Store } from '../src/core/db/database.ts';
import { loadDemo, type DemoScale, type DemoSummary } from '../src/demo/demo.ts';
import { generateDemo } from '../src/demo/generate.ts';
import type { DemoCouncil, DemoData } from '../src/demo/model.ts';
import { timeOnce } from './measure.ts';

/** What every bench module receives. See bench/README.md. */
export interface BenchContext {
  readonly store: Store;
  /** Which database, for the report: "PostgreSQL (throwaway server)", "PGlite (in memory)"… */
  readonly database: string;
  /** A scratch folder, removed when the run ends. */
  readonly tmpDir: string;
  /** The database's address, for starting the app as a process of its own; undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  /**
   * The national demo (153 councils, 29,108 services), loaded once per run, with how long that took.
   * BENCH_SCALE=council or region loads a smaller demo instead, to check that the benches work.
   */
  national(): Promise<NationalDemo>;
  /** The real app, listening on 127.0.0.1 on a free port; started once per run. */
  server(): Promise<BenchServer>;
  /** The actor of a user, by email, as the app would resolve it. */
  actorFor(email: string): Promise<Actor>;
  /** A new API token for a user (by email), as `Authorization: Bearer …` wants it. */
  tokenFor(email: string): Promise<string>;
  /** A new signed-in session for a user (by email), valid for a day: the session cookie's value. */
  sessionFor(email: string): Promise<string>;
}

export interface NationalDemo {
  readonly data: DemoData;
  readonly summary: DemoSummary;
  /** Generating the data alone, in memory. */
  readonly generateMs: number;
  /** Generating and writing it (one transaction, batched inserts). */
  readonly loadMs: number;
  /** The council with the most services, and the email of one of its quality officers. */
  readonly largest: DemoCouncil;
  readonly officerEmail: string;
  /** Process RSS in bytes before generating and after loading. */
  readonly rssBefore: number;
  readonly rssAfter: number;
}

export interface BenchServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** Like "http://127.0.0.1:41234". */
  readonly baseUrl: string;
}

/** The demo the run loads: national unless BENCH_SCALE names a smaller one (to check the benches work). */
export function benchScale(): DemoScale {
  const scale = process.env.BENCH_SCALE ?? 'national';
  if (scale !== 'national' && scale !== 'region' && scale !== 'council' && scale !== 'small') throw new Error(`BENCH_SCALE must be national, region, council or small (it is ${scale})`);
  return scale;
}

export function createContext(store: Store, database: string, databaseUrl?: string): { context: BenchContext; close(): Promise<void> } {
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'care-oversight-bench-'));
  let national: Promise<NationalDemo> | undefined;
  let server: Promise<BenchServer> | undefined;

  const actorFor = async (email: string): Promise<Actor> =>
    store.asSystem((tx) =>
      tx
        .selectFrom('users as u')
        .innerJoin('organisations as o', 'o.id', 'u.org_id')
        .select(['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'])
        .where('u.email', '=', email)
        .executeTakeFirstOrThrow(() => new Error(`no user ${email}`)),
    );

  const context: BenchContext = {
    store,
    database,
    tmpDir,
    databaseUrl,
    national() {
      national ??= (async () => {
        const rssBefore = process.memoryUsage().rss;
        const scale = benchScale();
        const generated = await timeOnce(async () => generateDemo(scale));
        const loaded = await timeOnce(() => loadDemo(store, scale));
        const data = generated.result;
        const largest = [...data.councils].sort((a, b) => b.services - a.services)[0]!;
        const officer = data.users.find((u) => u.orgId === largest.id && u.role === 'officer')!;
        const rssAfter = process.memoryUsage().rss;
        return { data, summary: loaded.result, generateMs: generated.ms, loadMs: loaded.ms, largest, officerEmail: officer.email, rssBefore, rssAfter };
      })();
      return national;
    },
    server() {
      server ??= (async () => {
        // Errors only: request logging would dominate the figures and flood the report.
        const config = loadConfig({ NODE_ENV: 'development' }, { logLevel: 'error', host: '127.0.0.1', port: 0, cookieSecure: false, dataDir: tmpDir });
        const { app, services } = await buildApp(config, store);
        await app.listen({ host: '127.0.0.1', port: 0 });
        const { port } = app.server.address() as AddressInfo;
        return { app, services, baseUrl: `http://127.0.0.1:${port}` };
      })();
      return server;
    },
    actorFor,
    async tokenFor(email) {
      const actor = await actorFor(email);
      const token = newApiToken();
      await store.asSystem((tx) => tx.insertInto('api_tokens').values({ user_id: actor.userId, token_hash: sha256(token), label: 'Benchmark' }).execute());
      return token;
    },
    async sessionFor(email) {
      const actor = await actorFor(email);
      const session = randomBytes(24).toString('base64url');
      await store.asSystem((tx) =>
        tx.insertInto('sessions').values({ id_hash: sha256(session), user_id: actor.userId, expires_at: new Date(Date.now() + 24 * 3600_000) }).execute(),
      );
      return session;
    },
  };

  return {
    context,
    async close() {
      if (server) await (await server).app.close();
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
