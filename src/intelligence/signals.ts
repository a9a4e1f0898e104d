import { sql } from 'kysely';
import type { Tx } from '../core/db/database.js';
import { SOURCE_KEYS, type Source } from './intelligence.rules.js';

/**
 * What the intelligence record says about a service, in counts, for proposing Provider Risk Rating
 * scores (seed 004: safeguarding and complaints "over a six month period", information from other
 * sources "in the last 6 months", financial viability). No personal details, only numbers. Run it in the
 * caller's unit of work: row-level security still decides what the caller may count.
 */
export interface IntelligenceSignals {
  /** The first day of the window: six months before today. */
  readonly since: string;
  readonly today: string;
  /** Entries received in the window, by source. */
  readonly bySource: Readonly<Record<Source, number>>;
  /** Entries flagged as safeguarding (alerts and Section 42 enquiries) received in the window. */
  readonly safeguardingAlerts: number;
  /** Section 42 enquiries received in the window, open or concluded. */
  readonly section42Enquiries: number;
  /** Section 42 enquiries still open, whenever they started. */
  readonly section42Open: number;
  /** Safeguarding entries in the window rated red. */
  readonly safeguardingRed: number;
  readonly complaints: { readonly total: number; readonly red: number; readonly amber: number; readonly green: number; readonly substantiated: number };
  readonly whistleblowing: number;
  readonly financialAlerts: { readonly total: number; readonly red: number; readonly amber: number; readonly open: number };
  /** Entries in the window from sources other than CQC, complaints, safeguarding, financial checks and the officer. */
  readonly otherSources: { readonly total: number; readonly notClosed: number; readonly red: number };
  /** Entries not yet closed (open or under review), whenever received. */
  readonly openEntries: number;
  readonly latestReceivedOn: string | null;
}

const OTHER_SOURCES: readonly Source[] = SOURCE_KEYS.filter(
  (s) => !['cqc', 'complaint', 'safeguarding', 'financial_check', 'officer', 'whistleblowing'].includes(s),
);

/** Six calendar months before an ISO date, clamped to the month's last day (31 August → 28 February). */
export function sixMonthsBefore(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) - 6;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export async function intelligenceSignals(tx: Tx, serviceId: string, today: string): Promise<IntelligenceSignals> {
  const since = sixMonthsBefore(today);
  const inWindow = sql`received_on >= ${since}::date and received_on <= ${today}::date`;
  const row = await sql<Record<string, number | string | null>>`
    select
      count(*) filter (where ${inWindow} and safeguarding) as safeguarding_alerts,
      count(*) filter (where ${inWindow} and section42_status is not null) as section42_enquiries,
      count(*) filter (where section42_status = 'open') as section42_open,
      count(*) filter (where ${inWindow} and safeguarding and severity = 'red') as safeguarding_red,
      count(*) filter (where ${inWindow} and source = 'complaint') as complaints,
      count(*) filter (where ${inWindow} and source = 'complaint' and severity = 'red') as complaints_red,
      count(*) filter (where ${inWindow} and source = 'complaint' and severity = 'amber') as complaints_amber,
      count(*) filter (where ${inWindow} and source = 'complaint' and severity = 'green') as complaints_green,
      count(*) filter (where ${inWindow} and source = 'complaint' and substantiated = 'yes') as complaints_substantiated,
      count(*) filter (where ${inWindow} and source = 'whistleblowing') as whistleblowing,
      count(*) filter (where ${inWindow} and source = 'financial_check') as financial,
      count(*) filter (where ${inWindow} and source = 'financial_check' and severity = 'red') as financial_red,
      count(*) filter (where ${inWindow} and source = 'financial_check' and severity = 'amber') as financial_amber,
      count(*) filter (where source = 'financial_check' and status <> 'closed') as financial_open,
      count(*) filter (where ${inWindow} and source in (${sql.join(OTHER_SOURCES)})) as other_sources,
      count(*) filter (where ${inWindow} and source in (${sql.join(OTHER_SOURCES)}) and status <> 'closed') as other_not_closed,
      count(*) filter (where ${inWindow} and source in (${sql.join(OTHER_SOURCES)}) and severity = 'red') as other_red,
      count(*) filter (where status <> 'closed') as open_entries,
      max(received_on)::text as latest_received_on
    from intelligence where service_id = ${serviceId}`.execute(tx);
  const bySourceRows = await tx
    .selectFrom('intelligence')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('service_id', '=', serviceId)
    .where('received_on', '>=', since)
    .where('received_on', '<=', today)
    .groupBy('source')
    .execute();
  const r = row.rows[0] ?? {};
  const n = (key: string) => Number(r[key] ?? 0);
  const bySource = Object.fromEntries(SOURCE_KEYS.map((s) => [s, 0])) as Record<Source, number>;
  for (const { source, n: count } of bySourceRows) if (source in bySource) bySource[source as Source] = Number(count);
  return {
    since,
    today,
    bySource,
    safeguardingAlerts: n('safeguarding_alerts'),
    section42Enquiries: n('section42_enquiries'),
    section42Open: n('section42_open'),
    safeguardingRed: n('safeguarding_red'),
    complaints: {
      total: n('complaints'),
      red: n('complaints_red'),
      amber: n('complaints_amber'),
      green: n('complaints_green'),
      substantiated: n('complaints_substantiated'),
    },
    whistleblowing: n('whistleblowing'),
    financialAlerts: { total: n('financial'), red: n('financial_red'), amber: n('financial_amber'), open: n('financial_open') },
    otherSources: { total: n('other_sources'), notClosed: n('other_not_closed'), red: n('other_red') },
    openEntries: n('open_entries'),
    latestReceivedOn: (r.latest_received_on as string | null | undefined) ?? null,
  };
}

/**
 * Services with a Section 42 enquiry open, for the live status (seed 002: safeguarding alerts shared
 * with partners when an enquiry commences). Only ids and dates: never a summary or detail.
 */
export async function openSection42Enquiries(tx: Tx, serviceIds: readonly string[]) {
  if (!serviceIds.length) return new Map<string, { since: string }>();
  const rows = await tx
    .selectFrom('intelligence')
    .select(['service_id', (eb) => eb.fn.min('received_on').as('since')])
    .where('service_id', 'in', serviceIds)
    .where('section42_status', '=', 'open')
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { since: String(r.since) }]));
}
