import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { sql } from 'kysely';
import { exportBackup } from './backup/index.ts';
import { emptyDatabaseCounts, rowCounts } from './backup/empty.ts';
import { readCatalog } from './backup/catalog.ts';
import { today } from './core/clock.ts';
import { openStore, type Store } from './core/db/database.ts';
import { writeDirectory } from './cqc/generate-directory.ts';
import { importPath } from './cqc/import-files.ts';
import { makeCouncil, type TestUser } from '../test/support/fixtures.ts';
import { apiClient, testApp } from '../test/support/http.ts';
import { runCli, startServer, type CliRun, type RunningServer } from '../test/support/cli.ts';

/**
 * Crash safety on the embedded database: a process killed with SIGKILL in the middle of a CQC import, an
 * assessment save, a risk rating, a suspension, a restore or a demo load, at points that vary from run to
 * run. Each time the folder opens again, everything acknowledged is there, nothing half-written is, and
 * the records agree with each other; the interrupted job can simply be run again.
 */

const between = (low: number, high: number) => Math.round(low + Math.random() * (high - low));

let root: string;
/** Folders to copy: migrated and empty; with a council, its users and a service. */
let empty: string;
let withCouncil: string;
let council: Awaited<ReturnType<typeof makeCouncil>>;
let serviceId: string;
/** A CQC directory of 3,000 locations. */
let directory: string;

