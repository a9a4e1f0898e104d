import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { Forbidden, Invalid, NotFound } from '../core/errors.ts';
import type { ServicePanelSource, ServiceDetailSource } from '../core/http/extensions.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { makeProvider, makeService } from './register.test-support.ts';
import { registerServices } from './register.module.ts';

const fieldError = (path: string, pattern: RegExp) => (error: unknown) =>
  error instanceof Invalid && error.errors.some((e) => e.path === path && pattern.test(e.message));

/** The register's services with real repositories, on both databases, crossing every boundary they guard. */
for (const database of testDatabases()) {
  describe(`register services (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let register: ReturnType<typeof registerServices>;
    const panelCalls: string[] = [];

    before(async () => {
      store = await database.open();
      a = await makeCouncil(store, 'Council A');
      b = await makeCouncil(store, 'Council B');
      const panel: ServicePanelSource = async (_actor, serviceId) => {
        panelCalls.push(serviceId);
        return { id: 'test', title: 'Test panel', template: 'x.njk', model: {} };
      };
      const detail: ServiceDetailSource = async () => ({ risk: { band: 'low' } });
      register = registerServices(store, { panels: [panel], details: [detail], timeline: [], workList: [] });
    });
    after(() => store.close());

    describe('providers and groups', () => {
      test('a provider is created with a normalised company number and a parent from the same council', async () => {
        const parent = await register.providers.create(a.officer.actor, { name: 'Acme Holdings' });
        const id = await register.providers.create(a.officer.actor, { name: '  Acme Care ', companyNumber: '1234 56', cqcProviderId: '1-101641521', parentProviderId: parent });
        const provider = await register.providers.get(a.commissioner.actor, id);
        assert.equal(provider.name, 'Acme Care');
        assert.equal(provider.companyNumber, '00123456');
        assert.deepEqual(provider.parent, { id: parent, name: 'Acme Holdings' });
      });

      test('a loop in a group is refused with a clear message, and nothing changes', async () => {
        const top = await register.providers.create(a.officer.actor, { name: 'Top Group' });
        const middle = await register.providers.create(a.officer.actor, { name: 'Middle Ltd', parentProviderId: top });
        const bottom = await register.providers.create(a.officer.actor, { name: 'Bottom Ltd', parentProviderId: middle });
        await assert.rejects(
          register.providers.update(a.officer.actor, top, { name: 'Top Group', parentProviderId: bottom }),
          fieldError('parentProviderId', /^Bottom Ltd is part of Top Group’s group, so it cannot also be its parent$/),
        );
        await assert.rejects(register.providers.patch(a.officer.actor, top, { parentProviderId: top }), fieldError('parentProviderId', /cannot be its own parent/));
        assert.equal((await register.providers.get(a.officer.actor, top)).parent, null);
        await register.providers.patch(a.officer.actor, bottom, { parentProviderId: null });
        await register.providers.patch(a.officer.actor, top, { parentProviderId: bottom });
        assert.equal((await register.providers.get(a.officer.actor, top)).parent?.name, 'Bottom Ltd');
      });

      test('a parent or portal organisation from another council is refused', async () => {
        const theirs = await makeProvider(store, b.org.id, { name: 'B provider' });
        await assert.rejects(register.providers.create(a.officer.actor, { name: 'X', parentProviderId: theirs.id }), fieldError('parentProviderId', /your council/));
        const theirOrg = await makeOrganisation(store, 'provider', { managedBy: b.org.id });
        await assert.rejects(register.providers.create(a.officer.actor, { name: 'X', portalOrganisationId: theirOrg.id }), fieldError('portalOrganisationId', /your council manages/));
        const ours = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
        const id = await register.providers.create(a.officer.actor, { name: 'Portal Ltd', portalOrganisationId: ours.id });
        assert.equal((await register.providers.get(a.officer.actor, id)).portalOrganisation?.id, ours.id);
      });

      test('the group page gathers services of the provider and all its subsidiaries', async () => {
        const holdings = await makeProvider(store, a.org.id, { name: 'Birch Holdings' });
        const care = await makeProvider(store, a.org.id, { name: 'Birch Care', parentId: holdings.id });
        const north = await makeProvider(store, a.org.id, { name: 'Birch North', parentId: care.id });
        await makeService(store, a.org.id, holdings.id, { name: 'H1' });
        await makeService(store, a.org.id, care.id, { name: 'C1', category: 'home_care' });
        await makeService(store, a.org.id, north.id, { name: 'N1', category: 'home_care' });
        await makeService(store, a.org.id, north.id, { name: 'N2' });
        const group = await register.providers.group(a.placer.actor, holdings.id);
        assert.deepEqual(group.services.map((s) => s.name), ['C1', 'H1', 'N1', 'N2']);
        assert.deepEqual(group.countsByCategory, [
          { category: 'care_home_older_people', count: 2 },
          { category: 'home_care', count: 2 },
        ]);
        assert.deepEqual(group.subsidiaries.map((s) => s.name), ['Birch Care']);
        const sub = await register.providers.group(a.officer.actor, care.id);
        assert.deepEqual(sub.services.map((s) => s.name), ['C1', 'N1', 'N2']);
      });

      test('another council cannot read or change a provider; bad ids are not found', async () => {
        const ours = await makeProvider(store, a.org.id, { name: 'Private Ltd' });
        await assert.rejects(register.providers.get(b.admin.actor, ours.id), NotFound);
        await assert.rejects(register.providers.group(b.officer.actor, ours.id), NotFound);
        await assert.rejects(register.providers.patch(b.officer.actor, ours.id, { name: 'Hijacked' }), NotFound);
        await assert.rejects(register.providers.get(a.officer.actor, 'not-a-uuid'), NotFound);
        assert.equal((await register.providers.get(a.officer.actor, ours.id)).name, 'Private Ltd');
      });

      test('placers read but cannot write; partners cannot read', async () => {
        await assert.rejects(register.providers.create(a.placer.actor, { name: 'Nope' }), Forbidden);
        const partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
        await assert.rejects(register.providers.list(partner.actor, { page: 1 }), Forbidden);
      });

      test('the API list pages by cursor through every provider once', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await register.providers.listForApi(a.officer.actor, { limit: 3, cursor });
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        const { total } = await register.providers.list(a.officer.actor, { page: 1 });
        assert.equal(seen.length, total);
        assert.equal(new Set(seen).size, total);
        await assert.rejects(register.providers.listForApi(a.officer.actor, { limit: 3, cursor: 'garbage' }), fieldError('cursor', /not one this list issued/));
      });
    });

    describe('services', () => {
      let provider: { id: string };
      const base = () => ({ name: 'Cedar Court', providerId: provider.id, category: 'care_home_older_people', postcode: 'sg13 8dq' });

      before(async () => {
        provider = await makeProvider(store, a.org.id, { name: 'Cedar Care' });
      });

      test('a service is created with normalised values and its lead officer', async () => {
        const id = await register.services.create(a.officer.actor, {
          ...base(),
          cqcLocationId: '1-555000111',
          beds: '42',
          fundedPeople: '12',
          inCounty: 'no',
          leadOfficerId: a.officer.actor.userId,
        });
        const service = await register.services.get(a.placer.actor, id);
        assert.equal(service.postcode, 'SG13 8DQ');
        assert.equal(service.beds, 42);
        assert.equal(service.fundedPeople, 12);
        assert.equal(service.inCounty, false);
        assert.deepEqual(service.leadOfficer, { id: a.officer.actor.userId, name: a.officer.actor.name });
        assert.deepEqual(service.provider, { id: provider.id, name: 'Cedar Care' });
      });

      test('a CQC location id is unique within a council, not across councils', async () => {
        await register.services.create(a.officer.actor, { ...base(), name: 'First', cqcLocationId: '1-777' });
        await assert.rejects(
          register.services.create(a.officer.actor, { ...base(), name: 'Second', cqcLocationId: '1-777' }),
          fieldError('cqcLocationId', /1-777 is already in your council’s register \(First\)/),
        );
        const theirs = await makeProvider(store, b.org.id);
        await register.services.create(b.officer.actor, { ...base(), providerId: theirs.id, cqcLocationId: '1-777' });
      });

      test('a provider or lead officer from another council, or a placer as lead officer, is refused', async () => {
        const theirs = await makeProvider(store, b.org.id);
        await assert.rejects(register.services.create(a.officer.actor, { ...base(), providerId: theirs.id }), fieldError('providerId', /Select the provider/));
        await assert.rejects(register.services.create(a.officer.actor, { ...base(), leadOfficerId: b.officer.actor.userId }), fieldError('leadOfficerId', /your council/));
        await assert.rejects(register.services.create(a.officer.actor, { ...base(), leadOfficerId: a.placer.actor.userId }), fieldError('leadOfficerId', /your council/));
      });

      test('beds belong to care homes and hours to care at home', async () => {
        await assert.rejects(register.services.create(a.officer.actor, { ...base(), category: 'home_care', beds: 10 }), fieldError('beds', /Only care homes have beds/));
        await assert.rejects(register.services.create(a.officer.actor, { ...base(), hoursPerWeek: 10 }), fieldError('hoursPerWeek', /leave them blank/));
        const id = await register.services.create(a.officer.actor, { ...base(), category: 'home_care', hoursPerWeek: '37.5' });
        assert.equal((await register.services.get(a.officer.actor, id)).hoursPerWeek, 37.5);
      });

      test('a patch changes only what is sent, and null clears', async () => {
        const id = await register.services.create(a.officer.actor, { ...base(), town: 'Hertford', beds: 20, leadOfficerId: a.commissioner.actor.userId });
        await register.services.patch(a.officer.actor, id, { town: null, fundedPeople: 5 });
        const service = await register.services.get(a.officer.actor, id);
        assert.equal(service.town, null);
        assert.equal(service.fundedPeople, 5);
        assert.equal(service.beds, 20);
        assert.equal(service.leadOfficer?.id, a.commissioner.actor.userId);
        await assert.rejects(register.services.patch(a.officer.actor, id, { name: null }), fieldError('name', /Enter the service name/));
      });

      test('another council cannot read or change the service', async () => {
        const id = await register.services.create(a.officer.actor, base());
        await assert.rejects(register.services.get(b.officer.actor, id), NotFound);
        await assert.rejects(register.services.patch(b.officer.actor, id, { name: 'Hijacked' }), NotFound);
        await assert.rejects(register.services.update(b.admin.actor, id, { ...base(), name: 'Hijacked' }), NotFound);
        assert.equal((await register.services.get(a.officer.actor, id)).name, 'Cedar Court');
      });

      test('the service page and API document take other capabilities’ contributions', async () => {
        const id = await register.services.create(a.officer.actor, base());
        const page = await register.services.page(a.officer.actor, id);
        assert.deepEqual(page.panels.map((p) => p.title), ['Test panel']);
        assert.ok(panelCalls.includes(id));
        const detail = await register.services.detail(a.officer.actor, id);
        assert.deepEqual(detail.contributed, { risk: { band: 'low' } });
        const before = panelCalls.length;
        await assert.rejects(register.services.page(b.officer.actor, id), NotFound);
        assert.equal(panelCalls.length, before, 'no panel is asked about a service the actor cannot see');
      });

      test('contracts: end after start, other councils cannot add, history shows them', async () => {
        const id = await register.services.create(a.officer.actor, base());
        await assert.rejects(
          register.contracts.add(a.officer.actor, id, { kind: 'block', startsOn: '2026-04-01', endsOn: '2026-04-01' }),
          fieldError('endsOn', /The end date must be after the start date/),
        );
        await assert.rejects(register.contracts.add(b.officer.actor, id, { kind: 'spot', startsOn: '2026-04-01' }), NotFound);
        const contractId = await register.contracts.add(a.officer.actor, id, { kind: 'block', reference: 'BLK-9', annualValue: '£1,250,000', startsOn: '2026-04-01', endsOn: '2029-03-31' });
        await register.contracts.update(a.commissioner.actor, contractId, { kind: 'framework', reference: 'BLK-9', annualValue: '1300000', startsOn: '2026-04-01' });
        const { entries } = await register.registerHistory.service(a.admin.actor, id);
        const contractChange = entries.find((e) => e.summary === 'Changed contract BLK-9');
        assert.ok(contractChange);
        assert.equal(contractChange.who, a.commissioner.actor.name);
        assert.deepEqual(contractChange.changes, [
          { field: 'Kind of contract', before: 'Block contract', after: 'Framework agreement' },
          { field: 'Annual value', before: '£1,250,000', after: '£1,300,000' },
          { field: 'End date', before: '31 March 2029', after: 'Not recorded' },
        ]);
      });

      test('history records the acting user and shows names behind ids, before → after', async () => {
        const id = await register.services.create(a.officer.actor, { ...base(), name: 'Audit House' });
        await register.services.patch(a.commissioner.actor, id, { name: 'Audit House Nursing', leadOfficerId: a.officer.actor.userId });
        const { entries } = await register.registerHistory.service(a.officer.actor, id);
        assert.equal(entries.length, 2);
        const [change, created] = entries;
        assert.equal(change!.who, a.commissioner.actor.name);
        assert.deepEqual(change!.changes, [
          { field: 'Name', before: 'Audit House', after: 'Audit House Nursing' },
          { field: 'Lead officer', before: 'Not recorded', after: a.officer.actor.name },
        ]);
        assert.equal(created!.who, a.officer.actor.name);
        assert.ok(created!.changes.some((c) => c.field === 'Provider' && c.after === 'Cedar Care'));
        assert.ok(created!.changes.some((c) => c.field === 'Type of service' && c.after === 'Care home for older people'));
        await assert.rejects(register.registerHistory.service(a.placer.actor, id), Forbidden);
        await assert.rejects(register.registerHistory.service(b.admin.actor, id), NotFound);
      });
    });
  });
}
