import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openStore } from '../core/db/database.ts';
import { cliTargets, runCli, type CliRun } from '../../test/support/cli.ts';

const run = (env: Record<string, string>, args: string[]) => runCli(env, args);

const json = (result: CliRun) => {
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
};

const targets = () => Promise.all(cliTargets('co_share').map(async (t) => ({ name: t.name, ...(await t.setUp()) })));

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

        const store = await openStore(target.storeOptions);
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
        // --reports shares the quarterly headline figures too, with another council only.
        const reports = json(await run(target.env, ['share', '--org', 'NMC', '--with', 'WSC', '--reports']));
        assert.equal(reports.reports, true, target.name);
        assert.equal(reports.changed, true);
        const toPartner = await run(target.env, ['share', '--org', 'NMC', '--with', 'HWN', '--reports']);
        assert.equal(toPartner.code, 1);
        assert.match(toPartner.stderr, /Share the quarterly summary’s figures only with another council/);
      } finally {
        await target.tearDown();
      }
    }
  });
});
