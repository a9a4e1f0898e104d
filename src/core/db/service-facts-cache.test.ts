import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { councilAnswersCache, serviceAnswersCache, serviceFactsCache, visibleCouncilsAnswersCache, type ServiceVersions } from './service-facts-cache.ts';
import type { Tx } from './types.ts';

const tx = {} as Tx;

/** Versions as a test sets them, and a derive that notes what it was asked for. */
function world() {
  const state: { versions: Map<string, string>; shared: string; wrote: boolean } = { versions: new Map(), shared: 'cqc=1', wrote: false };
  const asked: string[][] = [];
  const versionsOf = async (): Promise<ServiceVersions> => ({ versions: new Map(state.versions), shared: state.shared, wrote: state.wrote });
  const derive = async (ids: readonly string[]) => {
    asked.push([...ids]);
    return new Map(ids.map((id) => [id, { id, at: `${state.versions.get(id) ?? '0'}/${state.shared}` }]));
  };
  return { state, asked, versionsOf, derive };
}

describe('services’ facts kept by version', () => {
  test('derives only the services whose version moved, and answers in the order asked', async () => {
    const w = world();
    const cache = serviceFactsCache(100, w.versionsOf);
    const first = await cache.keep(tx, 'scope', ['a', 'b', 'c'], w.derive);
    assert.deepEqual([...first.keys()], ['a', 'b', 'c']);
    w.state.versions.set('b', '7');
    const second = await cache.keep(tx, 'scope', ['c', 'b', 'a'], w.derive);
    assert.deepEqual(w.asked, [['a', 'b', 'c'], ['b']]);
    assert.deepEqual([...second.keys()], ['c', 'b', 'a']);
    assert.equal(second.get('b')!.at, '7/cqc=1');
    assert.equal(second.get('a'), first.get('a'), 'the kept answer itself');
    assert.ok(Object.isFrozen(second.get('a')), 'kept answers are frozen');
  });

  test('a shared version moving derives every service again', async () => {
    const w = world();
    const cache = serviceFactsCache(100, w.versionsOf);
    await cache.keep(tx, 'scope', ['a', 'b'], w.derive);
    w.state.shared = 'cqc=2';
    await cache.keep(tx, 'scope', ['a', 'b'], w.derive);
    assert.deepEqual(w.asked, [['a', 'b'], ['a', 'b']]);
  });

  test('scopes are kept apart: another person, another day', async () => {
    const w = world();
    const cache = serviceFactsCache(100, w.versionsOf);
    await cache.keep(tx, 'officer-1:2026-11-23', ['a'], w.derive);
    await cache.keep(tx, 'officer-2:2026-11-23', ['a'], w.derive);
    await cache.keep(tx, 'officer-1:2026-11-24', ['a'], w.derive);
    await cache.keep(tx, 'officer-1:2026-11-23', ['a'], w.derive);
    assert.deepEqual(w.asked, [['a'], ['a'], ['a']]);
    assert.equal(cache.size(), 3);
  });

  test('a unit of work that has written neither uses nor keeps anything', async () => {
    const w = world();
    const cache = serviceFactsCache(100, w.versionsOf);
    await cache.keep(tx, 'scope', ['a'], w.derive);
    w.state.wrote = true;
    await cache.keep(tx, 'scope', ['a', 'b'], w.derive);
    w.state.wrote = false;
    await cache.keep(tx, 'scope', ['a', 'b'], w.derive);
    assert.deepEqual(w.asked, [['a'], ['a', 'b'], ['b']]);
  });

  test('holds at most its capacity, letting the least recently stored go first; 0 keeps nothing', async () => {
    const w = world();
    const cache = serviceFactsCache(2, w.versionsOf);
    await cache.keep(tx, 'scope', ['a', 'b', 'c'], w.derive);
    assert.equal(cache.size(), 2);
    await cache.keep(tx, 'scope', ['b', 'c'], w.derive);
    await cache.keep(tx, 'scope', ['a'], w.derive);
    assert.deepEqual(w.asked, [['a', 'b', 'c'], ['a']]);

    const none = world();
    const off = serviceFactsCache(0, async () => assert.fail('the versions are not read when nothing is kept'));
    await off.keep(tx, 'scope', ['a'], none.derive);
    await off.keep(tx, 'scope', ['a'], none.derive);
    assert.deepEqual(none.asked, [['a'], ['a']]);
    assert.equal(off.size(), 0);
  });

  test('a service the derivation does not answer for is left out, and asked for again next time', async () => {
    const w = world();
    const cache = serviceFactsCache(100, w.versionsOf);
    const derive = async (ids: readonly string[]) => (w.asked.push([...ids]), new Map(ids.filter((id) => id !== 'gone').map((id) => [id, { id }])));
    assert.deepEqual([...(await cache.keep(tx, 'scope', ['a', 'gone'], derive)).keys()], ['a']);
    await cache.keep(tx, 'scope', ['a', 'gone'], derive);
    assert.deepEqual(w.asked, [['a', 'gone'], ['gone']]);
  });
});

