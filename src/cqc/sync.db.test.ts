import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { syncFromApi, CqcApiError } from './sync.ts';
import { counts } from './cqc.test-support.ts';

const KEY = 'test-subscription-key';
const recorded = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/api/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * A stand-in for the CQC API on this machine, serving recorded responses. It checks the subscription key,
 * answers the first provider request with 429 to make the client wait and retry, and records every request.
 */
function cqcApiServer() {
  const requests: string[] = [];
  const overrides = new Map<string, unknown>();
  let throttled = false;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (request.headers['ocp-apim-subscription-key'] !== KEY) return send(401, { statusCode: 401, message: 'Access denied due to missing subscription key.' });
    const location = /^\/public\/v1\/locations\/([^/]+)$/.exec(url.pathname);
    const provider = /^\/public\/v1\/providers\/([^/]+)$/.exec(url.pathname);
    try {
      if (url.pathname === '/public/v1/locations') {
        // the first page is asked for with the filter; later ones follow the API's own nextPageUri
        const page = url.searchParams.get('page') ?? '1';
        if (page === '1' && url.searchParams.get('inspectionDirectorate') !== 'Adult social care') return send(400, { message: 'expected the adult social care filter' });
        return send(200, recorded(`locations-page-${page}`));
      }
      if (url.pathname === '/public/v1/changes/location') {
        if (!url.searchParams.get('startTimestamp') || !url.searchParams.get('endTimestamp')) return send(400, {});
        return send(200, recorded('changes-location'));
      }
      if (location) return send(200, overrides.get(location[1]!) ?? recorded(`location-${location[1]}`));
      if (provider) {
        if (!throttled) {
          throttled = true;
          return send(429, { message: 'Rate limit is exceeded.' }, { 'retry-after': '0' });
        }
        return send(200, recorded(`provider-${provider[1]}`));
      }
    } catch {
      return send(404, { statusCode: 404, message: 'Resource not found' });
    }
    return send(404, {});
  });
  return { server, requests, overrides };
}

for (const database of testDatabases()) {
  describe(`CQC API sync (${database.name})`, () => {
    let store: Store;
    let api: ReturnType<typeof cqcApiServer>;
    let baseUrl: string;

    before(async () => {
      store = await database.open();
      api = cqcApiServer();
      await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/public/v1`;
    });
    after(async () => {
      await new Promise((resolve) => (api.server).close(resolve));
      await store.close();
    });

    test('a wrong key changes nothing and says what to check', async () => {
      await assert.rejects(
        syncFromApi(store, { baseUrl, apiKey: 'wrong', keepGoodRows: false, today: '2026-01-10' }),
        (error: unknown) => error instanceof CqcApiError && /answered 401 .*check CQC_API_KEY/.test(error.message),
      );
      assert.deepEqual(await counts(store), { locations: 0, ratings: 0, services: 0, providers: 0 });
    });

    test('the first sync lists every adult social care location page by page, and registers the council\'s area', async () => {
      const council = await makeCouncil(store, 'East Sussex County Council');
      const summary = await syncFromApi(store, {
        baseUrl,
        apiKey: KEY,
        keepGoodRows: false,
        council: { id: council.org.id, localAuthority: 'East Sussex' },
        today: '2026-01-10',
        now: new Date('2026-01-10T06:00:00Z'),
      });
      assert.deepEqual(
        { rowsRead: summary.rowsRead, created: summary.created, skipped: summary.skipped, ratingsAdded: summary.ratingsAdded, servicesCreated: summary.servicesCreated, rejected: summary.rejected },
        { rowsRead: 5, created: 4, skipped: 1, ratingsAdded: 2 + 2 + 1 + 1, servicesCreated: 1, rejected: [] },
      );
      assert.ok(api.requests.some((r) => r.startsWith('/public/v1/locations?inspectionDirectorate=Adult%20social%20care&page=1')));
      assert.ok(api.requests.includes('/public/v1/locations?page=2&perPage=3'), 'followed nextPageUri');
      const kingswood = await store.asSystem((tx) => tx.selectFrom('cqc_locations').selectAll().where('location_id', '=', '1-1000210669').executeTakeFirstOrThrow());
      assert.equal(kingswood.provider_name, 'Innowood Limited', 'the provider name came from /providers, after one 429');
      assert.equal(kingswood.provider_company_number, '04184924');
      const service = await store.asSystem((tx) =>
        tx.selectFrom('services').innerJoin('providers', 'providers.id', 'services.provider_id').select(['services.name', 'services.category', 'services.postcode', 'services.beds', 'providers.name as provider']).where('services.council_id', '=', council.org.id).execute(),
      );
      assert.deepEqual(service, [{ name: 'Kingswood House Nursing Home', category: 'care_home_older_people', postcode: 'TN37 6HR', beds: 28, provider: 'Innowood Limited' }]);
      const sale = await store.asSystem((tx) => tx.selectFrom('cqc_locations').select('registration_status').where('location_id', '=', '1-1000312641').executeTakeFirstOrThrow());
      assert.equal(sale.registration_status, 'deregistered');
    });

    test('the next sync reads the changes feed from where the last ended, and adds only what is new', async () => {
      const updated = recorded('location-1-1000210669');
      const current = (updated.currentRatings as { overall: Record<string, unknown> }).overall;
      updated.historicRatings = [...(updated.historicRatings as unknown[]), { reportDate: current.reportDate, overall: { rating: current.rating, keyQuestionRatings: current.keyQuestionRatings } }];
      updated.currentRatings = { overall: { rating: 'Good', reportDate: '2026-01-20', keyQuestionRatings: [{ name: 'Safe', rating: 'Good', reportDate: '2026-01-20' }] } };
      api.overrides.set('1-1000210669', updated);
      api.requests.length = 0;

      const summary = await syncFromApi(store, { baseUrl, apiKey: KEY, keepGoodRows: false, today: '2026-02-01', now: new Date('2026-02-01T06:00:00Z') });
      const changes = api.requests.find((r) => r.startsWith('/public/v1/changes/location'))!;
      assert.match(changes, /startTimestamp=2026-01-10T06%3A00%3A00Z&endTimestamp=2026-02-01T06%3A00%3A00Z/);
      assert.deepEqual(
        { rowsRead: summary.rowsRead, updated: summary.updated, ratingsAdded: summary.ratingsAdded, ratingsChanged: summary.ratingsChanged },
        { rowsRead: 1, updated: 1, ratingsAdded: 1, ratingsChanged: 2 },
      );
      const again = await syncFromApi(store, { baseUrl, apiKey: KEY, keepGoodRows: false, today: '2026-02-02', now: new Date('2026-02-02T06:00:00Z') });
      assert.deepEqual({ unchanged: again.unchanged, ratingsAdded: again.ratingsAdded }, { unchanged: 1, ratingsAdded: 0 });
    });

    test('a location the API no longer has is a rejected row', async () => {
      const summary = await syncFromApi(store, { baseUrl: `${baseUrl}`, apiKey: KEY, keepGoodRows: true, today: '2026-02-03', since: new Date('2026-02-02T06:00:00Z'), now: new Date('2026-02-03T06:00:00Z'), fetch: missing(baseUrl) });
      assert.deepEqual(summary.rejected, [{ row: 1, reason: 'the CQC API has no location 1-1000210669' }]);
    });
  });
}

/** Passes requests to the local server, except that every location is gone. */
function missing(baseUrl: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(`${baseUrl}/locations/`)) return Promise.resolve(new Response('{}', { status: 404 }));
    return fetch(input, init);
  };
}
