/**
 * The Live Status List at national scale. A placing officer of the largest council searches the list,
 * which holds its own services and those of the ten councils that share with it, each with a handful of
 * services suspended, in the concerns procedure or under a contractual process. Each search is timed over
 * real HTTP, straight through the repository's live_status() query (the database's share), and against a
 * bare route (the HTTP floor).
 */
import type { BenchContext } from './context.ts';
import { heading, line, measure, printRatio, printStats, thousands, type Stats } from './measure.ts';
import { paths, withQuery } from '../src/core/http/paths.ts';
import { liveStatus } from '../src/status/status.repository.ts';

const N = 200;
const WARMUP = 20;
const SHARING_COUNCILS = 10;
/** Of every council that shares, one service in this many carries a suspension, a case or a process. */
const ESCALATED_ONE_IN = 25;

export default async function liveStatusBench(context: BenchContext): Promise<void> {
  const national = await context.national();
  const { largest, data } = national;
  const placerEmail = `placing.officer@${largest.code.toLowerCase()}.example.gov.uk`;
  const commissionerEmail = `commissioner@${largest.code.toLowerCase()}.example.gov.uk`;
  const sharing = [...data.councils].filter((c) => c.id !== largest.id).sort((a, b) => b.services - a.services).slice(0, SHARING_COUNCILS);
  const visibleCouncils = new Set([largest.id, ...sharing.map((c) => c.id)]);
  const visible = data.services.filter((s) => visibleCouncils.has(s.councilId));
  const escalated = visible.filter((_, i) => i % ESCALATED_ONE_IN === 0);

  // Sharing agreements and escalation records of our own: the demo's rows are left as they are.
  const commissioner = data.users.find((u) => u.email === commissionerEmail);
  await context.store.asSystem(async (tx) => {
    await tx
      .insertInto('sharing_agreements')
      .values(sharing.map((c) => ({ council_id: c.id, with_org_id: largest.id, live_status: true, alerts: true, enter_and_view: false, created_by: null })))
      .execute();
    const byCouncilUser = new Map(data.users.filter((u) => u.role === 'commissioner').map((u) => [u.orgId, u.id]));
    for (const [i, s] of escalated.entries()) {
      const by = byCouncilUser.get(s.councilId) ?? commissioner?.id;
      if (!by) continue;
      if (i % 3 === 0) {
        const { id } = await tx
          .insertInto('suspensions')
          .values({ council_id: s.councilId, service_id: s.id, scope: i % 2 ? 'full' : 'partial', detail: i % 2 ? null : 'Nursing beds only', reason: 'Bench', starts_on: '2026-01-05', scope_since: '2026-01-05', created_by: by })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.insertInto('suspension_events').values({ council_id: s.councilId, suspension_id: id, kind: 'started', occurred_on: '2026-01-05', scope_after: i % 2 ? 'full' : 'partial', reason: 'Bench', recorded_by: by }).execute();
      } else if (i % 3 === 1) {
        await tx.insertInto('concerns_cases').values({ council_id: s.councilId, service_id: s.id, stage: 1 + (i % 5), reason: 'Bench', opened_on: '2026-01-05', opened_by: by }).execute();
      } else {
        await tx.insertInto('contract_processes').values({ council_id: s.councilId, service_id: s.id, kind: 'remedies_for_poor_performance', reason: 'Bench', started_on: '2026-01-05', started_by: by }).execute();
      }
    }
  });
  line('councils sharing with the searcher', String(sharing.length));
  line('services on the searcher’s list', thousands(visible.length));
  line('services with a suspension, case or process', thousands(escalated.length));

  const actor = await context.actorFor(placerEmail);
  const token = await context.tokenFor(placerEmail);
  const { baseUrl } = await context.server();
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const getBody = async (url: string) => {
    const response = await fetch(baseUrl + url, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  };
  const direct = (query: Parameters<typeof liveStatus>[1]) => () => context.store.asUser(actor, (tx) => liveStatus(tx, query));
  const bare: Operation = ['HTTP GET /healthz', () => getBody(paths.healthz)];

  const withCqc = visible.find((s) => s.cqcLocationId && s.councilId !== largest.id);
  const postcodeArea = (visible.find((s) => s.councilId !== largest.id) ?? visible[0]!).postcode.split(' ')[0]!;
  const searches: { title: string; query: Record<string, string>; repo: Parameters<typeof liveStatus>[1] }[] = [
    { title: 'by name "court"', query: { q: 'court' }, repo: { q: 'court', purpose: 'live_status', limit: 101 } },
    { title: `by postcode "${postcodeArea}"`, query: { postcode: postcodeArea }, repo: { postcode: postcodeArea, purpose: 'live_status', limit: 101 } },
    ...(withCqc ? [{ title: `by CQC location id ${withCqc.cqcLocationId}`, query: { cqcLocationId: withCqc.cqcLocationId! }, repo: { cqcLocationId: withCqc.cqcLocationId!, purpose: 'live_status' as const, limit: 101 } }] : []),
    { title: 'no search: the services with something against them', query: { concernsOnly: 'true' }, repo: { concernsOnly: true, purpose: 'live_status', limit: 101 } },
  ];

  const results: { title: string; http: Stats; direct: Stats }[] = [];
  for (const search of searches) {
    const url = withQuery(paths.status.api, search.query);
    const first = JSON.parse(await getBody(url)) as { items: unknown[] };
    heading(`Live status ${search.title}: ${first.items.length} items in the first page`);
    const compared = await compare({
      http: [`HTTP GET ${url}`, () => getBody(url)],
      direct: ['direct live_status()', direct(search.repo)],
      bare,
    });
    results.push({ title: search.title, ...compared });
  }

  heading('CSV of the whole list (every visible service), once each');
  const csvUrl = paths.status.csv;
  const csvStart = performance.now();
  const csv = await fetch(baseUrl + csvUrl, { headers: { authorization: `Bearer ${token}` } });
  const csvText = await csv.text();
  line(`GET ${csvUrl} (${csv.status})`, `${thousands(performance.now() - csvStart)} ms, ${thousands(csvText.split('\r\n').length - 2)} rows`);

  heading('Summary (mean ms: HTTP / direct)');
  for (const r of results) line(r.title, `${r.http.meanMs.toFixed(2)} / ${r.direct.meanMs.toFixed(2)}`);
}

type Operation = readonly [label: string, run: (i: number) => Promise<unknown>];

async function compare(operations: { http: Operation; direct: Operation; bare: Operation }) {
  const options = { n: N, warmup: WARMUP };
  const http = await measure(operations.http[0], operations.http[1], options);
  const direct = await measure(operations.direct[0], operations.direct[1], options);
  const bare = await measure(operations.bare[0], operations.bare[1], options);
  printStats([http, direct, bare]);
  printRatio('HTTP / direct (cost of the app around the query)', http, direct);
  printRatio('HTTP / bare route (the route’s work over the HTTP floor)', http, bare);
  return { http, direct, bare };
}
