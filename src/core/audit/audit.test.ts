import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditEntries, formatAuditValue, humaniseColumn, nameOf, referencedIds } from './audit.ts';
import type { AuditEvent } from './audit.repository.ts';

const at = new Date('2026-03-05T14:30:00Z');
const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  occurredAt: at,
  tableName: 'services',
  recordId: 'rec',
  action: 'update',
  actorUserId: 'u1',
  actorName: 'Priya Shah',
  before: null,
  after: null,
  ...overrides,
});

const description = {
  fields: {
    name: { label: 'Name' },
    beds: { label: 'Beds' },
    lead_officer_id: { label: 'Lead officer', format: nameOf(new Map([['o1', 'Sam Jones']])) },
  },
};

describe('audit history view model', () => {
  test('an update lists only the fields that changed, described ones first, before → after', () => {
    const [entry] = auditEntries(
      [
        event({
          before: { id: 'rec', name: 'Oak House', beds: 40, town: 'Hertford', lead_officer_id: null, updated_at: 'x' },
          after: { id: 'rec', name: 'Oak House Care Home', beds: 40, town: 'Ware', lead_officer_id: 'o1', updated_at: 'y' },
        }),
      ],
      description,
    );
    assert.equal(entry!.summary, 'Changed');
    assert.equal(entry!.who, 'Priya Shah');
    assert.equal(entry!.when, '5 March 2026 at 2:30pm');
    assert.deepEqual(entry!.changes, [
      { field: 'Name', before: 'Oak House', after: 'Oak House Care Home' },
      { field: 'Lead officer', before: 'Not recorded', after: 'Sam Jones' },
      { field: 'Town', before: 'Hertford', after: 'Ware' },
    ]);
  });

  test('an insert shows the values it was created with, leaving blanks and bookkeeping out', () => {
    const [entry] = auditEntries(
      [event({ action: 'insert', after: { id: 'rec', council_id: 'c', name: 'Oak House', beds: null, in_county: true, created_at: '2026-01-01T00:00:00Z' } })],
      description,
    );
    assert.equal(entry!.summary, 'Created');
    assert.deepEqual(entry!.changes, [
      { field: 'Name', before: undefined, after: 'Oak House' },
      { field: 'In county', before: undefined, after: 'Yes' },
    ]);
  });

  test('a delete shows what was removed', () => {
    const [entry] = auditEntries([event({ action: 'delete', before: { name: 'Oak House' } })], description);
    assert.deepEqual(entry!.changes, [{ field: 'Name', before: 'Oak House', after: undefined }]);
    assert.equal(entry!.summary, 'Deleted');
  });

  test('who: a named person, the system, or someone the reader cannot see', () => {
    const entries = auditEntries(
      [event({ actorName: null, actorUserId: null }), event({ actorName: null, actorUserId: 'other' })],
      description,
    );
    assert.deepEqual(entries.map((e) => e.who), ['The system', 'Someone outside your organisation']);
  });

  test('a record label names what changed in mixed histories', () => {
    const [entry] = auditEntries([event({ action: 'insert', tableName: 'contracts', after: { reference: 'BLK-1' } })], {
      fields: {},
      recordLabel: (e) => (e.tableName === 'contracts' ? `contract ${String(e.after?.reference)}` : undefined),
    });
    assert.equal(entry!.summary, 'Created contract BLK-1');
  });

  test('columns can be hidden from a history', () => {
    const [entry] = auditEntries([event({ action: 'insert', after: { name: 'Contract', service_id: 'x', kind: 'block' } })], { fields: {}, hidden: ['service_id'] });
    assert.deepEqual(entry!.changes.map((c) => c.field), ['Kind', 'Name']);
  });

  test('values are formatted for people', () => {
    const cases: [unknown, string][] = [
      [null, 'Not recorded'],
      ['', 'Not recorded'],
      [undefined, 'Not recorded'],
      [true, 'Yes'],
      [false, 'No'],
      [125000.5, '125,000.5'],
      ['2026-04-01', '1 April 2026'],
      ['2026-07-01T09:05:00+00:00', '1 July 2026 at 10:05am'],
      ['SG13 8DQ', 'SG13 8DQ'],
      [{ a: 1 }, '{"a":1}'],
    ];
    for (const [value, expected] of cases) assert.equal(formatAuditValue(value), expected, String(value));
  });

  test('column names and referenced ids', () => {
    assert.equal(humaniseColumn('parent_provider_id'), 'Parent provider');
    assert.equal(humaniseColumn('hours_per_week'), 'Hours per week');
    const ids = referencedIds([event({ before: { lead_officer_id: 'a' }, after: { lead_officer_id: 'b', name: 'x' } }), event({ after: { lead_officer_id: 'a' } })], ['lead_officer_id']);
    assert.deepEqual(ids.sort(), ['a', 'b']);
    assert.equal(nameOf(new Map())('missing'), 'A record you cannot see');
  });
});
