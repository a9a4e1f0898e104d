import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOf, currentRatings, monthsBetween, newChanges, planPublication, ratingChanges, type StoredPublication } from './history.ts';

const p = (id: string, seq: number, publishedOn: string | null, firstSeenOn: string, values: StoredPublication['values']): StoredPublication => ({ id, seq, publishedOn, firstSeenOn, values });

const history = [
  p('a', 1, '2019-06-12', '2026-01-01', { overall: 'good', safe: 'good' }),
  p('b', 2, '2024-03-14', '2026-01-01', { overall: 'requires_improvement', safe: 'requires_improvement' }),
];

test('planning one incoming publication against a history', () => {
  const cases: [string, StoredPublication[], Parameters<typeof planPublication>[1], unknown][] = [
    ['the same dated publication again changes nothing', history, { publishedOn: '2024-03-14', values: { overall: 'requires_improvement' } }, { action: 'none' }],
    ['a newer one is added', history, { publishedOn: '2025-01-01', values: { overall: 'good' } }, { action: 'insert', publication: { publishedOn: '2025-01-01', values: { overall: 'good' } } }],
    ['an older one is added to the history', history, { publishedOn: '2017-01-01', values: { overall: 'inadequate' } }, { action: 'insert', publication: { publishedOn: '2017-01-01', values: { overall: 'inadequate' } } }],
    [
      'another key question of a stored publication extends it',
      history,
      { publishedOn: '2024-03-14', values: { caring: 'good' } },
      { action: 'extend', id: 'b', values: { overall: 'requires_improvement', safe: 'requires_improvement', caring: 'good' } },
    ],
    ['a correction by CQC replaces the value', history, { publishedOn: '2019-06-12', values: { safe: 'outstanding' } }, { action: 'extend', id: 'a', values: { overall: 'good', safe: 'outstanding' } }],
    ['an undated rating equal to the current one changes nothing', history, { publishedOn: null, values: { overall: 'requires_improvement', safe: 'requires_improvement' } }, { action: 'none' }],
    ['an undated rating that differs is a new publication', history, { publishedOn: null, values: { overall: 'good' } }, { action: 'insert', publication: { publishedOn: null, values: { overall: 'good' } } }],
    ['nothing to record', history, { publishedOn: '2025-01-01', values: {} }, { action: 'none' }],
    [
      'a dated publication the undated one was seen after takes its date',
      [p('u', 3, null, '2025-08-01', { overall: 'good' })],
      { publishedOn: '2025-06-01', values: { overall: 'good', safe: 'good' } },
      { action: 'date', id: 'u', publishedOn: '2025-06-01', values: { overall: 'good', safe: 'good' } },
    ],
    [
      'but not one published after it was seen',
      [p('u', 3, null, '2025-08-01', { overall: 'good' })],
      { publishedOn: '2025-09-01', values: { overall: 'good' } },
      { action: 'insert', publication: { publishedOn: '2025-09-01', values: { overall: 'good' } } },
    ],
    [
      'nor one with different ratings',
      [p('u', 3, null, '2025-08-01', { overall: 'good' })],
      { publishedOn: '2025-06-01', values: { overall: 'inadequate' } },
      { action: 'insert', publication: { publishedOn: '2025-06-01', values: { overall: 'inadequate' } } },
    ],
  ];
  for (const [name, h, incoming, expected] of cases) assert.deepEqual(planPublication(h, incoming), expected, name);
});

test('current ratings: the latest value of each key question, undated ones at the day first seen', () => {
  const current = currentRatings([...history, p('c', 3, null, '2025-01-01', { caring: 'outstanding' }), p('d', 4, '2023-01-01', '2026-01-01', { effective: 'good' })]);
  assert.deepEqual(current.overall, { value: 'requires_improvement', publishedOn: '2024-03-14', firstSeenOn: '2026-01-01' });
  assert.equal(current.caring?.value, 'outstanding');
  assert.equal(current.effective?.publishedOn, '2023-01-01');
  assert.equal(current.wellLed, undefined);
});

test('changes between real ratings per key question, in order of publication', () => {
  const changes = ratingChanges([
    p('x', 5, '2025-01-01', '2026-01-01', { overall: 'good' }),
    p('w', 4, '2024-06-01', '2026-01-01', { overall: 'no_published_rating', caring: 'inspected_not_rated' }),
    ...history,
  ]);
  assert.deepEqual(
    changes.map((c) => [c.keyQuestion, c.from, c.to, c.publishedOn]),
    [
      ['overall', 'good', 'requires_improvement', '2024-03-14'],
      ['safe', 'good', 'requires_improvement', '2024-03-14'],
      ['overall', 'requires_improvement', 'good', '2025-01-01'],
    ],
  );
  assert.deepEqual(ratingChanges([history[0]!]), []);
});

test('an import counts only the changes its publications brought', () => {
  assert.equal(newChanges([], history), 2);
  assert.equal(newChanges(history, history), 0);
  assert.equal(newChanges(history, [...history, p('n', 9, '2025-05-01', '2026-01-01', { overall: 'good', safe: 'requires_improvement' })]), 1);
});

test('how old a rating is', () => {
  const cases: [string, string, string][] = [
    ['2024-03-14', '2024-03-14', '0 days'],
    ['2024-03-14', '2024-03-15', '1 day'],
    ['2024-03-14', '2024-04-13', '30 days'],
    ['2024-03-14', '2024-04-14', '1 month'],
    ['2024-03-14', '2025-03-13', '11 months'],
    ['2024-03-14', '2025-03-14', '1 year'],
    ['2024-03-14', '2026-11-23', '2 years and 8 months'],
    ['2024-01-31', '2024-02-29', '29 days'],
  ];
  for (const [since, today, expected] of cases) assert.equal(ageOf(since, today), expected, `${since} → ${today}`);
  assert.equal(monthsBetween('2024-03-14', '2026-11-23'), 32);
  assert.equal(monthsBetween('2026-03-14', '2024-11-23'), 0);
});
