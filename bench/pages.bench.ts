/**
 * What each main page costs the database, by who asks: the national demo's largest council's quality
 * officer and a provider's quality lead (the demo's provider user), each page requested one after another
 * against `care-oversight serve` in a process of its own. For each page: PostgreSQL's execution time and
 * statements per request (pg_stat_statements, when the server loads it), and the page's time end to end.
 * A page whose database time runs to tens or hundreds of milliseconds at national scale is one whose cost
 * follows the size of the database rather than what its user sees. Figures only: nothing is asserted.
 */
import pg from 'pg';
import { request, startServer } from './app-process.ts';
import type { BenchContext } from './context.ts';
import { freePort, statementsCounted } from './database.ts';
import { heading, line } from './measure.ts';

const WARM = 3;
const N = 5;

const OFFICER_PAGES = [
  '/',
  '/work',
  '/services',
  '/providers',
  '/risk-register',
  '/risk-register/audit',
  '/assessments',
  '/action-plans',
  '/escalation',
  '/live-status',
  '/enter-and-view',
  '/reports/quarterly',
  '/dashboards/care-homes',
  '/returns',
  '/alerts',
];
const PROVIDER_PAGES = ['/', '/services', '/assessments', '/action-plans', '/returns', '/assurance', '/fee-bands'];

export default async function pagesBench(context: BenchContext): Promise<void> {
  if (!context.databaseUrl) {
    line('skipped', 'needs PostgreSQL (BENCH_DATABASE_URL or a throwaway server): the app runs as a process of its own');
    return;
  }
  const { data, officerEmail } = await context.national();
  const providerUser = data.users.find((u) => u.role === 'provider');
  const signIn = async (email: string) => ({ cookie: `co_session=${await context.sessionFor(email)}`, accept: 'text/html' });
  const client = new pg.Client({ connectionString: context.databaseUrl });
  await client.connect();
  const server = await startServer(await freePort(), { DATABASE_URL: context.databaseUrl }, [], 60_000);
  try {
    const statements = await statementsCounted(client);
    // pg_stat_statements counts as each statement ends, so the figures are read straight after the requests.
    const totals = async () => {
      if (!statements) return { ms: 0, calls: 0 };
      const { rows } = await client.query<{ ms: number; calls: string }>(
        'select coalesce(sum(total_exec_time), 0)::float8 as ms, coalesce(sum(calls), 0) as calls from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())',
      );
      return { ms: Number(rows[0]!.ms), calls: Number(rows[0]!.calls) };
    };
    const sweep = async (who: string, pages: readonly string[], headers: Record<string, string>) => {
      heading(`${who}: database time and statements per request (${N} requests after ${WARM})`);
      for (const page of pages) {
        for (let i = 0; i < WARM; i++) await request(server.url, page, headers);
        const before = await totals();
        const started = performance.now();
        let status = 0;
        for (let i = 0; i < N; i++) status = (await request(server.url, page, headers)).status;
        const ms = (performance.now() - started) / N;
        const after = await totals();
        // our own read of the totals is one statement
        const figures = statements
          ? `PostgreSQL ${((after.ms - before.ms) / N).toFixed(1)} ms, ${((after.calls - before.calls - 1) / N).toFixed(1)} statements`
          : 'PostgreSQL n/a (the server does not load pg_stat_statements)';
        line(page, `${status}: ${figures}, ${ms.toFixed(1)} ms a page`);
      }
    };
    await sweep(`a council's quality officer (${officerEmail})`, OFFICER_PAGES, await signIn(officerEmail));
    if (providerUser) await sweep(`a provider's quality lead (${providerUser.email})`, PROVIDER_PAGES, await signIn(providerUser.email));
    else line('provider pages', 'skipped: the demo loaded has no provider user');
  } finally {
    await server.stop();
    await client.end();
  }
}
