import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apportion } from './apportion.ts';
import { Random } from './random.ts';

describe('seeded random numbers', () => {
  const draw = (seed: string, n = 50) => {
    const random = new Random(seed);
    return Array.from({ length: n }, () => random.next32());
  };

  test('the same seed gives the same sequence; another seed a different one', () => {
    assert.deepEqual(draw('alpha'), draw('alpha'));
    assert.notDeepEqual(draw('alpha'), draw('alphb'));
    assert.notDeepEqual(draw(''), draw(' '));
  });

  test('integers cover both ends of the range and nothing outside it', () => {
    const random = new Random('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = random.int(3, 7);
      assert.ok(Number.isInteger(n) && n >= 3 && n <= 7, String(n));
      seen.add(n);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
    assert.equal(random.int(4, 4), 4);
    assert.throws(() => random.int(5, 4), RangeError);
  });

  test('floats are in [0, 1) and spread evenly', () => {
    const random = new Random('floats');
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) {
      const x = random.float();
      assert.ok(x >= 0 && x < 1);
      buckets[Math.floor(x * 4)]! += 1;
    }
    for (const count of buckets) assert.ok(count > 1800 && count < 2200, `bucket of ${count}`);
  });

  test('weighted choices follow their weights; a zero weight is never chosen', () => {
    const random = new Random('weights');
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10000; i++) counts[random.weighted({ a: 3, b: 1, never: 0 })] += 1;
    assert.equal(counts.never, 0);
    assert.ok(counts.a > 7200 && counts.a < 7800, `a chosen ${counts.a} times`);
  });

  test('forks are reproducible and independent of each other', () => {
    const a = new Random('parent');
    const b = new Random('parent');
    assert.deepEqual(
      Array.from({ length: 5 }, () => a.fork('x').next32()),
      Array.from({ length: 5 }, () => b.fork('x').next32()),
    );
    const c = new Random('parent');
    assert.notEqual(c.fork('x').next32(), new Random('parent').fork('y').next32());
  });

  test('uuids have the version 4 shape and do not repeat', () => {
    const random = new Random('uuids');
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = random.uuid();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 5000);
  });

  test('shuffle keeps every item; pick refuses an empty list', () => {
    const random = new Random('shuffle');
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = random.shuffle(items);
    assert.notDeepEqual(shuffled, items);
    assert.deepEqual([...shuffled].sort((x, y) => x - y), items);
    assert.throws(() => random.pick([]), RangeError);
    assert.match(random.digits(12), /^\d{12}$/);
  });
});

describe('apportioning a total by weights', () => {
  const cases: [number[], number, number[]][] = [
    [[1, 1], 10, [5, 5]],
    [[1, 1], 11, [6, 5]],
    [[1, 1, 1], 10, [4, 3, 3]],
    [[0.35, 0.2, 0.25, 0.1, 0.03, 0.03, 0.04], 60, [21, 12, 15, 6, 2, 2, 2]],
    [[0.35, 0.2, 0.25, 0.1, 0.03, 0.03, 0.04], 100, [35, 20, 25, 10, 3, 3, 4]],
    [[2, 0, 1], 7, [5, 0, 2]],
    [[5], 0, [0]],
  ];
  for (const [weights, total, expected] of cases) {
    test(`${total} over ${weights.join(', ')}`, () => {
      const parts = apportion(weights, total);
      assert.deepEqual(parts, expected);
      assert.equal(
        parts.reduce((a, p) => a + p, 0),
        total,
      );
    });
  }
  test('refuses nonsense', () => {
    assert.throws(() => apportion([], 3), RangeError);
    assert.throws(() => apportion([0, 0], 3), RangeError);
    assert.throws(() => apportion([1, -1, 2], 3), RangeError);
    assert.throws(() => apportion([1], 2.5), RangeError);
    assert.throws(() => apportion([1], -1), RangeError);
  });
});
