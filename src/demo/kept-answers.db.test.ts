import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Actor, Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { testApp } from '../../test/support/http.ts';
import { tablesRead, versionedTables } from '../../test/support/tables-read.ts';
import { parseServiceListQuery } from '../providers/services.search.ts';
import type { SearchInput } from '../status/status.schemas.ts';
import { loadDemo } from './demo.ts';

/**
 * Answers kept by version (the service page and document until their service changes; the work list, what plans
 * and visits make due, the risk register and the services list until one of the council's services changes; a Live
 * Status List search until one of the councils its searcher sees changes) are stale the moment a table they read
 * changes without moving a version. On the council demo, for every one of its users, this reads
 * which tables each answer scans and fails on any that moves no service's version and no shared one (a trigger
 * calling a service_versions_ function, docs/architecture.md): a panel or list that comes to read a new table
 * fails here until the table has one. PostgreSQL only: it counts each table's scans in the transaction.
 */
for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`what answers kept by version read (${database.name})`, () => {
    let store: Store;
    let services: Awaited<ReturnType<typeof testApp>>['services'];
    let close: () => Promise<unknown>;
    let people: Actor[];
    let versioned: Set<string>;
    // the versions themselves
    const needNone = new Set(['service_versions', 'shared_versions', 'council_versions']);

    before(async () => {
      store = await database.open();
      await loadDemo(store, 'council');
      const app = await testApp(store);
      services = app.services;
      close = () => app.app.close();
      versioned = await versionedTables(store);
      people = await store.asSystem(async (tx) =>
        (await sql<{ userId: string; orgId: string; role: Actor['role']; name: string }>`select u.id as "userId", u.org_id as "orgId", u.role, u.name from users u where u.active order by u.email`.execute(tx)).rows.map(
          (r) => ({ ...r }) as Actor,
        ),
      );
    });
    after(async () => {
      await close();
      await store.close();
    });

    /** Reads each answer for each person; fails on the tables read that move no version. */
    async function check(answers: [what: string, read: (actor: Actor) => Promise<unknown>][], expected: string[]) {
      const read = new Map<string, Set<string>>();
      for (const actor of people) {
        for (const [what, answer] of answers) {
          for (const table of await tablesRead(store, actor, () => answer(actor))) (read.get(table) ?? read.set(table, new Set()).get(table)!).add(`${what} as ${actor.role}`);
        }
      }
      for (const table of expected) assert.ok(read.has(table), `${table} was read: the answers had something to show (${[...read.keys()].sort().join(', ')})`);
      const uncovered = [...read.keys()].filter((table) => !versioned.has(table) && !needNone.has(table)).sort();
      assert.deepEqual(uncovered, [], `tables read that move no version: ${uncovered.map((t) => `${t} (${[...read.get(t)!].join(', ')})`).join('; ')}`);
    }

    test('the service page and document, for every user, of services with records of every kind', async () => {
      const ids = await store.asSystem(async (tx) =>
        (
          await sql<{ id: string }>`
            select distinct id from (
              (select service_id as id from service_status where against limit 3)
              union all (select service_id from action_plans limit 3)
              union all (select service_id from contracts limit 3)
              union all (select r.service_id from risk_rating_approvals a join risk_ratings r on r.id = a.rating_id limit 3)
              union all (select a.service_id from assessment_comments c join assessments a on a.id = c.assessment_id limit 3)
              union all (select s.id from services s join providers p on p.id = s.provider_id where p.org_id is not null limit 3)
              union all (select service_id from visits limit 3)
              union all (select service_id from returns limit 3)
            ) x`.execute(tx)
        ).rows.map((r) => r.id),
      );
      await check(
        ids.flatMap((id) => [
          ['the page', (actor: Actor) => services.services.page(actor, id)] as [string, (actor: Actor) => Promise<unknown>],
          ['the document', (actor: Actor) => services.services.detail(actor, id)] as [string, (actor: Actor) => Promise<unknown>],
        ]),
        ['services', 'risk_ratings', 'service_status', 'action_plans', 'contracts', 'assessments', 'cqc_ratings', 'visits', 'returns', 'suspensions'],
      );
    });

    test('the work list, what plans and visits make due, the risk register, the services list and the escalation overview, for every user', async () => {
      await check(
        [
          ['the services list', (actor) => services.services.list(actor, parseServiceListQuery({}))],
          ['the services list by last change', (actor) => services.services.list(actor, parseServiceListQuery({ sort: 'updatedAt', q: 'house' }))],
          ['the work list', (actor) => services.riskWorkList.workList(actor)],
          ['what is due (mine)', (actor) => services.plansAndVisitsDue.due(actor, 'mine')],
          ['what is due (all)', (actor) => services.plansAndVisitsDue.due(actor, 'all')],
          ['the risk register', (actor) => services.riskRegister.register(actor, {})],
          ['the risk register by officer', (actor) => services.riskRegister.register(actor, { sort: 'officer', order: 'asc' })],
          ['the risk register, unrated', (actor) => services.riskRegister.register(actor, { band: 'unrated' })],
          ['the escalation overview', (actor) => services.escalation.overview(actor)],
        ],
        ['services', 'providers', 'risk_ratings', 'action_plans', 'actions', 'visits', 'assessments', 'users', 'concerns_cases', 'suspensions'],
      );
    });

    test('Live Status List searches, for every user who may search', async () => {
      const search = (input: SearchInput) => (actor: Actor) => services.liveStatus.search(actor, input);
      await check(
        [
          ['the first view (concerns only)', search({ concernsOnly: true })],
          ['a search by name', search({ q: 'house' })],
          ['a search by postcode', search({ postcode: 'N' })],
          ['a page of five', search({ limit: 5 })],
        ],
        ['services', 'providers', 'organisations', 'service_status', 'cqc_ratings', 'sharing_agreements'],
      );
    });
  });
}