describe('answers kept while a council’s services are unchanged', () => {
  test('read again when the digest moves or the unit of work has written; kept per key; 0 keeps none', async () => {
    const state = { digest: 'd1', wrote: false };
    let reads = 0;
    const read = async () => ({ n: ++reads });
    const cache = councilAnswersCache(2, async () => ({ ...state }));
    assert.deepEqual(await cache.remember(tx, 'officer-1', 'council', read), { n: 1 });
    assert.deepEqual(await cache.remember(tx, 'officer-1', 'council', read), { n: 1 }, 'kept');
    assert.deepEqual(await cache.remember(tx, 'officer-2', 'council', read), { n: 2 }, 'another key, its own answer');
    state.digest = 'd2';
    assert.deepEqual(await cache.remember(tx, 'officer-1', 'council', read), { n: 3 }, 'a service changed');
    state.wrote = true;
    assert.deepEqual(await cache.remember(tx, 'officer-1', 'council', read), { n: 4 }, 'the unit of work has written');
    state.wrote = false;
    assert.deepEqual(await cache.remember(tx, 'officer-1', 'council', read), { n: 3 }, 'what a unit that wrote read was not kept');
    await cache.remember(tx, 'officer-3', 'council', read);
    assert.equal(cache.size(), 2, 'at most its capacity');

    // a council whose version the caller may not read (or that has none yet): nothing kept
    const unknown = councilAnswersCache(2, async () => ({ digest: null, wrote: false }));
    const before = reads;
    await unknown.remember(tx, 'officer-1', 'council', read);
    await unknown.remember(tx, 'officer-1', 'council', read);
    assert.equal(reads, before + 2, 'read each time');
    assert.equal(unknown.size(), 0);

    const off = councilAnswersCache(0, async () => assert.fail('the versions are not read when nothing is kept'));
    await off.remember(tx, 'k', 'council', read);
    assert.deepEqual(await off.remember(tx, 'k', 'council', read), { n: 9 });
  });
});

describe('answers kept while the councils a viewer sees are unchanged', () => {
  test('read again when the stamp moves, the purpose differs or the unit of work has written; none for a null stamp; 0 keeps none', async () => {
    let reads = 0;
    const read = async () => ({ n: ++reads });
    const state: { digest: string | null; wrote: boolean; viewer: string } = { digest: 'north=1,west=4/cqc=1', wrote: false, viewer: 'north/placer' };
    const purposes: string[] = [];
    const cache = visibleCouncilsAnswersCache(3, async (_tx, purpose) => (purposes.push(purpose), { ...state }));
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 1 });
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 1 }, 'kept');
    assert.deepEqual(purposes, ['live_status', 'live_status'], 'the versions of the councils visible for the purpose');
    state.digest = 'north=1,west=5/cqc=1';
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 2 }, 'a visible council changed');
    state.digest = 'north=1/cqc=1';
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 3 }, 'a council stopped sharing');
    state.wrote = true;
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 4 }, 'the unit of work has written');
    state.wrote = false;
    assert.deepEqual(await cache.remember(tx, 'q=court', 'live_status', read), { n: 3 }, 'what a unit that wrote read was not kept');
    state.digest = null;
    await cache.remember(tx, 'q=court', 'live_status', read);
    assert.equal(reads, 5, 'a viewer who sees services by provider: read afresh');

    const off = visibleCouncilsAnswersCache(0, async () => assert.fail('the versions are not read when nothing is kept'));
    await off.remember(tx, 'k', 'live_status', read);
    assert.equal(reads, 6);
  });
});

