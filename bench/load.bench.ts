/**
 * The app under concurrent load, as production runs it: `care-oversight serve` in a process of its own on
 * the bench database, driven at 1, 10 and 100 connections (keep-alive, each connection sending its next
 * request as soon as the last is answered) for BENCH_SECONDS each. Every figure is printed beside its
 * ceilings from the same run: GET /healthz (no database), GET /api/v1/me (an authenticated JSON route: the
 * token and one primary-key select in a unit of work) and /account/api-tokens (a small signed-in HTML
 * page). Then the database work of one service page (transactions, statements), sequentially.
 * Figures only: nothing is asserted. See bench/README.md.
 */
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { drive, keptAnswersSaid, request, rss, SECONDS, SERVER_NODE_OPTIONS, startServer, withConnections, type LoadResult, type Server } from './app-process.ts';
import type { BenchContext } from './context.ts';
import { freePort, statementsCounted } from './database.ts';
import { heading, line, megabytes, thousands } from './measure.ts';

const CONNECTIONS = [1, 10, 100];

/**
 * BENCH_OTHERS_COMMIT_MS: while the targets are driven, someone else commits a transaction every so many
 * milliseconds (one that takes a transaction id and changes no record), as on a regional database others
 * write to. Answers kept by the database's snapshot then last until the next such commit; facts kept by
 * service version (the work list's) last, since no service's records change.
 */
const OTHERS_COMMIT_MS = Number(process.env.BENCH_OTHERS_COMMIT_MS ?? 0);

async function othersCommitting(databaseUrl: string, everyMs: number): Promise<{ stop(): Promise<number> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let running = true;
  let commits = 0;
  const loop = (async () => {
    while (running) {
      await client.query('begin');
      await client.query('select pg_current_xact_id()');
      await client.query('commit');
      commits++;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  let stopped: Promise<number> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        running = false;
        await loop;
        await client.end();
        return commits;
      })()),
  };
}

interface Target {
  readonly title: string;
  readonly kind: 'json' | 'html' | 'bare';
  /** The i-th request's path (rotating over services where it names one). */
  readonly path: (i: number) => string;
}

