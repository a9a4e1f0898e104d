import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../db/database.ts';
import type { OrgKind, Role } from '../db/schema.ts';
import { MAX_NAVIGATION_ITEMS, navigationFor } from './navigation.ts';

const actor = (role: Role, orgKind: OrgKind = 'council'): Actor => ({ userId: 'u', orgId: 'o', orgKind, role, name: 'N', orgName: 'O' });

const ROLES: readonly Actor[] = [actor('admin'), actor('commissioner'), actor('officer'), actor('placer'), actor('provider', 'provider'), actor('partner', 'partner')];

describe('navigation by job', () => {
  test(`no role has more than ${MAX_NAVIGATION_ITEMS} top-level items, and the public none`, () => {
    for (const a of ROLES) {
      const items = navigationFor(a, undefined);
      assert.ok(items.length > 0 && items.length <= MAX_NAVIGATION_ITEMS, `${a.role}: ${items.length}`);
      assert.equal(new Set(items.map((i) => i.href)).size, items.length, `${a.role} has no item twice`);
    }
    assert.deepEqual(navigationFor(undefined, 'services'), []);
  });

  test('each role’s items in the order of its day, with a Reports slot for council roles', () => {
    const texts = (a: Actor) => navigationFor(a, undefined).map((i) => i.text);
    assert.deepEqual(texts(actor('officer')), ['Your work', 'Services', 'Assessments', 'Risk', 'Live status', 'Reports', 'Market']);
    assert.deepEqual(texts(actor('commissioner')), ['Your work', 'Services', 'Assessments', 'Risk', 'Live status', 'Reports', 'Market']);
    assert.deepEqual(texts(actor('admin')), ['Administration', 'Services', 'Assessments', 'Risk', 'Live status', 'Reports', 'Market']);
    assert.deepEqual(texts(actor('placer')), ['Live status', 'Services', 'Assessments']);
    assert.deepEqual(texts(actor('provider', 'provider')), ['Services', 'Assessments', 'Action plans', 'Quarterly returns', 'Fee bands']);
    assert.deepEqual(texts(actor('partner', 'partner')), ['Live status', 'Enter and View']);
    for (const role of ['admin', 'commissioner', 'officer'] as const) {
      assert.ok(navigationFor(actor(role), undefined).some((i) => i.href === '/reports'), role);
    }
  });

  test('the item holding the page’s section is marked current, and only it', () => {
    const current = (a: Actor, section: string) => navigationFor(a, section).filter((i) => i.active).map((i) => i.text);
    assert.deepEqual(current(actor('officer'), 'providers'), ['Services']);
    assert.deepEqual(current(actor('officer'), 'triage'), ['Your work']);
    assert.deepEqual(current(actor('officer'), 'escalation'), ['Risk']);
    assert.deepEqual(current(actor('officer'), 'action-plans'), ['Assessments']);
    assert.deepEqual(current(actor('officer'), 'alerts'), ['Live status']);
    assert.deepEqual(current(actor('admin'), 'cqc'), ['Administration']);
    assert.deepEqual(current(actor('admin'), 'sharing'), ['Administration']);
    assert.deepEqual(current(actor('provider', 'provider'), 'action-plans'), ['Action plans']);
    assert.deepEqual(current(actor('provider', 'provider'), 'returns'), ['Quarterly returns']);
    assert.deepEqual(current(actor('commissioner'), 'returns'), ['Reports']);
    assert.deepEqual(current(actor('commissioner'), 'market'), ['Market']);
    assert.deepEqual(current(actor('officer'), 'contingency'), ['Market'], 'contingency plans and market events are in the Market section');
    assert.deepEqual(current(actor('provider', 'provider'), 'market'), ['Fee bands']);
    assert.deepEqual(current(actor('partner', 'partner'), 'enter-and-view'), ['Enter and View']);
    assert.deepEqual(current(actor('officer', 'council'), 'enter-and-view'), ['Live status']);
    assert.deepEqual(current(actor('officer'), 'home'), []);
  });
});
