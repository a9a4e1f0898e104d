import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Service } from './register.ts';
import { serviceDetailJson } from './register.json.ts';

const service: Service = {
  id: 's1',
  name: 'Oak House',
  category: 'care_home_older_people',
  cqcLocationId: null,
  town: null,
  postcode: 'SG1 1AA',
  provider: { id: 'p1', name: 'Oak Ltd' },
  beds: 10,
  hoursPerWeek: null,
  fundedPeople: 2,
  inCounty: true,
  notCommissioned: false,
  leadOfficer: null,
  updatedAt: new Date('2026-01-02T03:04:05.678Z'),
  addressLine1: null,
  addressLine2: null,
  providerParent: { id: 'g1', name: 'Oak Group' },
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe('the API service document', () => {
  test('cqc, risk and status are null when nothing contributes them', () => {
    const doc = serviceDetailJson(service, [], {});
    assert.equal(doc.cqc, null);
    assert.equal(doc.risk, null);
    assert.equal(doc.status, null);
    assert.deepEqual(doc.provider, { id: 'p1', name: 'Oak Ltd', parent: { id: 'g1', name: 'Oak Group' } });
    assert.equal(doc.updatedAt, '2026-01-02T03:04:05.678Z');
  });

  test('contributions fill them and add fields of their own', () => {
    const doc = serviceDetailJson(service, [], { risk: { band: 'low' }, status: 'suspended', extra: 1 }) as Record<string, unknown>;
    assert.deepEqual(doc.risk, { band: 'low' });
    assert.equal(doc.status, 'suspended');
    assert.equal(doc.cqc, null);
    assert.equal(doc.extra, 1);
  });
});
