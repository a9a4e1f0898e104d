/**
 * The embedded default as a person runs it (`npm start`): `care-oversight serve --demo` on PGlite in a data
 * folder of its own, as a process of its own. First start (the demo loaded into an empty folder), restarts on
 * the existing folder (after a clean stop, and after the process is killed outright), the server's RSS, and
 * every main page a quality officer opens, at 1 and 10 connections. Figures only: nothing is asserted.
 * See bench/README.md.
 */
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { drive, keptAnswersSaid, request, rss, SECONDS, startServer, type LoadResult, type Server } from './app-process.ts';
import type { BenchContext } from './context.ts';
import { freePort } from './database.ts';
import { heading, line, megabytes, thousands } from './measure.ts';

// Its own data folder and demo: the national demo the other benches share is not loaded for it.
export const usesNationalDemo = false;

const CONNECTIONS = [1, 10];
const RESTARTS = 3;
const OFFICER = 'quality.officer1@northmoor.example.gov.uk';
const PASSWORD = 'demo-password-2026';

/** What `npm start` loads (council), unless BENCH_EMBEDDED_SCALE or BENCH_SCALE=small asks for less. */
function embeddedScale(): string {
  const scale = process.env.BENCH_EMBEDDED_SCALE ?? (process.env.BENCH_SCALE === 'small' ? 'small' : 'council');
  if (!['small', 'council', 'region', 'national'].includes(scale)) throw new Error(`BENCH_EMBEDDED_SCALE must be small, council, region or national (it is ${scale})`);
  return scale;
}

const ms = (value: number) => `${thousands(Math.round(value))} ms`;
const load = () => loadavg()[0]!.toFixed(1);

export default async function embeddedBench(context: BenchContext): Promise<void> {
  const scale = embeddedScale();
  const dataDir = path.join(context.tmpDir, 'embedded');
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  const port = await freePort();
  const serve = (args: readonly string[] = []) => startServer(port, env, ['--demo', '--scale', scale, ...args]);
  line('data folder', `${dataDir} (PGlite), demo scale ${scale} (BENCH_EMBEDDED_SCALE), ${SECONDS} s a run (BENCH_SECONDS); ${keptAnswersSaid()}`);

  heading('Starting');
  let server: Server = await serve();
  line('first start with the demo', `${ms(server.startMs)} to the first answer, server RSS ${megabytes(rss(server.pid))}, load ${load()}`);
  const session = await signIn(server.url);
  const services = await serviceIds(server.url, session);
  line('clean stop after the demo', ms(await server.stop()));
  const restarts: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    server = await serve();
    restarts.push(server.startMs);
    line(`restart ${i + 1} (after a clean stop)`, `${ms(server.startMs)} to the first answer, server RSS ${megabytes(rss(server.pid))}, load ${load()}`);
    if (i < RESTARTS - 1) await server.stop();
  }
  const first = await timed(() => request(server.url, '/work', session));
  line('first /work after the restart', `${ms(first.ms)} (status ${first.result.status})`);
  line('server RSS idle', megabytes(rss(server.pid)));

  try {
    const service = (i: number) => `/services/${services[i % services.length]!}`;
    const targets: { title: string; path: (i: number) => string; headers: Record<string, string> }[] = [
      { title: 'GET /healthz (no database)', path: () => '/healthz', headers: {} },
      { title: 'small signed-in page', path: () => '/account/api-tokens', headers: session },
      { title: 'home', path: () => '/', headers: session },
      { title: 'work list', path: () => '/work', headers: session },
      { title: 'services list', path: () => '/services', headers: session },
      { title: `a service page (rotating over ${services.length})`, path: service, headers: session },
      { title: 'assessments', path: () => '/assessments', headers: session },
      { title: 'risk register', path: () => '/risk-register', headers: session },
      { title: 'live status', path: () => '/live-status', headers: session },
      { title: 'quarterly report', path: () => '/reports/quarterly', headers: session },
    ];
    for (const target of targets) {
      const probe = await request(server.url, target.path(0), target.headers);
      if (probe.status !== 200) throw new Error(`${target.title}: GET ${target.path(0)} answered ${probe.status}`);
      heading(`${target.title}: GET ${target.path(0)}`);
      for (const connections of CONNECTIONS) {
        const result: LoadResult = await drive(server, target.path, target.headers, connections);
        line(
          `${String(connections).padStart(3)} connection${connections === 1 ? ' ' : 's'}`,
          `${result.perSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} / p95 ${result.p95.toFixed(1)} / p99 ${result.p99.toFixed(1)} ms, ` +
            `${result.errors} errors of ${thousands(result.requests)}, server RSS ${megabytes(result.serverRss)}, load ${result.load1.toFixed(1)}`,
        );
      }
    }
  } finally {
    heading('Restart after a crash');
    // The process killed outright (kill -9): the next start replays what was written since the last checkpoint.
    await server.kill();
    server = await serve();
    line('restart after kill -9', `${ms(server.startMs)} to the first answer, server RSS ${megabytes(rss(server.pid))}, load ${load()}`);
    await server.stop();
  }
  line('restarts after a clean stop (median)', ms([...restarts].sort((a, b) => a - b)[Math.floor(restarts.length / 2)]!));
  line('CPUs / load average (1, 5, 15 min)', `${availableParallelism()} / ${loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await work();
  return { ms: performance.now() - t, result };
}

/** Signs the officer in through the sign-in form, as a browser would: the session cookie's header. */
async function signIn(baseUrl: string): Promise<Record<string, string>> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('the sign-in page has no CSRF token');
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: OFFICER, password: PASSWORD, returnTo: '' }).toString(),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('co_session='));
  if (!session) throw new Error(`signing in as ${OFFICER} answered ${response.status} without a session`);
  return { cookie: session, accept: 'text/html' };
}

/** Up to 50 services of the officer's council, from the register's pages. */
async function serviceIds(baseUrl: string, session: Record<string, string>): Promise<string[]> {
  const ids = new Set<string>();
  for (let page = 1; page <= 5 && ids.size < 50; page++) {
    const html = await (await fetch(`${baseUrl}/services?page=${page}`, { headers: session })).text();
    for (const match of html.matchAll(/href="\/services\/([0-9a-f-]{36})"/g)) ids.add(match[1]!);
  }
  if (ids.size === 0) throw new Error('the register lists no services');
  return [...ids].slice(0, 50);
}
