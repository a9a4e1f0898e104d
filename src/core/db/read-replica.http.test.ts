import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { after, before, describe, test } from 'node:test';
import { apiClient, testApp } from '../../../test/support/http.ts';
import { addCqcRating, makeStatusWorld, share, type StatusWorld } from '../../../test/support/status-world.ts';
import { paths, withQuery } from '../http/paths.ts';
import { openStore, type Store } from './database.ts';

/**
 * DATABASE_READ_URL against a real streaming replica: a primary and a hot standby that this test starts with
 * PostgreSQL's own tools (scripts/throwaway-replica.sh: initdb, pg_basebackup -R). The reads that may lag
 * (Store.lagging: the Live Status List, reports, dashboards, their exports) go to the replica, with the same
 * row-level security; everything else, the service page among them, reads the primary. Pausing the standby's
 * replay shows which is which: a suspension just recorded is on the service page at once and reaches the list
 * when replay resumes.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const pair = startPair();

describe('reads that may lag go to a streaming replica (DATABASE_READ_URL)', { skip: pair ? false : 'needs the PostgreSQL server binaries (apt-get install postgresql)' }, () => {
  let store: Store;
  let app: FastifyInstance;
  let w: StatusWorld;
  let replicaAdmin: pg.Client;

  before(async () => {
    store = await openStore({ databaseUrl: pair!.primary, readUrl: pair!.replica });
    await store.migrate();
    ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
    w = await makeStatusWorld(store);
    await share(store, w.north.org.id, w.west.org.id);
    await addCqcRating(store, '1-100000001', 'good', '2025-06-01');
    replicaAdmin = new pg.Client({ connectionString: pair!.replica });
    await replicaAdmin.connect();
    await caughtUp();
  });
  after(async () => {
    await replicaAdmin?.end();
    await app?.close();
    await store?.close();
    pair?.stop();
  });

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp() {
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(store.db);
    for (let i = 0; i < 600; i++) {
      const replayed = await replicaAdmin.query<{ done: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [rows[0]!.lsn]);
      if (replayed.rows[0]!.done) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not catch up within 30 seconds');
  }
  async function pauseReplay() {
    await replicaAdmin.query('select pg_wal_replay_pause()');
    for (let i = 0; i < 600; i++) {
      if ((await replicaAdmin.query<{ state: string }>('select pg_get_wal_replay_pause_state() as state')).rows[0]!.state === 'paused') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('replay did not pause');
  }
  const liveStatus = async (token: string, query: Record<string, string>) => {
    const response = await apiClient(app, token).get(withQuery(paths.status.api, query));
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { items: { serviceId: string; name: string; status: string }[] }).items;
  };

  test('lagging reads run on the replica and cannot write; the request\'s own reads and writes run on the primary', async () => {
    assert.equal(store.lagging.onReplica, true);
    const where = async (run: typeof store.asUser) => run(w.north.placer.actor, async (tx) => (await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(tx)).rows[0]!.standby);
    assert.equal(await where(store.lagging.asUser), true, 'the replica');
    assert.equal(await where(store.asUser), false, 'the primary');
    await assert.rejects(
      store.lagging.asSystem((tx) => sql`update organisations set name = name`.execute(tx)),
      /read-only transaction/,
    );
  });

  test('row-level security holds on the replica: a council sees what it is shared, and no more', async () => {
    assert.deepEqual((await liveStatus(w.north.placer.apiToken, { q: 'oak' })).map((i) => i.name), ['Oak House', 'Oak Lodge', 'Oakleaf Court']);
    assert.deepEqual((await liveStatus(w.west.placer.apiToken, { cqcLocationId: '1-100000001' })).map((i) => i.name), ['Oak House'], 'shared with West');
    assert.deepEqual(await liveStatus(w.east.placer.apiToken, { q: 'oak' }), [], 'not shared with East');
    const counted = await store.lagging.asUser(w.east.placer.actor, (tx) => tx.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('n')).where('council_id', '=', w.north.org.id).executeTakeFirstOrThrow());
    assert.equal(Number(counted.n), 0, 'East reads none of North\'s services on the replica, even asking for them by council');
  });

  test('while replay is paused the list lags and the service page does not; once replayed, both agree', async () => {
    const commissioner = apiClient(app, w.north.commissioner.apiToken);
    await pauseReplay();
    try {
      const created = await commissioner.post(paths.escalation.api.serviceSuspensions(w.oakHouseId), { scope: 'full', reason: 'Falls', startsOn: '2026-01-05' });
      assert.equal(created.statusCode, 201, created.body);
      const service = await commissioner.get(paths.api.service(w.oakHouseId));
      assert.equal((service.json() as { status: string }).status, 'suspended', 'the service page reads the primary');
      const [listed] = await liveStatus(w.west.placer.apiToken, { cqcLocationId: '1-100000001' });
      assert.equal(listed!.status, 'no_known_concerns', 'the list still shows what the replica has replayed');
    } finally {
      await replicaAdmin.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    const [listed] = await liveStatus(w.west.placer.apiToken, { cqcLocationId: '1-100000001' });
    assert.equal(listed!.status, 'suspended');
  });
});

/** A primary and its hot standby, or undefined when this machine has no PostgreSQL server binaries. */
function startPair(): { primary: string; replica: string; stop(): void } | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'care-oversight-replica-'));
  const port = 57000 + Math.floor(Math.random() * 1500);
  let urls: string[];
  try {
    urls = execFileSync(path.join(root, 'scripts/throwaway-replica.sh'), [dir, String(port), String(port + 1)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (/no PostgreSQL server binaries/.test(String((error as { stderr?: string }).stderr))) return undefined;
    throw error;
  }
  return {
    primary: urls[0]!,
    replica: urls[1]!,
    stop() {
      for (const data of ['replica', 'primary']) {
        spawnSync('bash', ['-c', `pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); if [ "$(id -u)" = 0 ]; then runuser -u postgres -- $pg/pg_ctl -D ${dir}/${data} -m immediate stop; else $pg/pg_ctl -D ${dir}/${data} -m immediate stop; fi`], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
