/**
 * The service register at national scale: how long the national demo takes to load, then the cost of
 * the two register reads people make most (a search, a service) over real HTTP, compared with the same
 * read straight through the repository (the database's share) and with a bare route (the HTTP floor).
 */
import type { BenchContext } from './context.ts';
import { heading, line, measure, megabytes, printRatio, printStats, thousands, type Stats } from './measure.ts';
import { paths, withQuery } from '../src/core/http/paths.ts';
import { findService, searchServices } from '../src/providers/services.repository.ts';

const SEARCH_TERM = 'court';
const LIMIT = 50;
const N = 200;
const WARMUP = 20;

export default async function registerBench(context: BenchContext): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const national = await context.national();
  line('councils / services generated', `${national.data.councils.length} / ${thousands(national.data.services.length)}`);
  line('providers / contracts / users', `${thousands(national.summary.providers)} / ${thousands(national.summary.contracts)} / ${national.summary.users}`);
  line('generate (in memory)', `${thousands(national.generateMs)} ms`);
  line(`load into ${context.database}`, `${thousands(national.loadMs)} ms (generation included)`);
  line('services loaded per second', thousands((national.summary.services / national.loadMs) * 1000));
  line('process RSS before / after the load', `${megabytes(national.rssBefore)} / ${megabytes(national.rssAfter)}`);

  const { largest, officerEmail } = national;
  const actor = await context.actorFor(officerEmail);
  const token = await context.tokenFor(officerEmail);
  const { baseUrl, services } = await context.server();
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const getJson = async (url: string) => {
    const response = await fetch(baseUrl + url, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  };
  const options = { n: N, warmup: WARMUP };

  const councilServices = national.data.services.filter((s) => s.councilId === largest.id);
  const matching = councilServices.filter((s) => s.name.toLowerCase().includes(SEARCH_TERM)).length;
  heading(`Search "${SEARCH_TERM}" (limit ${LIMIT}) as a quality officer of ${largest.name}: ${largest.services} services, ${matching} with "${SEARCH_TERM}" in the name`);
  const searchUrl = withQuery(paths.api.services, { q: SEARCH_TERM, limit: LIMIT });
  const first = JSON.parse(await getJson(searchUrl)) as { items: unknown[] };
  line('items in the first page over HTTP', String(first.items.length));
  const search = await compare(options, {
    http: ['HTTP GET /api/v1/services?q=…', () => getJson(searchUrl)],
    direct: ['direct searchServices()', () => context.store.asUser(actor, (tx) => searchServices(tx, { q: SEARCH_TERM, councilId: actor.orgId, sort: 'name', limit: LIMIT }))],
    layer: ['service layer listForApi()', () => services.services.listForApi(actor, { q: SEARCH_TERM, limit: LIMIT })],
    bare: ['HTTP GET /healthz', () => getJson(paths.healthz)],
  });

  // A different service each time, as people open one after another from a list.
  const ids = councilServices.slice(0, 50).map((s) => s.id);
  const idAt = (i: number) => ids[i % ids.length]!;
  heading(`Service page: GET /api/v1/services/{id} over ${ids.length} services of ${largest.name}`);
  const page = await compare(options, {
    http: ['HTTP GET /api/v1/services/{id}', (i) => getJson(paths.api.service(idAt(i)))],
    direct: ['direct findService()', (i) => context.store.asUser(actor, (tx) => findService(tx, idAt(i)))],
    layer: ['service layer detail()', (i) => services.services.detail(actor, idAt(i))],
    bare: ['HTTP GET /healthz', () => getJson(paths.healthz)],
  });

  heading('Summary');
  line('search: HTTP mean / direct mean', `${search.http.meanMs.toFixed(2)} / ${search.direct.meanMs.toFixed(2)} ms`);
  line('service: HTTP mean / direct mean', `${page.http.meanMs.toFixed(2)} / ${page.direct.meanMs.toFixed(2)} ms`);
  line('process RSS before / after the requests', `${megabytes(rssBefore)} / ${megabytes(process.memoryUsage().rss)}`);
}

type Operation = readonly [label: string, run: (i: number) => Promise<unknown>];

/**
 * The three figures of each read, plus the service layer the route calls (the query and whatever the
 * service adds: validation, contributed fields), which says where the HTTP / direct gap goes.
 */
async function compare(
  options: { n: number; warmup: number },
  operations: { http: Operation; direct: Operation; layer: Operation; bare: Operation },
): Promise<{ http: Stats; direct: Stats; layer: Stats; bare: Stats }> {
  const http = await measure(operations.http[0], operations.http[1], options);
  const direct = await measure(operations.direct[0], operations.direct[1], options);
  const layer = await measure(operations.layer[0], operations.layer[1], options);
  const bare = await measure(operations.bare[0], operations.bare[1], options);
  printStats([http, direct, layer, bare]);
  printRatio('HTTP / direct (the app around the query)', http, direct);
  printRatio('HTTP / service layer (HTTP, token, JSON)', http, layer);
  printRatio('HTTP / bare route (the route over the floor)', http, bare);
  return { http, direct, layer, bare };
}
