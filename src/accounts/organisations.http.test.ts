import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';

for (const database of testDatabases()) {
  describe(`organisation administration pages (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    const admin = async (council = a) => {
      const client = new PageClient(app);
      await client.signIn(council.admin.email, council.admin.password);
      return client;
    };
    const countOrganisations = () => store.asSystem((tx) => tx.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).then((r) => Number(r.n));

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      a = await makeCouncil(store, 'Northmoor County Council');
      b = await makeCouncil(store, 'Southfen District Council');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('lists every organisation with its code, kind and who manages it', async () => {
      const managed = await makeOrganisation(store, 'partner', { name: 'Healthwatch Northmoor', managedBy: a.org.id });
      const client = await admin();
      const page = await client.get(paths.admin.organisations);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<title>Organisations – Care Oversight/);
      for (const text of [a.org.code, 'Southfen District Council', 'Healthwatch Northmoor', 'Partner organisation', 'Council']) assert.ok(page.body.includes(text), text);
      assert.ok(page.body.includes(paths.admin.editOrganisation(managed.id)), 'its own managed organisation can be renamed');
      assert.ok(!page.body.includes(paths.admin.editOrganisation(b.org.id)), 'another council cannot');
      const other = await (await admin(b)).get(paths.admin.organisations);
      assert.ok(other.body.includes('Healthwatch Northmoor') && !other.body.includes(paths.admin.editOrganisation(managed.id)));
    });

    test('adds a provider organisation that the council then manages', async () => {
      const client = await admin();
      const form = await client.get(paths.admin.newOrganisation);
      assert.match(form.body, /Add an organisation/);
      const response = await client.post(paths.admin.newOrganisation, { name: 'Oakleaf Care Ltd', code: 'oakleaf', kind: 'provider' });
      assert.equal(response.statusCode, 303);
      const row = await store.asSystem((tx) => tx.selectFrom('organisations').selectAll().where('code', '=', 'OAKLEAF').executeTakeFirstOrThrow());
      assert.equal(row.managed_by_org_id, a.org.id);
      assert.equal(row.kind, 'provider');
      assert.equal(response.headers.location, `${paths.admin.organisations}?added=${row.id}`);
      const list = await client.get(response.headers.location);
      assert.match(list.body, /Oakleaf Care Ltd \(OAKLEAF\) added/);
    });

    test('errors: every field explained, values kept, nothing stored', async () => {
      const client = await admin();
      const before = await countOrganisations();
      const empty = await client.post(paths.admin.newOrganisation, { name: '', code: '', kind: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /<title>Error: Add an organisation/);
      assert.match(empty.body, /govuk-error-summary/);
      for (const [href, message] of [['#name', 'Enter the organisation name'], ['#code', 'Enter a code'], ['#kind', 'Select the kind of organisation']] as const) {
        assert.ok(empty.body.includes(`href="${href}"`), href);
        assert.ok(empty.body.includes(message), message);
      }
      assert.ok(empty.body.indexOf('govuk-error-summary') < empty.body.indexOf('<h1'), 'the summary comes before the heading');
      assert.ok(empty.body.indexOf('<main') < empty.body.indexOf('govuk-error-summary'), 'the summary is inside main');

      const duplicate = await client.post(paths.admin.newOrganisation, { name: 'Second Southfen', code: b.org.code.toLowerCase(), kind: 'partner' });
      assert.equal(duplicate.statusCode, 400);
      assert.ok(duplicate.body.includes(`An organisation with code ${b.org.code} already exists`));
      assert.match(duplicate.body, /value="Second Southfen"/);
      assert.match(duplicate.body, /value="partner" checked/);

      const badCode = await client.post(paths.admin.newOrganisation, { name: 'Bad', code: 'no spaces!', kind: 'provider' });
      assert.match(badCode.body, /Code must be 2 to 32 capital letters/);

      const council = await client.post(paths.admin.newOrganisation, { name: 'Forged Council', code: 'FORGED', kind: 'council' });
      assert.equal(council.statusCode, 400);
      assert.match(council.body, /councils are added by the system operator/);
      assert.equal(await countOrganisations(), before);
    });

    test('renames an organisation the council manages', async () => {
      const managed = await makeOrganisation(store, 'provider', { name: 'Willow Homes', managedBy: a.org.id });
      const client = await admin();
      const form = await client.get(paths.admin.editOrganisation(managed.id));
      assert.match(form.body, /Change the name of Willow Homes/);
      const blank = await client.post(paths.admin.editOrganisation(managed.id), { name: ' ' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /Enter the organisation name/);
      const saved = await client.post(paths.admin.editOrganisation(managed.id), { name: 'Willow Homes Group' });
      assert.equal(saved.statusCode, 303);
      const list = await client.get(saved.headers.location as string);
      assert.match(list.body, /Willow Homes Group \([^)]+\) renamed/);
    });

    test('cannot rename organisations managed by another council, or councils', async () => {
      const theirs = await makeOrganisation(store, 'provider', { name: 'Birch Care', managedBy: b.org.id });
      const client = await admin();
      assert.equal((await client.get(paths.admin.editOrganisation(theirs.id))).statusCode, 403);
      assert.equal((await client.get(paths.admin.editOrganisation(a.org.id))).statusCode, 403);
      const csrf = await client.csrfFrom(paths.admin.organisations);
      const forged = await client.post(paths.admin.editOrganisation(theirs.id), { name: 'Taken over' }, { csrf });
      assert.equal(forged.statusCode, 403);
      assert.equal((await client.get(paths.admin.editOrganisation('not-an-id'))).statusCode, 404);
      assert.equal((await client.get(paths.admin.editOrganisation('00000000-0000-4000-8000-000000000000'))).statusCode, 404);
      const row = await store.asSystem((tx) => tx.selectFrom('organisations').select('name').where('id', '=', theirs.id).executeTakeFirstOrThrow());
      assert.equal(row.name, 'Birch Care');
    });

    test('only administrators reach these pages; signed-out visitors are sent to sign in', async () => {
      for (const person of [a.officer, a.commissioner, a.placer]) {
        const client = new PageClient(app);
        await client.signIn(person.email, person.password);
        assert.equal((await client.get(paths.admin.organisations)).statusCode, 403);
        assert.equal((await client.get(paths.admin.newOrganisation)).statusCode, 403);
        // (Any page: a placing officer's home is the Live Status search, issue 15.)
        const csrf = await client.csrfFrom(paths.accessibility);
        assert.equal((await client.post(paths.admin.newOrganisation, { name: 'X', code: 'XOFFICER', kind: 'provider' }, { csrf })).statusCode, 403);
      }
      const visitor = await new PageClient(app).get(paths.admin.organisations);
      assert.equal(visitor.statusCode, 303);
      assert.match(String(visitor.headers.location), /^\/sign-in\?returnTo=/);
    });
  });
}
