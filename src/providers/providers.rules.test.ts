import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parentCycleMessage, type ProviderLink } from './providers.rules.ts';

// Group: Acme Holdings > Acme Care > Acme North > Acme North East; Beech Ltd stands alone.
const links = new Map<string, ProviderLink>(
  [
    { id: 'holdings', name: 'Acme Holdings', parentProviderId: null },
    { id: 'care', name: 'Acme Care', parentProviderId: 'holdings' },
    { id: 'north', name: 'Acme North', parentProviderId: 'care' },
    { id: 'north-east', name: 'Acme North East', parentProviderId: 'north' },
    { id: 'beech', name: 'Beech Ltd', parentProviderId: null },
    { id: 'loop-a', name: 'Loop A', parentProviderId: 'loop-b' },
    { id: 'loop-b', name: 'Loop B', parentProviderId: 'loop-a' },
  ].map((l) => [l.id, l]),
);
const provider = (id: string) => ({ id, name: links.get(id)?.name ?? id });

describe('provider group cycles', () => {
  const allowed: [string, string, string | null | undefined][] = [
    ['no parent', 'care', null],
    ['parent not given', 'care', undefined],
    ['an unrelated provider', 'holdings', 'beech'],
    ['moving a subsidiary to another group', 'north', 'beech'],
    ['keeping the same parent', 'north', 'care'],
    ['a new provider under a deep subsidiary', 'brand-new', 'north-east'],
    ['its grandparent directly', 'north-east', 'care'],
  ];
  for (const [name, id, parent] of allowed) {
    test(`allows ${name}`, () => assert.equal(parentCycleMessage(provider(id), parent, links), undefined));
  }

  test('refuses itself', () => {
    assert.equal(parentCycleMessage(provider('care'), 'care', links), 'Acme Care cannot be its own parent provider');
  });

  const refused: [string, string, string][] = [
    ['its own subsidiary', 'care', 'north'],
    ['a subsidiary of a subsidiary', 'holdings', 'north-east'],
    ['its direct child from the top', 'holdings', 'care'],
  ];
  for (const [name, id, parent] of refused) {
    test(`refuses ${name}`, () => {
      assert.equal(
        parentCycleMessage(provider(id), parent, links),
        `${links.get(parent)!.name} is part of ${links.get(id)!.name}’s group, so it cannot also be its parent`,
      );
    });
  }

  test('an existing loop elsewhere is refused instead of followed for ever', () => {
    assert.match(parentCycleMessage(provider('beech'), 'loop-a', links) ?? '', /cannot also be its parent/);
  });
});
