import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineEvent } from '../../core/http/extensions.ts';
import { filterOptions, filterTimeline, kindLabel, mergeTimeline, pageLinks, pageOf } from './timeline.ts';

const event = (occurredOn: string, kind: string, recordId: string, source?: string): TimelineEvent => ({
  occurredOn,
  kind,
  recordId,
  summary: `${kind} ${recordId}`,
  ...(source ? { source, sourceLabel: source.toUpperCase() } : {}),
});

describe('mergeTimeline', () => {
  test('newest first across sources', () => {
    const merged = mergeTimeline([
      [event('2026-10-01', 'intelligence', 'i2'), event('2026-03-01', 'intelligence', 'i1')],
      [event('2026-11-05', 'cqc', 'c1'), event('2025-12-31', 'cqc', 'c0')],
      [],
      [event('2026-06-15', 'visit', 'v1')],
    ]);
    assert.deepEqual(merged.map((e) => e.recordId), ['c1', 'i2', 'v1', 'i1', 'c0']);
  });

  test('same-day events keep the order of the sources and of each source', () => {
    const merged = mergeTimeline([
      [event('2026-10-01', 'intelligence', 'late'), event('2026-10-01', 'intelligence', 'early')],
      [event('2026-10-01', 'risk', 'r')],
    ]);
    assert.deepEqual(merged.map((e) => e.recordId), ['late', 'early', 'r']);
    assert.deepEqual(mergeTimeline([[event('2026-10-01', 'risk', 'r')], [event('2026-10-01', 'intelligence', 'i')]]).map((e) => e.recordId), ['r', 'i']);
  });

  test('the same record offered twice appears once; the same id in another kind is another event', () => {
    const merged = mergeTimeline([[event('2026-01-01', 'cqc', 'x')], [event('2026-01-01', 'cqc', 'x'), event('2026-01-01', 'risk', 'x')]]);
    assert.deepEqual(merged.map((e) => `${e.kind}:${e.recordId}`), ['cqc:x', 'risk:x']);
  });

  test('nothing in, nothing out', () => {
    assert.deepEqual(mergeTimeline([]), []);
    assert.deepEqual(mergeTimeline([[], []]), []);
  });
});

describe('filters', () => {
  const events = [event('2026-03-01', 'intelligence', 'a', 'complaint'), event('2026-02-01', 'intelligence', 'b', 'healthwatch'), event('2026-01-01', 'cqc', 'c')];

  test('by kind, by source, by both, or not at all', () => {
    assert.deepEqual(filterTimeline(events, {}).map((e) => e.recordId), ['a', 'b', 'c']);
    assert.deepEqual(filterTimeline(events, { kind: 'cqc' }).map((e) => e.recordId), ['c']);
    assert.deepEqual(filterTimeline(events, { source: 'complaint' }).map((e) => e.recordId), ['a']);
    assert.deepEqual(filterTimeline(events, { kind: 'cqc', source: 'complaint' }), []);
    assert.deepEqual(filterTimeline(events, { kind: 'nothing' }), []);
  });

  test('the options are the kinds and sources present, in alphabetical order of their names', () => {
    assert.deepEqual(filterOptions(events), {
      kinds: [
        { value: 'cqc', text: 'CQC ratings' },
        { value: 'intelligence', text: 'Intelligence' },
      ],
      sources: [
        { value: 'complaint', text: 'COMPLAINT' },
        { value: 'healthwatch', text: 'HEALTHWATCH' },
      ],
    });
    assert.equal(kindLabel('provider_return'), 'Provider return');
  });
});

describe('pagination', () => {
  const many = Array.from({ length: 53 }, (_, i) => event(`2026-01-${String((i % 28) + 1).padStart(2, '0')}`, 'visit', `v${i}`));

  test('pages of the given size; out-of-range pages are brought back into range', () => {
    assert.deepEqual(
      [1, 2, 3].map((p) => pageOf(many, p, 25).items.length),
      [25, 25, 3],
    );
    assert.equal(pageOf(many, 99, 25).page, 3);
    assert.equal(pageOf(many, 0, 25).page, 1);
    assert.equal(pageOf(many, Number.NaN, 25).page, 1);
    assert.deepEqual(pageOf([], 1, 25), { items: [], page: 1, pageCount: 1, total: 0 });
    assert.equal(pageOf(many, 2, 25).items[0]!.recordId, 'v25');
  });

  test('links to the first, last and neighbouring pages with gaps between', () => {
    assert.deepEqual(pageLinks(1, 1), [1]);
    assert.deepEqual(pageLinks(1, 3), [1, 2, 3]);
    assert.deepEqual(pageLinks(5, 10), [1, 'gap', 4, 5, 6, 'gap', 10]);
    assert.deepEqual(pageLinks(1, 10), [1, 2, 'gap', 10]);
    assert.deepEqual(pageLinks(10, 10), [1, 'gap', 9, 10]);
    assert.deepEqual(pageLinks(3, 10), [1, 2, 3, 4, 'gap', 10]);
  });
});
