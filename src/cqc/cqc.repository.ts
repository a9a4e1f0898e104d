import { sql, type Selectable } from 'kysely';
import type { Actor, Tx } from '../core/db/database.ts';
import type { CqcLocationsTable, CqcRatingsTable } from '../core/db/schema.ts';
import type { StoredPublication } from './history.ts';
import type { KeyQuestion, RatingValue } from './ratings.ts';

/** All SQL for CQC data. Functions take the caller's transaction. */
export type LocationRow = Selectable<CqcLocationsTable>;
export type RatingRow = Selectable<CqcRatingsTable>;
export type NewLocationRow = Omit<LocationRow, 'created_at' | 'updated_at'>;

const COLUMN: Record<KeyQuestion, 'overall' | 'safe' | 'effective' | 'caring' | 'responsive' | 'well_led'> = {
  overall: 'overall',
  safe: 'safe',
  effective: 'effective',
  caring: 'caring',
  responsive: 'responsive',
  wellLed: 'well_led',
};

export function toStored(row: Pick<RatingRow, 'id' | 'seq' | 'published_on' | 'first_seen_on' | (typeof COLUMN)[KeyQuestion]>): StoredPublication {
  const values: Partial<Record<KeyQuestion, RatingValue>> = {};
  for (const [kq, column] of Object.entries(COLUMN) as [KeyQuestion, (typeof COLUMN)[KeyQuestion]][]) {
    const value = row[column];
    if (value) values[kq] = value;
  }
  return { id: row.id, seq: Number(row.seq), publishedOn: row.published_on, firstSeenOn: row.first_seen_on, values };
}

export function ratingColumns(values: Partial<Record<KeyQuestion, RatingValue>>) {
  return {
    overall: values.overall ?? null,
    safe: values.safe ?? null,
    effective: values.effective ?? null,
    caring: values.caring ?? null,
    responsive: values.responsive ?? null,
    well_led: values.wellLed ?? null,
  };
}

export async function locationsByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, LocationRow>> {
  if (!ids.length) return new Map();
  const rows = await tx.selectFrom('cqc_locations').selectAll().where('location_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.location_id, r]));
}

export async function historiesByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, StoredPublication[]>> {
  const map = new Map<string, StoredPublication[]>();
  if (!ids.length) return map;
  const rows = await tx.selectFrom('cqc_ratings').selectAll().where('location_id', 'in', ids).orderBy('seq').execute();
  for (const row of rows) {
    const list = map.get(row.location_id) ?? [];
    list.push(toStored(row));
    map.set(row.location_id, list);
  }
  return map;
}

export async function locationsByPostcodes(tx: Tx, postcodes: readonly string[]) {
  if (!postcodes.length) return [];
  return tx.selectFrom('cqc_locations').select(['location_id', 'name', 'postcode']).where('postcode', 'in', postcodes).execute();
}

/** Inserts new locations and rewrites changed ones, in one statement. */
export async function saveLocations(tx: Tx, rows: readonly NewLocationRow[]): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('cqc_locations')
    .values(rows.map((r) => ({ ...r, service_types: sql`${r.service_types}::text[]`, specialisms: sql`${r.specialisms}::text[]` }) as never))
    .onConflict((oc) =>
      oc.column('location_id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        provider_id: eb.ref('excluded.provider_id'),
        provider_name: eb.ref('excluded.provider_name'),
        provider_company_number: eb.ref('excluded.provider_company_number'),
        brand_id: eb.ref('excluded.brand_id'),
        brand_name: eb.ref('excluded.brand_name'),
        address: eb.ref('excluded.address'),
        town: eb.ref('excluded.town'),
        postcode: eb.ref('excluded.postcode'),
        local_authority: eb.ref('excluded.local_authority'),
        region: eb.ref('excluded.region'),
        registration_status: eb.ref('excluded.registration_status'),
        registered_on: eb.ref('excluded.registered_on'),
        deregistered_on: eb.ref('excluded.deregistered_on'),
        dormant: eb.ref('excluded.dormant'),
        care_home: eb.ref('excluded.care_home'),
        beds: eb.ref('excluded.beds'),
        service_types: eb.ref('excluded.service_types'),
        specialisms: eb.ref('excluded.specialisms'),
        inspection_category: eb.ref('excluded.inspection_category'),
        adult_social_care: eb.ref('excluded.adult_social_care'),
      })),
    )
    .execute();
}

export interface NewRating {
  readonly id: string;
  readonly locationId: string;
  readonly publishedOn: string | null;
  readonly firstSeenOn: string;
  readonly values: Partial<Record<KeyQuestion, RatingValue>>;
  readonly source: string;
  readonly importId: string | null;
}

export async function insertRatings(tx: Tx, ratings: readonly NewRating[]): Promise<void> {
  if (!ratings.length) return;
  await tx
    .insertInto('cqc_ratings')
    .values(
      ratings.map((r) => ({
        id: r.id,
        location_id: r.locationId,
        published_on: r.publishedOn,
        first_seen_on: r.firstSeenOn,
        ...ratingColumns(r.values),
        source: r.source,
        import_id: r.importId,
      })),
    )
    .execute();
}

