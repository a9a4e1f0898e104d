import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OrgKind, Role } from '../core/db/schema.ts';
import { inFormOrder, listInWords, roleMismatch, rolesFor, selfLockoutErrors, teamMisplaced } from './roles.ts';

describe('roles fit the kind of organisation', () => {
  const fits: [Role, OrgKind, boolean][] = [
    ['admin', 'council', true],
    ['commissioner', 'council', true],
    ['officer', 'council', true],
    ['placer', 'council', true],
    ['provider', 'council', false],
    ['partner', 'council', false],
    ['provider', 'provider', true],
    ['admin', 'provider', false],
    ['officer', 'provider', false],
    ['partner', 'provider', false],
    ['partner', 'partner', true],
    ['admin', 'partner', false],
    ['placer', 'partner', false],
    ['provider', 'partner', false],
  ];
  for (const [role, kind, ok] of fits) {
    test(`${role} in a ${kind}: ${ok ? 'fits' : 'refused'}`, () => {
      assert.equal(roleMismatch(role, kind) === undefined, ok);
    });
  }

  test('the message names the roles that would fit', () => {
    assert.equal(roleMismatch('admin', 'provider'), 'Users of a provider organisation must have the Provider user role');
    assert.equal(roleMismatch('partner', 'council'), 'Users of a council must have the Administrator, Commissioner or manager, Quality officer or Placing officer role');
    assert.deepEqual(rolesFor('council'), ['admin', 'commissioner', 'officer', 'placer']);
    assert.deepEqual(rolesFor('partner'), ['partner']);
  });

  test('lists read as English', () => {
    assert.equal(listInWords([]), '');
    assert.equal(listInWords(['a']), 'a');
    assert.equal(listInWords(['a', 'b']), 'a or b');
    assert.equal(listInWords(['a', 'b', 'c']), 'a, b or c');
  });
});

describe('teams are for council staff', () => {
  const cases: [string | null | undefined, OrgKind, boolean][] = [
    ['Quality Monitoring', 'council', true],
    [undefined, 'council', true],
    [undefined, 'provider', true],
    [null, 'partner', true],
    ['', 'provider', true],
    ['Managers', 'provider', false],
    ['Enter and View', 'partner', false],
  ];
  for (const [team, kind, ok] of cases) {
    test(`${JSON.stringify(team)} in a ${kind}`, () => assert.equal(teamMisplaced(team, kind) === undefined, ok));
  }
});

describe('an administrator cannot lock themselves out', () => {
  const me = 'u-1';
  test('changing someone else is never refused by this rule', () => {
    assert.deepEqual(selfLockoutErrors({ actorUserId: me, userId: 'u-2', role: 'officer', active: false }), []);
  });
  test('keeping their own admin role and staying active is fine', () => {
    assert.deepEqual(selfLockoutErrors({ actorUserId: me, userId: me, role: 'admin', active: true }), []);
  });
  test('removing their own admin role is refused', () => {
    assert.deepEqual(selfLockoutErrors({ actorUserId: me, userId: me, role: 'commissioner', active: true }).map((e) => e.path), ['role']);
  });
  test('deactivating themselves is refused', () => {
    const errors = selfLockoutErrors({ actorUserId: me, userId: me, role: 'admin', active: false });
    assert.deepEqual(errors, [{ path: 'active', message: 'You cannot deactivate your own account' }]);
  });
  test('both at once gives both messages', () => {
    assert.deepEqual(selfLockoutErrors({ actorUserId: me, userId: me, role: 'placer', active: false }).map((e) => e.path), ['role', 'active']);
  });
});

test('errors are put in the order of the form’s fields, unknown fields last', () => {
  const errors = [
    { path: 'password', message: 'p' },
    { path: 'other', message: 'o' },
    { path: 'name', message: 'n' },
    { path: 'role', message: 'r' },
  ];
  assert.deepEqual(inFormOrder(errors, ['name', 'email', 'role', 'password']).map((e) => e.path), ['name', 'role', 'password', 'other']);
});
