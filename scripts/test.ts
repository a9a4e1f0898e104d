/**
 * Runs the whole suite: unit, database (PGlite and PostgreSQL), HTTP and browser tests.
 * PostgreSQL: TEST_DATABASE_URL if set; otherwise a throwaway server is started when the machine has one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropPostgresDatabase, makePostgresTemplate, writePgliteTemplate } from '../test/support/databases.ts';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (/\.(test|spec)\.ts$/.test(name)) out.push(path.relative(root, full));
  }
  return out;
}

const files = (only.length ? only : [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'e2e'))]).sort();

let stopServer: (() => void) | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
if (!env.TEST_DATABASE_URL) {
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'care-oversight-pg-'));
    const port = String(56000 + Math.floor(Math.random() * 2000));
    env.TEST_DATABASE_URL = execFileSync(path.join(root, 'scripts/throwaway-postgres.sh'), [dir, port], { encoding: 'utf8' }).trim();
    stopServer = () => spawnSync('bash', ['-c', `pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); if [ "$(id -u)" = 0 ]; then runuser -u postgres -- $pg/pg_ctl -D ${dir}/data -m immediate stop; else $pg/pg_ctl -D ${dir}/data -m immediate stop; fi; rm -rf ${dir}`], { stdio: 'ignore' });
    console.log(`PostgreSQL: throwaway server at ${env.TEST_DATABASE_URL}`);
  } catch {
    console.log('PostgreSQL: no server found (set TEST_DATABASE_URL or install postgresql); database tests run on PGlite only');
  }
} else {
  console.log(`PostgreSQL: ${env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
}

// Every test opens a fresh database; each is a copy of one migrated here, once, instead of migrating anew.
const templates = mkdtempSync(path.join(tmpdir(), 'care-oversight-templates-'));
env.TEST_PGLITE_TEMPLATE = path.join(templates, 'pglite.tar');
await writePgliteTemplate(env.TEST_PGLITE_TEMPLATE);
if (env.TEST_DATABASE_URL) env.TEST_POSTGRES_TEMPLATE = await makePostgresTemplate(env.TEST_DATABASE_URL);

const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (env.TEST_DATABASE_URL && env.TEST_POSTGRES_TEMPLATE) await dropPostgresDatabase(env.TEST_DATABASE_URL, env.TEST_POSTGRES_TEMPLATE).catch(() => undefined);
rmSync(templates, { recursive: true, force: true });
stopServer?.();
process.exit(result.status ?? 1);
