import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliTargets, freePort, runCli, startServer, type CliRun, type RunningServer } from '../../../test/support/cli.ts';
import { openStore } from './database.ts';

/**
 * One owner of a PGlite data folder (pglite-folder.ts): a second process, command or server, is refused at
 * once and writes nothing; the owner's death, even by kill -9, frees the folder, with every write it
 * acknowledged still there. PostgreSQL is unaffected: many processes on one database is how it is used.
 */

function jsonLine(run: CliRun): Record<string, unknown> {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as Record<string, unknown>;
}

/** Refused: exit 1, nothing on stdout, one line on stderr naming the process that holds the folder. */
function assertRefusedBy(run: CliRun, dir: string, holder: { pid: number; port: number }) {
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    new RegExp(
      `^care-oversight: the data folder ${dir} is held by process ${holder.pid} \\(care-oversight serve --port ${holder.port}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\): ` +
        `stop it first, or do this on the running server's pages or API \\(README: "While the server is running"\\)$`,
    ),
  );
  assert.equal(run.code, 1);
}

const api = async (server: RunningServer, token: string, method: string, url: string, body?: unknown) => {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

describe('one owner of a PGlite data folder', () => {
  let dir: string;
  let env: Record<string, string>;
  let token: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pglite-folder-'));
    env = { DATA_DIR: dir };
    jsonLine(await runCli(env, ['org', 'add', '--code', 'NMC', '--name', 'Northmoor County Council', '--kind', 'council']));
    token = String(jsonLine(await runCli(env, ['user', 'add', '--email', 'ann@northmoor.gov.uk', '--name', 'Ann Lee', '--org', 'NMC', '--role', 'admin'])).apiToken);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('while a server runs, commands and a second server are refused in one line and change nothing; after kill -9 the next owner has every acknowledged write', async () => {
    let server = await startServer(env);
    const port = Number(new URL(server.url).port);
    const holder = { pid: server.pid, port };
    const refusedCommands = [
      ['user', 'add', '--email', 'new@northmoor.gov.uk', '--name', 'New', '--org', 'NMC', '--role', 'officer'],
      ['org', 'add', '--code', 'SMC', '--name', 'Southmoor', '--kind', 'council'],
      ['import', 'cqc', 'test/data/cqc/api-location-2025.json'],
      ['migrate'],
      ['export', path.join(tmpdir(), `never-written-${process.pid}.jsonl.gz`)],
    ];
    for (const args of refusedCommands) assertRefusedBy(await runCli(env, args), dir, holder);
    assertRefusedBy(await runCli(env, ['serve', '--port', String(await freePort())]), dir, holder);

    // The server was never disturbed, and what it acknowledges is committed.
    assert.equal((await api(server, token, 'GET', '/api/v1/me')).status, 200);
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await api(server, token, 'POST', '/api/v1/providers', { name: `Acknowledged ${i}` });
      assert.equal(created.status, 201);
      acknowledged.push(String(created.json.id));
    }
    await server.kill();

    // Two processes race for the dead owner's folder: the kernel gives it to exactly one.
    const racing = await Promise.allSettled([startServer(env), startServer(env)]);
    const winners = racing.filter((r): r is PromiseFulfilledResult<RunningServer> => r.status === 'fulfilled');
    assert.equal(winners.length, 1, 'one server holds the folder');
    server = winners[0]!.value;
    const loser = racing.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assertRefusedBy((loser.reason as { run: CliRun }).run, dir, { pid: server.pid, port: Number(new URL(server.url).port) });
    for (const id of acknowledged) assert.equal((await api(server, token, 'GET', `/api/v1/providers/${id}`)).status, 200, 'every acknowledged write survived kill -9');
    assert.equal((await server.stop()).code, 0);

    const store = await openStore({ dataDir: dir });
    try {
      const users = await store.db.selectFrom('users').select('email').execute();
      assert.deepEqual(users.map((u) => u.email), ['ann@northmoor.gov.uk'], 'the refused commands wrote nothing');
      assert.deepEqual((await store.db.selectFrom('organisations').select('code').execute()).map((o) => o.code), ['NMC']);
      assert.equal((await store.db.selectFrom('providers').select('id').execute()).length, acknowledged.length);
    } finally {
      await store.close();
    }
  });

  test('an owner file left by a dead process, or naming a live process that holds nothing (a reused pid), does not hold the folder', async () => {
    for (const pid of [process.pid, 2 ** 22 + 17]) {
      writeFileSync(path.join(dir, 'care-oversight.owner.json'), JSON.stringify({ pid, command: 'care-oversight serve', since: '2026-01-01T00:00:00.000Z', host: 'elsewhere' }));
      const run = await runCli(env, ['migrate']);
      assert.equal(run.code, 0, run.stderr);
    }
  });
});

describe('a new data folder', () => {
  test('whose first opening was interrupted (PGlite writes its first files one by one) is made a database again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pglite-first-'));
    try {
      // What a process killed while PGlite wrote a new database's files leaves behind.
      writeFileSync(path.join(dir, 'care-oversight.initialising'), '');
      writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
      mkdirSync(path.join(dir, 'base', '1'), { recursive: true });
      writeFileSync(path.join(dir, 'base', '1', '1259'), 'half a catalog');
      const store = await openStore({ dataDir: dir });
      try {
        await store.migrate();
        assert.equal((await store.db.selectFrom('organisations').select('id').execute()).length, 0);
      } finally {
        await store.close();
      }
      assert.equal(existsSync(path.join(dir, 'care-oversight.initialising')), false);
      assert.ok(readdirSync(path.join(dir, 'base')).length > 1, 'a whole database');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const target of cliTargets('co_owner').filter((t) => t.name.startsWith('PostgreSQL'))) {
  describe('PostgreSQL: many processes on one database, as ever', () => {
    test('a command writes while the server runs, and the server sees it at once', async () => {
      const database = await target.setUp();
      try {
        jsonLine(await runCli(database.env, ['org', 'add', '--code', 'NMC', '--name', 'Northmoor', '--kind', 'council']));
        const server = await startServer(database.env);
        try {
          const added = jsonLine(await runCli(database.env, ['user', 'add', '--email', 'new@northmoor.gov.uk', '--name', 'New', '--org', 'NMC', '--role', 'officer']));
          assert.equal((await api(server, String(added.apiToken), 'GET', '/api/v1/me')).status, 200);
        } finally {
          await server.stop();
        }
      } finally {
        await database.tearDown();
      }
    });
  });
}