function copyOf(template: string, name: string): string {
  const folder = path.join(root, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  cpSync(template, folder, { recursive: true });
  return folder;
}

async function inFolder<T>(folder: string, work: (store: Store) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const store = await openStore({ dataDir: folder });
  try {
    if (options.migrate !== false) await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

const count = async (store: Store, table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(store.db)).rows[0]!.n;

/** Runs a command to completion, timing it: the span later runs are killed within. */
async function timed(env: Record<string, string>, args: string[]): Promise<{ run: CliRun; ms: number }> {
  const started = Date.now();
  const run = await runCli(env, args);
  assert.equal(run.code, 0, run.stderr);
  return { run, ms: Date.now() - started };
}

describe('crash safety: kill -9 part-way, then open the folder again', () => {
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'crash-safety-'));
    directory = path.join(root, 'directory.csv');
    await writeDirectory(directory, 3000);
    empty = path.join(root, 'empty');
    await inFolder(empty, async () => undefined);
    withCouncil = copyOf(empty, 'council');
    await inFolder(withCouncil, async (store) => {
      council = await makeCouncil(store, 'Northmoor County Council');
      serviceId = await store.asSystem(async (tx) => {
        const provider = await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Oakleaf Homes' }).returning('id').executeTakeFirstOrThrow();
        const service = await tx
          .insertInto('services')
          .values({ council_id: council.org.id, provider_id: provider.id, name: 'Oak House', category: 'care_home_older_people', postcode: 'NM1 1AA' })
          .returning('id')
          .executeTakeFirstOrThrow();
        return service.id;
      });
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a CQC import is all there or not at all', async (t: TestContext) => {
    const file = directory;
    // Killed after a varying number of rows, the last time as it commits.
    let ranAgain = false;
    for (const rowsRead of [between(1, 3) * 500, between(4, 5) * 500, 3000]) {
      const folder = copyOf(withCouncil, 'import');
      const delay = between(0, 150);
      const killed = await runCli({ DATA_DIR: folder }, ['import', 'cqc', file, '--progress'], { killWhen: new RegExp(`cqc import: ${rowsRead} rows read`), killAfterMs: delay });
      const state = await inFolder(folder, async (store) => ({
        locations: await count(store, 'cqc_locations'),
        imports: await store.db.selectFrom('cqc_imports').select(['outcome', 'rows_read', 'created']).execute(),
      }));
      t.diagnostic(`killed ${delay}ms after ${rowsRead} rows read: ${state.locations} locations`);
      if (killed.code === 0 || state.locations > 0) {
        assert.ok(state.locations > 2000);
        assert.deepEqual(state.imports, [{ outcome: 'imported', rows_read: 3000, created: state.locations }], 'all of it, with its log');
      } else {
        assert.deepEqual(state, { locations: 0, imports: [] }, 'none of it');
        if (ranAgain) continue;
        ranAgain = true;
        const again = await runCli({ DATA_DIR: folder }, ['import', 'cqc', file]);
        assert.equal(again.code, 0, again.stderr);
        assert.ok((JSON.parse(again.stdout) as { created: number }).created > 2000, 'it runs again on the reopened folder');
      }
    }
  });

  test('a demo load is all there or not at all, and can be loaded again', async (t: TestContext) => {
    const full = await timed({ DATA_DIR: copyOf(empty, 'demo') }, ['demo', '--scale', 'small']);
    const expected = JSON.parse(full.run.stdout) as Record<string, number>;
    for (let i = 0; i < 2; i++) {
      const folder = copyOf(empty, 'demo');
      const delay = between(full.ms * 0.35, full.ms);
      t.diagnostic(`killed after ${delay}ms of about ${full.ms}ms`);
      await runCli({ DATA_DIR: folder }, ['demo', '--scale', 'small'], { killAfterMs: delay });
      const loaded = await inFolder(folder, async (store) => ({
        organisations: await count(store, 'organisations'),
        users: await count(store, 'users'),
        providers: await count(store, 'providers'),
        services: await count(store, 'services'),
        contracts: await count(store, 'contracts'),
      }));
      const { organisations, users, providers, services, contracts } = expected;
      if (loaded.organisations) assert.deepEqual(loaded, { organisations, users, providers, services, contracts });
      else {
        assert.deepEqual(loaded, { organisations: 0, users: 0, providers: 0, services: 0, contracts: 0 });
        assert.equal((await runCli({ DATA_DIR: folder }, ['demo', '--scale', 'small'])).code, 0, 'loads again');
      }
    }
  });

  test('a restore either completed or left an empty database that can be restored again', async (t: TestContext) => {
    const file = path.join(root, 'backup.jsonl.gz');
    const source = copyOf(withCouncil, 'source');
    const upTo = await inFolder(source, async (store) => {
      await importPath(store, directory, { keepGoodRows: false, today: '2026-03-31' });
      await exportBackup(store, { file });
      return (await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(store.db)).rows[0]!.name;
    });
    const complete = await inFolder(source, (store) => store.db.transaction().execute(async (tx) => rowCounts(tx, await readCatalog(tx))));
    const state = (folder: string) =>
      inFolder(
        folder,
        async (store) => {
          const migrated = (await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(store.db)).rows[0]!.found;
          if (!migrated) return 'untouched';
          const counts = await store.db.transaction().execute(async (tx) => rowCounts(tx, await readCatalog(tx)));
          if ([...counts].every(([table, n]) => n === complete.get(table))) return 'complete';
          assert.deepEqual(counts, await emptyDatabaseCounts(upTo), 'neither complete nor empty');
          return 'empty';
        },
        { migrate: false },
      );

    // Once as it loads (progress shows once it has run a second), then earlier: while it makes the new folder
    // a database, or migrates it.
    let loadingAfter = 0;
    for (const i of [0, 1]) {
      const folder = path.join(root, `restore-${i}`);
      const kill = i === 0 ? { killWhen: /^restore: /m, killAfterMs: between(0, 150) } : { killAfterMs: between(loadingAfter * 0.3, loadingAfter * 0.9) };
      const started = Date.now();
      await runCli({ DATA_DIR: folder }, ['restore', file], kill);
      if (i === 0) loadingAfter = Date.now() - started;
      const found = await state(folder);
      t.diagnostic(`killed ${kill.killWhen ? 'loading' : 'early'}, after ${kill.killAfterMs}ms: ${found}`);
      if (found !== 'complete') {
        const again = await runCli({ DATA_DIR: folder }, ['restore', file]);
        assert.equal(again.code, 0, again.stderr);
        assert.equal(await state(folder), 'complete');
      }
    }
  });

  test('assessment saves, risk ratings and suspensions on a server killed part-way: every acknowledged write is there, none half-written, statuses agree', async (t: TestContext) => {
    for (let i = 0; i < 2; i++) {
      const folder = copyOf(withCouncil, 'server');
      const server = await startServer({ DATA_DIR: folder });
      const written = await writeUntilKilled(server, council.officer, council.commissioner, between(400, 1600), t);
      await inFolder(folder, async (store) => {
        // Answers: all saved by one request or all by the next, never a mixture.
        const answers = await store.db.selectFrom('assessment_answers').select('answer').where('assessment_id', '=', written.assessmentId).execute();
        const values = new Set(answers.map((a) => a.answer));
        if (written.answers.acknowledged === 0) assert.ok(answers.length === 0 || values.size === 1);
        else {
          assert.equal(values.size, 1, 'every answer from the same save');
          assert.equal(answers.length, written.questions);
          assert.ok(([answerFor(written.answers.acknowledged), answerFor(written.answers.acknowledged + 1)] as string[]).includes([...values][0]!));
        }

        // Risk ratings: each acknowledged one, at most the one in flight besides, each with its audit row.
        const ratings = await store.db.selectFrom('risk_ratings').select(['id', 'rationale']).where('service_id', '=', serviceId).execute();
        const rounds = ratings.map((r) => Number(r.rationale.replace('Round ', ''))).sort((x, y) => x - y);
        for (const k of written.ratings) assert.ok(rounds.includes(k), `rating ${k} was acknowledged`);
        assert.ok(rounds.length - written.ratings.length <= 1);
        for (const rating of ratings) {
          const audit = await store.db.selectFrom('audit_events').select('action').where('table_name', '=', 'risk_ratings').where('record_id', '=', rating.id).execute();
          assert.deepEqual(audit, [{ action: 'insert' }], 'a rating and its audit row commit together');
        }

        // Suspensions: each acknowledged start and lift is there, and every suspension's events say the same.
        const suspensions = await store.db.selectFrom('suspensions').select(['id', 'status', 'lifted_on']).where('service_id', '=', serviceId).execute();
        for (const s of written.suspensions) {
          const found = suspensions.find((x) => x.id === s.id);
          assert.ok(found, 'an acknowledged suspension');
          if (s.lifted) assert.equal(found.status, 'lifted');
        }
        for (const s of suspensions) {
          const events = (await store.db.selectFrom('suspension_events').select('kind').where('suspension_id', '=', s.id).execute()).map((e) => e.kind).sort();
          assert.deepEqual(events, s.status === 'lifted' ? ['lifted', 'started'] : ['started']);
        }
        const active = suspensions.filter((s) => s.status === 'active').length;
        assert.ok(active <= 1);

        // The product's answer agrees: the service's live status follows its suspensions.
        const { app } = await testApp(store);
        try {
          const service = (await apiClient(app, council.officer.apiToken).get(`/api/v1/services/${serviceId}`)).json<{ status: string }>();
          assert.equal(service.status, active ? 'suspended' : 'no_known_concerns');
        } finally {
          await app.close();
        }
      });
    }
  });
});

const ANSWERS = ['met', 'partly_met', 'not_met'] as const;
const answerFor = (round: number) => ANSWERS[round % ANSWERS.length]!;

/**
 * Three people at work on one service (answers saved again and again, risk rated again and again, the
 * service suspended and lifted) until the server is killed `afterMs` in.
 */
async function writeUntilKilled(server: RunningServer, officer: TestUser, commissioner: TestUser, afterMs: number, t: TestContext) {
  const call = async (user: TestUser, method: string, url: string, body: unknown) => {
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${user.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const frameworks = (await (await fetch(`${server.url}/api/v1/frameworks`, { headers: { authorization: `Bearer ${officer.apiToken}` } })).json()) as {
    items: { id: string; scoring: string; domains: { questions: { id: string }[] }[] }[];
  };
  const framework = frameworks.items.find((f) => f.scoring === 'percentage')!;
  const questions = framework.domains.flatMap((d) => d.questions.map((q) => q.id));
  const created = await call(officer, 'POST', '/api/v1/assessments', { serviceId, frameworkId: framework.id, kind: 'full' });
  assert.equal(created.status, 201);
  const assessmentId = String(created.json.id);

  const written = { assessmentId, questions: questions.length, answers: { acknowledged: 0 }, ratings: [] as number[], suspensions: [] as { id: string; lifted: boolean }[] };
  let killed = false;
  const loop = async (work: (round: number) => Promise<void>) => {
    for (let round = 1; !killed; round++) {
      try {
        await work(round);
      } catch {
        return; // the server is gone
      }
    }
  };
  const date = today();
  const score = (round: number) => (round % 5) + 1;
  const loops = Promise.all([
    loop(async (round) => {
      const saved = await call(officer, 'PUT', `/api/v1/assessments/${assessmentId}/answers`, { answers: questions.map((questionId) => ({ questionId, answer: answerFor(round) })) });
      if (saved.status === 200) written.answers.acknowledged = round;
    }),
    loop(async (round) => {
      const scores = Object.fromEntries(['cqc_rating', 'other_sources', 'safeguarding', 'complaints', 'financial_viability', 'complexity', 'officer_intelligence'].map((area) => [area, score(round)]));
      const rated = await call(officer, 'PUT', `/api/v1/services/${serviceId}/risk`, { scores, rationale: `Round ${round}` });
      if (rated.status === 200) written.ratings.push(round);
    }),
    loop(async (round) => {
      const started = await call(commissioner, 'POST', `/api/v1/services/${serviceId}/suspensions`, { scope: 'full', reason: `Start ${round}`, startsOn: date });
      if (started.status !== 201) return;
      const suspension = { id: String(started.json.id), lifted: false };
      written.suspensions.push(suspension);
      const lifted = await call(commissioner, 'POST', `/api/v1/suspensions/${suspension.id}/lift`, { liftedOn: date, evidence: `Lift ${round}`, partial: false });
      if (lifted.status === 200) suspension.lifted = true;
    }),
  ]);
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  killed = true;
  await server.kill();
  await loops;
  t.diagnostic(`killed after ${afterMs}ms: ${written.answers.acknowledged} saves, ${written.ratings.length} ratings, ${written.suspensions.length} suspensions acknowledged`);
  assert.ok(written.answers.acknowledged + written.ratings.length + written.suspensions.length > 0, 'the server was at work when it was killed');
  return written;
}
