import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WORK_SORT_DEFAULT } from './risk.schemas.ts';
import { selectWork, type WorkItem } from './work-list.service.ts';

const item = (serviceName: string, urgency: WorkItem['urgency']): WorkItem => ({
  serviceId: serviceName,
  serviceName,
  providerName: 'A provider',
  categoryLabel: 'Home care',
  latest: null,
  schedule: null,
  changes: [],
  urgency,
});

const names = (items: readonly WorkItem[]) => items.map((i) => i.serviceName);

describe('selectWork: the work list in the order asked for', () => {
  const byDefault = { show: 'all', ...WORK_SORT_DEFAULT } as const;

  test('the default order is urgency, then name, whatever order the items come in', () => {
    const items = [item('Elm', 'scheduled'), item('Ash', 'due_soon'), item('Oak', 'not_rated'), item('Birch', 'overdue'), item('Alder', 'overdue')];
    assert.deepEqual(names(selectWork(items, byDefault)), ['Oak', 'Alder', 'Birch', 'Ash', 'Elm']);
    assert.deepEqual(names(items), ['Elm', 'Ash', 'Oak', 'Birch', 'Alder'], 'the kept list itself is not reordered');
  });

  test('items already in the default order come back in it, and other orders still sort', () => {
    const sorted = [item('Oak', 'not_rated'), item('Alder', 'overdue'), item('Birch', 'overdue'), item('Ash', 'due_soon')];
    assert.deepEqual(names(selectWork(sorted, byDefault)), ['Oak', 'Alder', 'Birch', 'Ash']);
    assert.deepEqual(names(selectWork(sorted, { show: 'all', sort: 'service', order: 'asc' })), ['Alder', 'Ash', 'Birch', 'Oak']);
    assert.deepEqual(names(selectWork(sorted, { show: 'all', sort: 'urgency', order: 'desc' })), ['Ash', 'Alder', 'Birch', 'Oak']);
  });
});
