import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalisePostcode } from '../core/forms.ts';
import { generateDemo, SCALES, type DemoScale } from './generate.ts';
import { CATEGORIES, type Category, type DemoData } from './model.ts';

const cache = new Map<DemoScale, DemoData>();
const demo = (scale: DemoScale) => {
  if (!cache.has(scale)) cache.set(scale, generateDemo(scale));
  return cache.get(scale)!;
};
const SCALE_NAMES = Object.keys(SCALES) as DemoScale[];

/** Roughly how an English council's commissioned adult social care divides up. */
const REALISTIC_SHARES: Record<Category, number> = {
  care_home_older_people: 0.35,
  care_home_adults_with_disabilities: 0.2,
  home_care: 0.25,
  supported_living: 0.1,
  extra_care: 0.03,
  day_services_older_people: 0.03,
  day_opportunities_adults_with_disabilities: 0.04,
};

describe('demo data generator', () => {
  test('the same seed gives the same data; another seed different data', () => {
    assert.deepEqual(generateDemo('council'), demo('council'));
    const other = generateDemo('council', 'another seed');
    assert.notDeepEqual(other.services.map((s) => s.name), demo('council').services.map((s) => s.name));
    assert.equal(other.services.length, demo('council').services.length);
  });

  test('each scale has the councils and services it promises', () => {
    const sizes = (scale: DemoScale) => demo(scale).councils.map((c) => c.services);
    assert.deepEqual(sizes('small'), [60]);
    assert.deepEqual(sizes('council'), [350, 150]);
    assert.equal(sizes('region').length, 6);
    assert.equal(demo('region').services.length, 2000);
    assert.equal(demo('national').councils.length, 153);
    assert.equal(demo('national').services.length, 29108);
    for (const scale of SCALE_NAMES) {
      assert.equal(demo(scale).councils.length, SCALES[scale].councils, scale);
      assert.equal(demo(scale).services.length, SCALES[scale].services, scale);
      assert.equal(demo(scale).councils[0]!.name, 'Northmoor County Council');
    }
    assert.equal(demo('council').councils[1]!.name, 'Ravensdale Borough Council');
  });

  test('a national register has councils of very different sizes, as England does', () => {
    const sizes = demo('national').councils.map((c) => c.services);
    assert.ok(Math.max(...sizes) > 450, `largest ${Math.max(...sizes)}`);
    assert.ok(Math.min(...sizes) < 100, `smallest ${Math.min(...sizes)}`);
    const kinds = (pattern: RegExp) => demo('national').councils.filter((c) => pattern.test(c.name)).length;
    assert.equal(kinds(/ County Council$/), 21);
    assert.equal(kinds(/ Metropolitan Borough Council$/), 36);
    assert.equal(kinds(/^London Borough of /), 33);
  });

  for (const scale of ['council', 'region', 'national'] as const) {
    test(`categories and out-of-county placements come in realistic proportions (${scale})`, () => {
      const services = demo(scale).services;
      for (const category of CATEGORIES) {
        const share = services.filter((s) => s.category === category).length / services.length;
        assert.ok(Math.abs(share - REALISTIC_SHARES[category]) < 0.01, `${category}: ${share.toFixed(3)}`);
      }
      const away = services.filter((s) => !s.inCounty).length / services.length;
      assert.ok(Math.abs(away - 0.1) < 0.01, `out of county: ${away}`);
    });
  }

  for (const scale of SCALE_NAMES) {
    test(`records are well formed and linked within their council (${scale})`, () => {
      const data = demo(scale);
      const orgs = new Map(data.organisations.map((o) => [o.id, o]));
      const providers = new Map(data.providers.map((p) => [p.id, p]));
      const users = new Map(data.users.map((u) => [u.id, u]));
      const services = new Map(data.services.map((s) => [s.id, s]));
      assert.equal(orgs.size, data.organisations.length);
      assert.equal(new Set(data.organisations.map((o) => o.code)).size, data.organisations.length, 'organisation codes are unique');
      for (const org of data.organisations) assert.match(org.code, /^[A-Z0-9][A-Z0-9-]{1,31}$/);
      assert.equal(new Set(data.users.map((u) => u.email.toLowerCase())).size, data.users.length, 'emails are unique');
      for (const provider of data.providers) {
        assert.equal(orgs.get(provider.councilId)?.kind, 'council');
        if (provider.parentId) assert.equal(providers.get(provider.parentId)?.councilId, provider.councilId);
        if (provider.companyNumber) assert.match(provider.companyNumber, /^\d{8}$/);
      }
      for (const service of data.services) {
        assert.equal(providers.get(service.providerId)?.councilId, service.councilId, service.name);
        if (service.leadOfficerId) {
          const officer = users.get(service.leadOfficerId);
          assert.equal(officer?.orgId, service.councilId);
          assert.equal(officer?.role, 'officer');
        } else {
          assert.equal(service.inCounty, false, `${service.name} in county without a lead officer`);
        }
      }
      for (const contract of data.contracts) {
        const service = services.get(contract.serviceId);
        assert.equal(service?.councilId, contract.councilId);
        assert.ok(contract.startsOn >= '2022-01-01' && contract.startsOn <= '2025-12-31', contract.startsOn);
        if (contract.endsOn) assert.ok(contract.endsOn > contract.startsOn && contract.endsOn <= '2028-12-31', contract.endsOn);
        assert.ok(contract.annualValue > 0);
        if (!service.inCounty) assert.equal(contract.kind, 'spot');
      }
      const contracted = new Set(data.contracts.map((c) => c.serviceId));
      assert.equal(contracted.size, data.services.length, 'every service has a contract');
    });
  }

  test('every postcode is a real-format UK postcode, already normalised', () => {
    for (const scale of SCALE_NAMES) {
      for (const service of demo(scale).services) assert.equal(normalisePostcode(service.postcode), service.postcode, service.postcode);
    }
  });

  test('in-county services have their council’s postcodes; out-of-county ones have other areas’', () => {
    const data = demo('council');
    const outward = (postcode: string) => postcode.split(' ')[0]!;
    for (const council of data.councils) {
      const mine = data.services.filter((s) => s.councilId === council.id);
      const home = new Set(mine.filter((s) => s.inCounty).map((s) => outward(s.postcode)));
      for (const away of mine.filter((s) => !s.inCounty)) assert.ok(!home.has(outward(away.postcode)), `${away.postcode} of ${council.name}`);
    }
  });

  test('CQC location ids are unique across the whole demo and shaped like CQC’s', () => {
    for (const scale of SCALE_NAMES) {
      const ids = demo(scale).services.flatMap((s) => (s.cqcLocationId ? [s.cqcLocationId] : []));
      assert.equal(new Set(ids).size, ids.length, scale);
      for (const id of ids) assert.match(id, /^1-[1-9]\d{8,10}$/);
    }
    const data = demo('national');
    const registered = data.services.filter((s) => s.cqcLocationId).length / data.services.length;
    assert.ok(registered > 0.8 && registered < 0.95, `registered share ${registered}`);
    assert.ok(data.services.filter((s) => s.category.startsWith('day_')).every((s) => s.cqcLocationId === null), 'day services are not CQC registered');
  });

  test('care homes have 10 to 120 beds; home care has hours; every service funds someone', () => {
    for (const service of demo('national').services) {
      if (service.category.startsWith('care_home_')) {
        assert.ok(service.beds !== null && service.beds >= 10 && service.beds <= 120, `${service.name}: ${service.beds}`);
        assert.ok(service.fundedPeople <= service.beds);
      } else {
        assert.equal(service.beds, null);
      }
      if (service.category === 'home_care') assert.ok(service.hoursPerWeek !== null && service.hoursPerWeek >= 150);
      assert.ok(service.fundedPeople >= 1);
    }
  });

  test('service names are unique within a council', () => {
    const data = demo('national');
    for (const council of data.councils) {
      const names = data.services.filter((s) => s.councilId === council.id).map((s) => s.name);
      assert.equal(new Set(names).size, names.length, council.name);
    }
  });

  test('Northmoor has a national group with 30 or more services, linked to the provider portal', () => {
    const data = demo('council');
    const northmoor = data.councils[0]!;
    const portal = data.organisations.find((o) => o.kind === 'provider')!;
    assert.equal(portal.managedById, northmoor.id);
    const parent = data.providers.find((p) => p.councilId === northmoor.id && p.name === 'Oakleaf Care Group plc')!;
    const children = data.providers.filter((p) => p.parentId === parent.id);
    assert.ok(children.length >= 2, `${children.length} subsidiaries`);
    const groupServices = data.services.filter((s) => children.some((c) => c.id === s.providerId));
    assert.ok(groupServices.length >= 30, `${groupServices.length} services`);
    assert.deepEqual(
      data.providers.filter((p) => p.orgId === portal.id).map((p) => p.id).sort(),
      [parent.id, ...children.map((c) => c.id)].sort(),
    );
    // Most of the register is small independents running one or a few services.
    const perProvider = new Map<string, number>();
    for (const s of data.services) perProvider.set(s.providerId, (perProvider.get(s.providerId) ?? 0) + 1);
    const singles = [...perProvider.values()].filter((n) => n === 1).length;
    assert.ok(singles / perProvider.size > 0.6, `${singles} of ${perProvider.size} providers run one service`);
  });

  test('every council has an administrator, a commissioner, two officers in teams and a placing officer', () => {
    const data = demo('region');
    for (const council of data.councils) {
      const staff = data.users.filter((u) => u.orgId === council.id);
      assert.deepEqual(staff.map((u) => u.role).sort(), ['admin', 'commissioner', 'officer', 'officer', 'placer']);
      assert.equal(new Set(staff.filter((u) => u.role === 'officer').map((u) => u.team)).size, 2);
    }
    const kinds = data.organisations.map((o) => o.kind);
    assert.equal(kinds.filter((k) => k === 'provider').length, 1);
    assert.equal(kinds.filter((k) => k === 'partner').length, 1);
  });

  test('the start page lists the first two councils’, the provider’s and the partner’s sign-ins', () => {
    const data = demo('national');
    assert.equal(data.accounts.length, 12);
    const organisations = new Set(data.accounts.map((a) => a.organisation));
    assert.deepEqual([...organisations], ['Northmoor County Council', 'Ravensdale Borough Council', 'Oakleaf Care Group plc', 'Healthwatch Northmoor']);
    assert.deepEqual(demo('small').accounts.map((a) => a.role), ['admin', 'commissioner', 'officer', 'officer', 'placer', 'provider', 'partner']);
  });
});
