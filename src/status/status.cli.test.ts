import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../core/db/database.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command, as the system operator would. */
function run(env: Record<string, string>, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/care-oversight.js'), ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const json = (result: Run) => {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
};

async function targets() {
  const list: { name: string; env: Record<string, string>; options: Parameters<typeof openStore>[0]; tearDown(): Promise<void> }[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'care-oversight-share-'));
  list.push({ name: 'PGlite', env: { DATA_DIR: dir }, options: { dataDir: dir }, tearDown: async () => rmSync(dir, { recursive: true, force: true }) });
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `co_share_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    list.push({
      name: 'PostgreSQL',
      env: { DATABASE_URL: url.toString() },
      options: { databaseUrl: url.toString(), poolSize: 2 },
      async tearDown() {
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    });
  }
  return list;
}

describe('care-oversight share', () => {
  test('usage mistakes exit 2 before any database is opened', async () => {
    const env = { DATA_DIR: path.join(tmpdir(), `never-created-${randomBytes(4).toString('hex')}`) };
    const missing = await run(env, ['share', '--org', 'NMC']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'care-oversight: --with is required');
  });

  test('shares, repeats harmlessly, refuses providers and unknown codes, revokes, on PGlite and PostgreSQL', async () => {
    for (const target of await targets()) {
      try {
        for (const [code, kind] of [
          ['NMC', 'council'],
          ['WSC', 'council'],
          ['HWN', 'partner'],
          ['OAK', 'provider'],
        ] as const) {
          json(await run(target.env, ['org', 'add', '--code', code, '--name', `${code} organisation`, '--kind', kind]));
        }
        const shared = json(await run(target.env, ['share', '--org', 'NMC', '--with', 'WSC']));
        assert.deepEqual({ ...shared, id: undefined }, { id: undefined, org: 'NMC', with: 'WSC', liveStatus: true, alerts: true, enterAndView: false, changed: true }, target.name);
        const again = json(await run(target.env, ['share', '--org', 'NMC', '--with', 'WSC']));
        assert.equal(again.id, shared.id, 'the same agreement');
        assert.equal(again.changed, false);
        json(await run(target.env, ['share', '--org', 'NMC', '--with', 'HWN', '--enter-and-view']));
        const provider = await run(target.env, ['share', '--org', 'NMC', '--with', 'OAK']);
        assert.equal(provider.code, 1);
        assert.equal(provider.stderr.trim(), 'care-oversight: --with: OAK is not another council or a partner');
        const notCouncil = await run(target.env, ['share', '--org', 'HWN', '--with', 'NMC']);
        assert.equal(notCouncil.code, 1);
        assert.match(notCouncil.stderr, /--org: HWN is not a council/);
        const unknown = await run(target.env, ['share', '--org', 'NMC', '--with', 'NOPE']);
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /--with: No organisation has the code NOPE/);
        assert.equal(json(await run(target.env, ['share', '--org', 'NMC', '--with', 'WSC', '--revoke'])).revoked, true);
        const twice = await run(target.env, ['share', '--org', 'NMC', '--with', 'WSC', '--revoke']);
        assert.equal(twice.code, 1);
        assert.match(twice.stderr, /--with: NMC does not share with WSC/);

        const store = await openStore(target.options);
        const rows = await store.asSystem((tx) =>
          tx
            .selectFrom('sharing_agreements as a')
            .innerJoin('organisations as o', 'o.id', 'a.with_org_id')
            .select(['o.code', 'a.live_status', 'a.alerts', 'a.enter_and_view', 'a.revoked_at'])
            .orderBy('a.created_at')
            .execute(),
        );
        await store.close();
        assert.deepEqual(
          rows.map((r) => [r.code, r.live_status, r.alerts, r.enter_and_view, r.revoked_at !== null]),
          [
            ['WSC', true, true, false, true],
            ['HWN', true, true, true, false],
          ],
          target.name,
        );
      } finally {
        await target.tearDown();
      }
    }
  });
});
