/**
 * The app as production runs it, for the benches that drive it from outside: `care-oversight serve` in a
 * process of its own, driven by autocannon (keep-alive connections, each sending its next request as soon
 * as the last is answered), and the server's resident memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import path from 'node:path';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(import.meta.dirname, '..');

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly serverRss: number;
  readonly load1: number;
}

export interface Server {
  readonly url: string;
  readonly pid: number;
  /** From spawning the process to its first answer to /healthz, in milliseconds. */
  readonly startMs: number;
  /** SIGTERM, and how long the process took to end (SIGKILL after 30 s), in milliseconds. */
  stop(): Promise<number>;
  /** SIGKILL: the process ends without closing anything, as in a crash. */
  kill(): Promise<void>;
}

/** Node.js options for the app's process only (`BENCH_SERVER_NODE_OPTIONS`, e.g. heap limits), not the bench's. */
export const SERVER_NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS ?? '';
/** The server's KEPT_ANSWERS, passed on from the bench's environment: 0 shows what pages cost when nothing is kept. */
export const keptAnswersSaid = (): string =>
  process.env.KEPT_ANSWERS === undefined ? 'kept answers: 500 (the default; KEPT_ANSWERS=0 reads every page afresh)' : `kept answers: ${process.env.KEPT_ANSWERS} (KEPT_ANSWERS)`;
const serverNodeOptions = (): Record<string, string> => (SERVER_NODE_OPTIONS ? { NODE_OPTIONS: SERVER_NODE_OPTIONS } : {});

/**
 * Starts `care-oversight serve ARGS` on a free port with the environment given (over a quiet, development
 * one) and waits until it answers /healthz.
 */
export async function startServer(port: number, env: Record<string, string>, args: readonly string[] = [], timeoutMs = 600_000): Promise<Server> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/care-oversight.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'error', COOKIE_SECURE: 'false', SMTP_HOST: '', ...serverNodeOptions(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app ended before it listened:\n${output}`);
    const ok = await request(url, '/healthz', {}).then((r) => r.status === 200).catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the app did not listen within ${timeoutMs / 1000} s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const startMs = performance.now() - started;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    startMs,
    async stop() {
      const t = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      return performance.now() - t;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The process's resident memory, from /proc (Linux); 0 elsewhere. */
export function rss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

let agent: http.Agent | undefined;

export function request(baseUrl: string, pathName: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(baseUrl + pathName, { headers, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Runs `work` with keep-alive connections, at most `connections` at a time. */
export async function withConnections<T>(connections: number, work: () => Promise<T>): Promise<T> {
  agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  try {
    return await work();
  } finally {
    agent.destroy();
    agent = undefined;
  }
}

/**
 * Load from autocannon: `connections` keep-alive connections, each sending its next request as soon as the
 * last is answered, for SECONDS after a short warm-up at the same concurrency (connections opened, pools
 * filled, plans cached). `pathOf(i)` names the i-th request's path, so a run can rotate over services.
 * Every response's time is kept (autocannon's own summary has no p95); a request that is not answered 200,
 * or not answered at all (an error or a timeout), counts as an error.
 */
export async function drive(server: Pick<Server, 'url' | 'pid'>, pathOf: (i: number) => string, headers: Record<string, string>, connections: number): Promise<LoadResult> {
  await cannon(server.url, pathOf, headers, connections, Math.min(1, SECONDS * 0.2));
  const latencies: number[] = [];
  let errors = 0;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss(server.pid))), 250);
  const result = await cannon(server.url, pathOf, headers, connections, SECONDS, (ms, ok) => {
    latencies.push(ms);
    if (!ok) errors++;
  });
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rss(server.pid));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const unanswered = result.errors + result.timeouts;
  const done = latencies.length + unanswered;
  return { requests: done, errors: errors + unanswered, perSecond: done / result.duration, p50: at(0.5), p95: at(0.95), p99: at(0.99), serverRss: peakRss, load1: loadavg()[0]! };
}

async function cannon(url: string, pathOf: (i: number) => string, headers: Record<string, string>, connections: number, seconds: number, record?: (ms: number, ok: boolean) => void) {
  let sent = 0;
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers,
        // a request's path is chosen as it is sent: the i-th request of the run, whichever connection sends it
        requests: [{ setupRequest: (request) => ({ ...request, path: pathOf(sent++) }) }],
      },
      (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : resolve(result)),
    );
    if (record) instance.on('response', (_client, statusCode, _bytes, responseTime) => record(responseTime, statusCode === 200));
  });
}