export default async function loadBench(context: BenchContext): Promise<void> {
  if (!context.databaseUrl) {
    line('skipped', 'needs PostgreSQL (BENCH_DATABASE_URL or a throwaway server): the app runs as a process of its own');
    return;
  }
  const { largest, data, officerEmail } = await context.national();
  const placerEmail = `placing.officer@${largest.code.toLowerCase()}.example.gov.uk`;
  const placerToken = await context.tokenFor(placerEmail);
  const officerToken = await context.tokenFor(officerEmail);
  const session = await context.sessionFor(officerEmail);
  const own = data.services.filter((s) => s.councilId === largest.id);
  const rotation = own.filter((_, i) => i % Math.max(1, Math.floor(own.length / 50)) === 0).slice(0, 50);
  const withCqc = own.find((s) => s.cqcLocationId)!;
  const postcodeArea = own[0]!.postcode.split(' ')[0]!;
  const service = (i: number) => rotation[i % rotation.length]!.id;

  const server = await startServer(await freePort(), { DATABASE_URL: context.databaseUrl }, [], 60_000);
  let others: { stop(): Promise<number> } | undefined;
  try {
    const json = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });
    const html = { cookie: `co_session=${session}`, accept: 'text/html' };
    const ceilings: Record<Target['kind'], Target> = {
      bare: { title: 'GET /healthz', kind: 'bare', path: () => '/healthz' },
      json: { title: 'GET /api/v1/me (token, one primary-key select)', kind: 'json', path: () => '/api/v1/me' },
      html: { title: 'GET /account/api-tokens (small signed-in page)', kind: 'html', path: () => '/account/api-tokens' },
    };
    const targets: (Target & { headers: Record<string, string> })[] = [
      { ...ceilings.bare, headers: {} },
      { ...ceilings.json, headers: json(officerToken) },
      { ...ceilings.html, headers: html },
      { title: 'live status by name "court"', kind: 'json', path: () => '/api/v1/live-status?q=court', headers: json(placerToken) },
      { title: `live status by postcode "${postcodeArea}"`, kind: 'json', path: () => `/api/v1/live-status?postcode=${postcodeArea}`, headers: json(placerToken) },
      { title: 'live status by CQC location id', kind: 'json', path: () => `/api/v1/live-status?cqcLocationId=${withCqc.cqcLocationId}`, headers: json(placerToken) },
      { title: 'live status, concerns only', kind: 'json', path: () => '/api/v1/live-status?concernsOnly=true', headers: json(placerToken) },
      { title: 'service page (HTML)', kind: 'html', path: (i) => `/services/${service(i)}`, headers: html },
      { title: 'service (JSON)', kind: 'json', path: (i) => `/api/v1/services/${service(i)}`, headers: json(officerToken) },
      { title: 'register (HTML)', kind: 'html', path: () => '/services', headers: html },
      { title: 'risk register (HTML)', kind: 'html', path: () => '/risk-register', headers: html },
      { title: 'work list (HTML)', kind: 'html', path: () => '/work', headers: html },
    ];
    line('app process', `care-oversight serve, pid ${server.pid}, ${SECONDS} s a run (BENCH_SECONDS)${SERVER_NODE_OPTIONS ? `, node ${SERVER_NODE_OPTIONS} (BENCH_SERVER_NODE_OPTIONS)` : ''}; ${keptAnswersSaid()}`);
    line('server RSS idle', megabytes(rss(server.pid)));

    others = OTHERS_COMMIT_MS > 0 ? await othersCommitting(context.databaseUrl, OTHERS_COMMIT_MS) : undefined;
    line('others committing', others ? `a transaction every ${OTHERS_COMMIT_MS} ms while the targets are driven (BENCH_OTHERS_COMMIT_MS)` : 'nobody (BENCH_OTHERS_COMMIT_MS=20 has someone commit every 20 ms)');
    const results = new Map<string, Map<number, LoadResult>>();
    for (const target of targets) {
      const probe = await request(server.url, target.path(0), target.headers);
      if (probe.status !== 200) throw new Error(`${target.title}: GET ${target.path(0)} answered ${probe.status}`);
      heading(`${target.title}: GET ${target.path(0)}`);
      const byConnections = new Map<number, LoadResult>();
      for (const connections of CONNECTIONS) {
        const result = await drive(server, target.path, target.headers, connections);
        byConnections.set(connections, result);
        const ratios =
          target.kind === 'bare'
            ? ''
            : `; ${ratio(result, results.get(ceilings.bare.title)?.get(connections))} of /healthz` +
              (target.title === ceilings[target.kind].title ? '' : `, ${ratio(result, results.get(ceilings[target.kind].title)?.get(connections))} of its ceiling`);
        line(
          `${String(connections).padStart(3)} connections`,
          `${result.perSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} / p95 ${result.p95.toFixed(1)} / p99 ${result.p99.toFixed(1)} ms, ` +
            `${result.errors} errors of ${thousands(result.requests)}, server RSS ${megabytes(result.serverRss)}, load ${result.load1.toFixed(1)}${ratios}`,
        );
      }
      results.set(target.title, byConnections);
    }
    if (others) line('others’ commits', thousands(await others.stop()));

    heading('One service page, its database work (sequential requests)');
    await databaseWork(context.databaseUrl, server, (i) => `/services/${service(i)}`, html);
  } finally {
    await others?.stop();
    await server.stop();
  }
  line('CPUs / load average (1, 5, 15 min)', `${availableParallelism()} / ${loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

const ratio = (result: LoadResult, ceiling: LoadResult | undefined) => (ceiling ? `${((100 * result.perSecond) / ceiling.perSecond).toFixed(1)} %` : 'n/a');

/**
 * Transactions and statements the database ran for N sequential service pages: pg_stat_database's
 * commits and rollbacks for the bench database, and pg_stat_statements' calls when the server loads it.
 * The server publishes an idle connection's counts within about ten seconds, so this waits for them.
 */
async function databaseWork(databaseUrl: string, server: Server, pathOf: (i: number) => string, headers: Record<string, string>) {
  const N = 50;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const statementsAvailable = await statementsCounted(client);
    const counts = async () => {
      const xacts = await client.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
      const statements = statementsAvailable
        ? await client.query<{ n: string }>('select coalesce(sum(calls), 0) as n from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())')
        : undefined;
      return { xacts: Number(xacts.rows[0]!.n), statements: statements ? Number(statements.rows[0]!.n) : undefined };
    };
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await client.query('select pg_stat_clear_snapshot()');
    const before = await counts();
    await withConnections(1, async () => {
      for (let i = 0; i < N; i++) await request(server.url, pathOf(i), headers);
    });
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await client.query('select pg_stat_clear_snapshot()');
    const after = await counts();
    // Our own two reads of the counts are in the figures too (one transaction, one or two statements each).
    const ours = 2;
    line('transactions per service page', ((after.xacts - before.xacts - ours) / N).toFixed(2));
    line(
      'statements per service page',
      after.statements !== undefined && before.statements !== undefined
        ? ((after.statements - before.statements - ours * 2) / N).toFixed(1)
        : 'n/a: the server does not load pg_stat_statements (shared_preload_libraries)',
    );
  } finally {
    await client.end();
  }
}