export async function updateRating(
  tx: Tx,
  id: string,
  change: { publishedOn?: string; values: Partial<Record<KeyQuestion, RatingValue>>; importId: string | null; source: string },
): Promise<void> {
  await tx
    .updateTable('cqc_ratings')
    .set({
      ...ratingColumns(change.values),
      ...(change.publishedOn ? { published_on: change.publishedOn } : {}),
      source: change.source,
      import_id: change.importId,
    })
    .where('id', '=', id)
    .execute();
}

export interface ImportLog {
  readonly id: string;
  readonly source: string;
  readonly format: string;
  readonly keepGoodRows: boolean;
  readonly councilId: string | null;
  readonly localAuthority: string | null;
  readonly actorUserId: string | null;
  readonly outcome: 'imported' | 'refused';
  readonly counts: {
    rowsRead: number;
    created: number;
    updated: number;
    unchanged: number;
    skipped: number;
    ratingsAdded: number;
    ratingsChanged: number;
    servicesCreated: number;
  };
  readonly rejected: readonly { row: number; reason: string; file?: string }[];
  readonly changesUntil?: Date | null;
}

const LOGGED_REJECTIONS = 100;

export async function insertImportLog(tx: Tx, log: ImportLog): Promise<void> {
  const c = log.counts;
  await tx
    .insertInto('cqc_imports')
    .values({
      id: log.id,
      source: log.source.slice(0, 300),
      format: log.format,
      keep_good_rows: log.keepGoodRows,
      council_id: log.councilId,
      local_authority: log.localAuthority,
      actor_user_id: log.actorUserId,
      outcome: log.outcome,
      finished_at: new Date(),
      rows_read: c.rowsRead,
      created: c.created,
      updated: c.updated,
      unchanged: c.unchanged,
      skipped: c.skipped,
      ratings_added: c.ratingsAdded,
      ratings_changed: c.ratingsChanged,
      services_created: c.servicesCreated,
      rejected_count: log.rejected.length,
      rejected: JSON.stringify(log.rejected.slice(0, LOGGED_REJECTIONS)),
      changes_until: log.changesUntil ?? null,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        outcome: eb.ref('excluded.outcome'),
        finished_at: eb.ref('excluded.finished_at'),
        rows_read: eb.ref('excluded.rows_read'),
        created: eb.ref('excluded.created'),
        updated: eb.ref('excluded.updated'),
        unchanged: eb.ref('excluded.unchanged'),
        skipped: eb.ref('excluded.skipped'),
        ratings_added: eb.ref('excluded.ratings_added'),
        ratings_changed: eb.ref('excluded.ratings_changed'),
        services_created: eb.ref('excluded.services_created'),
        rejected_count: eb.ref('excluded.rejected_count'),
        rejected: eb.ref('excluded.rejected'),
        changes_until: eb.ref('excluded.changes_until'),
      })),
    )
    .execute();
}

/** Where the last successful API sync's changes window ended. */
export async function lastSyncedUntil(tx: Tx): Promise<Date | undefined> {
  const row = await tx
    .selectFrom('cqc_imports')
    .select('changes_until')
    .where('outcome', '=', 'imported')
    .where('changes_until', 'is not', null)
    .orderBy('changes_until', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.changes_until ?? undefined;
}

/** An import run from a page writes as the person who ran it, so the audit trail of what it adds names them. */
export async function setImportActor(tx: Tx, actor: Actor): Promise<void> {
  await sql`select set_config('app.user_id', ${actor.userId}, true), set_config('app.org_id', ${actor.orgId}, true)`.execute(tx);
}

/** The ten latest imports the reader may see. */
export function recentImports(tx: Tx) {
  return tx
    .selectFrom('cqc_imports')
    .select(['id', 'started_at', 'source', 'format', 'outcome', 'rows_read', 'created', 'updated', 'unchanged', 'ratings_added', 'rejected_count', 'services_created'])
    .orderBy('started_at', 'desc')
    .limit(10)
    .execute();
}

/** A service (if the reader may see it) and the CQC location it links to, if any. */
export async function serviceWithLocation(tx: Tx, serviceId: string) {
  const service = await tx.selectFrom('services').select(['id', 'name', 'cqc_location_id']).where('id', '=', serviceId).executeTakeFirst();
  if (!service) return undefined;
  const location = service.cqc_location_id
    ? await tx
        .selectFrom('cqc_locations')
        .select(['location_id', 'name', 'registration_status', 'deregistered_on', 'provider_name'])
        .where('location_id', '=', service.cqc_location_id)
        .executeTakeFirst()
    : undefined;
  return { service, location };
}

/** The council's services, by name, with their CQC location ids. */
export function councilServices(tx: Tx, councilId: string) {
  return tx
    .selectFrom('services')
    .select(['id', 'name', 'category', 'cqc_location_id'])
    .where('council_id', '=', councilId)
    .orderBy(sql`lower(name)`)
    .execute();
}

/** An organisation by its code, for the command line's --org. */
export function organisationByCode(tx: Tx, code: string) {
  return tx.selectFrom('organisations').select(['id', 'kind']).where('code', '=', code.toUpperCase()).executeTakeFirst();
}