describe('answers kept while one service is unchanged', () => {
  test('read again when its version or a shared one moves, or the unit of work has written; least recently used go first; 0 keeps none', async () => {
    const { state, versionsOf } = world();
    const asked: string[][] = [];
    let reads = 0;
    const read = async () => ({ n: ++reads });
    const cache = serviceAnswersCache(2, async (_tx, ids) => (asked.push([...ids]), versionsOf()));
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 1 });
    assert.deepEqual(asked, [['oak']], 'only that service’s version is read');
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 1 }, 'kept');
    state.versions.set('elm', '7');
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 1 }, 'another service changed: still kept');
    state.versions.set('oak', '8');
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 2 }, 'the service changed');
    state.shared = 'cqc=2';
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 3 }, 'a shared version moved');
    state.wrote = true;
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 4 }, 'the unit of work has written');
    state.wrote = false;
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 3 }, 'what a unit that wrote read was not kept');
    assert.deepEqual(await cache.remember(tx, 'page:commissioner:oak', 'oak', read), { n: 5 }, 'another key, its own answer');
    // the officer's page was used since the commissioner's was stored: the commissioner's goes first
    await cache.remember(tx, 'page:officer:oak', 'oak', read);
    await cache.remember(tx, 'page:officer:elm', 'elm', read);
    assert.equal(cache.size(), 2, 'at most its capacity');
    assert.deepEqual(await cache.remember(tx, 'page:officer:oak', 'oak', read), { n: 3 }, 'the most recently used is still kept');
    assert.deepEqual(await cache.remember(tx, 'page:commissioner:oak', 'oak', read), { n: 7 }, 'the least recently used went');
    assert.ok(Object.isFrozen(await cache.remember(tx, 'page:officer:oak', 'oak', read)), 'kept answers are frozen');

    const off = serviceAnswersCache(0, async () => assert.fail('the versions are not read when nothing is kept'));
    assert.deepEqual(await off.remember(tx, 'k', 'oak', read), { n: 8 });
    assert.deepEqual(await off.remember(tx, 'k', 'oak', read), { n: 9 });
  });
});

describe('answers under a stamp that has moved are let go', () => {
  test('a council’s digest or a service’s version moving lets its other answers go at once, and no one else’s', async () => {
    const state = { digests: new Map([['north', 'd1'], ['west', 'w1']]), wrote: false };
    const read = async () => ({ at: Date.now() });
    const councils = councilAnswersCache(10, async (_tx, councilId) => ({ digest: state.digests.get(councilId)!, wrote: false }));
    await councils.remember(tx, 'officer-1', 'north', read);
    await councils.remember(tx, 'officer-2', 'north', read);
    await councils.remember(tx, 'officer-9', 'west', read);
    assert.equal(councils.size(), 3);
    state.digests.set('north', 'd2');
    await councils.remember(tx, 'officer-1', 'north', read);
    assert.equal(councils.size(), 2, 'officer-2’s answer under the old digest went; west’s stays');

    const { state: versions, versionsOf } = world();
    const services = serviceAnswersCache(10, versionsOf);
    await services.remember(tx, 'page:officer:oak', 'oak', read);
    await services.remember(tx, 'page:commissioner:oak', 'oak', read);
    await services.remember(tx, 'page:officer:elm', 'elm', read);
    versions.versions.set('oak', '5');
    await services.remember(tx, 'page:officer:oak', 'oak', read);
    assert.equal(services.size(), 2, 'the commissioner’s page under the old version went; elm’s stays');
    versions.shared = 'cqc=9';
    await services.remember(tx, 'page:officer:elm', 'elm', read);
    assert.equal(services.size(), 2, 'a shared version moving lets each service’s old answers go as it is next asked for');

    // someone who may not see a service sees no version of it: their stamp is not a move of anyone else's
    let viewer = 'north/officer';
    const seen = serviceAnswersCache(10, async () => ({ versions: new Map(viewer === 'north/officer' ? [['oak', '5']] : []), shared: 'cqc=1', wrote: false, viewer }));
    const first = await seen.remember(tx, 'page:officer:oak', 'oak', read);
    viewer = 'west/placer';
    await seen.remember(tx, 'page:placer:oak', 'oak', read);
    viewer = 'north/officer';
    assert.equal(await seen.remember(tx, 'page:officer:oak', 'oak', read), first, 'the officer’s page is still kept');
  });
});
