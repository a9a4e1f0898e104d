/**
 * The care homes and performance dashboards at national scale. A commissioner of the largest council opens
 * each dashboard (the current financial year, no filter): over real HTTP (the JSON API), through the service
 * the route calls (every read model, in one unit of work), and against a plain aggregate query over the same
 * rows in the same run (the council's care homes counted by their latest CQC rating; the visits of the
 * period counted by officer), the floor any dashboard stands on. Then every council's dashboards once, one
 * council after another: the England-wide figures, against one aggregate query over all councils' rows.
 */
import { sql } from 'kysely';
import type { BenchContext } from './context.ts';
import { heading, line, measure, printRatio, printStats, thousands, timeOnce } from './measure.ts';
import { today } from '../src/core/clock.ts';
import { paths } from '../src/core/http/paths.ts';

const N = 100;
const WARMUP = 10;
const CARE_HOMES = ['care_home_older_people', 'care_home_adults_with_disabilities'];

/** The current financial year, as the dashboards default to it. */
function financialYear(on: string): { from: string; to: string } {
  const [y, m] = on.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

export default async function dashboardsBench(context: BenchContext): Promise<void> {
  const { largest, data } = await context.national();
  const email = `commissioner@${largest.code.toLowerCase()}.example.gov.uk`;
  const actor = await context.actorFor(email);
  const token = await context.tokenFor(email);
  const { baseUrl, services } = await context.server();
  const period = financialYear(today());
  line('council', `${largest.name} (${thousands(largest.services)} services)`);

  const getJson = async (url: string) => {
    const response = await fetch(baseUrl + url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
    return body;
  };

  // The floors: one aggregate query each over the rows the dashboard reads, in the same unit of work as the user.
  const careHomesAggregate = (councilId: string | null) => () =>
    context.store.asUser(actor, (tx) =>
      sql`select r.overall, count(*) as services, sum(s.beds) as beds
          from services s
          left join lateral (select overall from cqc_ratings c where c.location_id = s.cqc_location_id order by coalesce(c.published_on, c.first_seen_on) desc limit 1) r on true
          where s.category in (${sql.join(CARE_HOMES)}) and (${councilId}::uuid is null or s.council_id = ${councilId}::uuid)
          group by r.overall`.execute(tx),
    );
  const visitsAggregate = (councilId: string | null) => () =>
    context.store.asUser(actor, (tx) =>
      sql`select v.officer_id, count(*) from visits v
          where v.visited_on between ${period.from} and ${period.to} and v.cancelled_on is null
            and (${councilId}::uuid is null or v.council_id = ${councilId}::uuid)
          group by v.officer_id`.execute(tx),
    );

  const dashboards = [
    {
      name: 'Care homes',
      url: paths.dashboards.apiCareHomes,
      service: () => services.dashboards.careHomes(actor, {}),
      aggregate: careHomesAggregate(largest.id),
    },
    {
      name: 'Performance',
      url: paths.dashboards.apiPerformance,
      service: () => services.dashboards.performance(actor, {}),
      aggregate: visitsAggregate(largest.id),
    },
  ];
  const summary: string[] = [];
  for (const d of dashboards) {
    heading(`${d.name} dashboard of one council (${largest.code})`);
    const http = await measure(`HTTP GET ${d.url}`, () => getJson(d.url), { n: N, warmup: WARMUP });
    const service = await measure('service layer (every read model, one unit of work)', d.service, { n: N, warmup: WARMUP });
    const aggregate = await measure('plain aggregate query over the same rows', d.aggregate, { n: N, warmup: WARMUP });
    printStats([http, service, aggregate]);
    printRatio('HTTP / plain aggregate', http, aggregate);
    printRatio('service layer / plain aggregate', service, aggregate);
    summary.push(`${d.name}: ${http.meanMs.toFixed(1)} ms over HTTP, ${(http.meanMs / aggregate.meanMs).toFixed(1)}× the aggregate`);
  }

  heading(`Every council’s dashboards once, one after another (${data.councils.length} councils)`);
  const commissioners = await Promise.all(data.councils.map((c) => context.actorFor(`commissioner@${c.code.toLowerCase()}.example.gov.uk`)));
  const everyCareHomes = await timeOnce(async () => {
    for (const a of commissioners) await services.dashboards.careHomes(a, {});
  });
  const everyPerformance = await timeOnce(async () => {
    for (const a of commissioners) await services.dashboards.performance(a, {});
  });
  // The England-wide floor runs as the system (no row-level security): one query over every council's rows.
  const englandCareHomes = await timeOnce(() =>
    context.store.asSystem((tx) =>
      sql`select s.council_id, r.overall, count(*) from services s
          left join lateral (select overall from cqc_ratings c where c.location_id = s.cqc_location_id order by coalesce(c.published_on, c.first_seen_on) desc limit 1) r on true
          where s.category in (${sql.join(CARE_HOMES)}) group by s.council_id, r.overall`.execute(tx),
    ),
  );
  const englandVisits = await timeOnce(() =>
    context.store.asSystem((tx) =>
      sql`select v.council_id, v.officer_id, count(*) from visits v
          where v.visited_on between ${period.from} and ${period.to} and v.cancelled_on is null group by v.council_id, v.officer_id`.execute(tx),
    ),
  );
  line('care homes, every council', `${thousands(everyCareHomes.ms)} ms (${(everyCareHomes.ms / Math.max(englandCareHomes.ms, 0.01)).toFixed(1)}× one aggregate over all councils: ${englandCareHomes.ms.toFixed(1)} ms)`);
  line('performance, every council', `${thousands(everyPerformance.ms)} ms (${(everyPerformance.ms / Math.max(englandVisits.ms, 0.01)).toFixed(1)}× one aggregate over all councils: ${englandVisits.ms.toFixed(1)} ms)`);

  heading('Summary');
  for (const s of summary) line('', s);
}
