import { sql } from 'kysely';
import type { Tx } from '../../core/db/database.ts';
import type { ConcernReportsTable } from '../../core/db/schema.ts';
import { normalisePostcode } from '../../core/forms.ts';

/**
 * All SQL about public concern reports. The public side runs in the system's unit of work (there is no
 * signed-in user), so those functions select only what a member of the public may know: council and
 * service names and places, never a report.
 */

/** The next number of the year's references; the counter row serialises concurrent reports. */
export async function nextReferenceNumber(tx: Tx, year: number): Promise<number> {
  const row = await tx
    .insertInto('concern_reference_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`concern_reference_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export type NewReport = Omit<ConcernReportsTable, 'id' | 'status' | 'routed_to' | 'triage_notes' | 'triaged_by' | 'triaged_at' | 'submitted_at' | 'updated_at'> & { submitted_at: Date };

export async function insertReport(tx: Tx, report: NewReport) {
  return tx.insertInto('concern_reports').values(report).returning(['id', 'reference']).executeTakeFirstOrThrow();
}

export async function publicCouncils(tx: Tx) {
  return tx.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'council').orderBy('name').execute();
}

export async function publicCouncil(tx: Tx, id: string) {
  return tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', id).where('kind', '=', 'council').executeTakeFirst();
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Care services a member of the public can pick, by name, town or postcode (public facts only). */
export async function publicServiceSearch(tx: Tx, text: string, limit = 25) {
  const postcode = normalisePostcode(text);
  return tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.council_id')
    .select(['s.id', 's.name', 's.town', 's.postcode', 'o.name as council_name'])
    .where((eb) =>
      eb.or([
        eb(sql`lower(s.name)`, 'like', likePattern(text)),
        eb(sql`lower(coalesce(s.town, ''))`, 'like', likePattern(text)),
        ...(postcode ? [eb('s.postcode', '=', postcode)] : []),
        eb(sql`replace(lower(s.postcode), ' ', '')`, 'like', `${text.toLowerCase().replace(/[^a-z0-9]/g, '')}%`),
      ]),
    )
    .orderBy(sql`lower(s.name)`)
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

export async function publicService(tx: Tx, id: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('organisations as o', 'o.id', 's.council_id')
    .select(['s.id', 's.name', 's.town', 's.postcode', 's.council_id', 'o.name as council_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

const REPORT_COLUMNS = [
  'r.id',
  'r.reference',
  'r.council_id',
  'r.route',
  'r.service_id',
  's.name as service_display_name',
  'r.service_name',
  'r.what_happened',
  'r.happened_when',
  'r.person_name',
  'r.person_address',
  'r.consent',
  'r.reporter_name',
  'r.reporter_email',
  'r.reporter_phone',
  'r.reporter_relationship',
  'r.status',
  'r.routed_to',
  'r.triage_notes',
  'r.triaged_at',
  'u.name as triaged_by_name',
  'r.submitted_at',
  'i.id as intelligence_id',
  'i.service_id as linked_service_id',
  'ls.name as linked_service_name',
] as const;

function reports(tx: Tx) {
  return tx
    .selectFrom('concern_reports as r')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .leftJoin('users as u', 'u.id', 'r.triaged_by')
    .leftJoin('intelligence as i', 'i.concern_report_id', 'r.id')
    .leftJoin('services as ls', 'ls.id', 'i.service_id')
    .select(REPORT_COLUMNS);
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export async function findReport(tx: Tx, id: string) {
  return reports(tx).where('r.id', '=', id).executeTakeFirst();
}

/** One page of the triage queue, oldest first so nothing waits unseen. */
export type ReportStatusKey = 'new' | 'linked' | 'routed_onward' | 'closed';

export async function listReports(tx: Tx, status: ReportStatusKey, offset: number, limit: number) {
  return tx
    .selectFrom('concern_reports as r')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.reference', 'r.route', 'r.status', 'r.submitted_at', 'r.service_name', 's.name as service_display_name'])
    .where('r.status', '=', status)
    .orderBy('r.submitted_at', status === 'new' ? 'asc' : 'desc')
    .orderBy('r.id')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countByStatus(tx: Tx) {
  const rows = await tx.selectFrom('concern_reports').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>;
}

export async function updateTriage(
  tx: Tx,
  id: string,
  change: { status: ReportStatusKey; routedTo: 'safeguarding' | 'adult_social_care' | null; note: string | null; by: string },
) {
  const result = await tx
    .updateTable('concern_reports')
    .set({ status: change.status, routed_to: change.routedTo, triage_notes: change.note, triaged_by: change.by, triaged_at: sql<Date>`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
