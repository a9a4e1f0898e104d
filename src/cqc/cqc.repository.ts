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

/** The columns an import writes (all but the timestamps the database keeps). */
const LOCATION_COLUMNS = [
  'location_id',
  'name',
  'provider_id',
  'provider_name',
  'provider_company_number',
  'brand_id',
  'brand_name',
  'address',
  'town',
  'postcode',
  'local_authority',
  'region',
  'registration_status',
  'registered_on',
  'deregistered_on',
  'dormant',
  'care_home',
  'beds',
  'service_types',
  'specialisms',
  'inspection_category',
  'adult_social_care',
] as const satisfies readonly (keyof NewLocationRow)[];

const RATING_COLUMNS = ['overall', 'safe', 'effective', 'caring', 'responsive', 'well_led'] as const;

/** A batch of an import as the database holds it: its known locations, each with its rating history in insertion order. */
export interface StoredBatch {
  readonly locations: Map<string, NewLocationRow>;
  readonly histories: Map<string, StoredPublication[]>;
}

/**
 * What the database holds for a batch's location ids: the locations, and their ratings in insertion order.
 * Two plain reads, each with the ids as one array parameter however many there are.
 */
export async function storedBatch(tx: Tx, ids: readonly string[]): Promise<StoredBatch> {
  const locations = new Map<string, NewLocationRow>();
  const histories = new Map<string, StoredPublication[]>();
  if (!ids.length) return { locations, histories };
  const wanted = sql<boolean>`location_id = any(${[...ids]}::text[])`;
  for (const row of await tx.selectFrom('cqc_locations').select(LOCATION_COLUMNS).where(wanted).execute()) locations.set(row.location_id, row);
  const ratings = await tx
    .selectFrom('cqc_ratings')
    .select(['id', 'seq', 'location_id', 'published_on', 'first_seen_on', ...RATING_COLUMNS])
    .where(wanted)
    .orderBy('location_id')
    .orderBy('seq')
    .execute();
  for (const row of ratings) {
    const list = histories.get(row.location_id);
    if (list) list.push(toStored(row));
    else histories.set(row.location_id, [toStored(row)]);
  }
  return { locations, histories };
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

export interface RatingUpdate {
  readonly id: string;
  /** Given when an undated publication takes the date a later source states; otherwise the date stays. */
  readonly publishedOn?: string | undefined;
  readonly values: Partial<Record<KeyQuestion, RatingValue>>;
}

export interface BatchWrites {
  /** New and changed locations, each once: inserted, or rewritten when known. */
  readonly locations: readonly NewLocationRow[];
  /** New publications, in the order they were made (their seq follows it). */
  readonly ratings: readonly NewRating[];
  /** Publications already stored that this batch extends, corrects or dates, each once. */
  readonly ratingUpdates: readonly RatingUpdate[];
  readonly source: string;
  readonly importId: string;
}

/**
 * Writes one batch of an import in one statement: the locations upserted, the new ratings inserted and the
 * changed ones updated, each set sent as one JSON parameter and spread into rows of the table's own type.
 * The ratings' foreign key to their location is checked at the end of the statement, so a rating of a
 * location the same batch creates is accepted.
 */
export async function saveBatch(tx: Tx, writes: BatchWrites): Promise<void> {
  if (!writes.locations.length && !writes.ratings.length && !writes.ratingUpdates.length) return;
  const ratings = writes.ratings.map((r) => ({
    id: r.id,
    location_id: r.locationId,
    published_on: r.publishedOn,
    first_seen_on: r.firstSeenOn,
    ...ratingColumns(r.values),
    source: r.source,
    import_id: r.importId,
  }));
  const updates = writes.ratingUpdates.map((u) => ({ id: u.id, published_on: u.publishedOn ?? null, ...ratingColumns(u.values) }));
  const columns = sql.join(LOCATION_COLUMNS.map((c) => sql.ref(c)));
  const rewritten = sql.join(LOCATION_COLUMNS.filter((c) => c !== 'location_id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  const ratingValues = sql.join(RATING_COLUMNS.map((c) => sql.ref(c)));
  await sql`
    with saved as (
      insert into cqc_locations (${columns})
      select ${columns} from jsonb_populate_recordset(null::cqc_locations, ${JSON.stringify(writes.locations)}::jsonb)
      on conflict (location_id) do update set ${rewritten}
      returning 1
    ), added as (
      insert into cqc_ratings (id, location_id, published_on, first_seen_on, ${ratingValues}, source, import_id)
      select id, location_id, published_on, first_seen_on, ${ratingValues}, source, import_id
      from jsonb_populate_recordset(null::cqc_ratings, ${JSON.stringify(ratings)}::jsonb) with ordinality as n
      order by n.ordinality
      returning 1
    ), changed as (
      update cqc_ratings r
      set ${sql.join(RATING_COLUMNS.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`))},
        published_on = coalesce(u.published_on, r.published_on), source = ${writes.source}, import_id = ${writes.importId}
      from jsonb_populate_recordset(null::cqc_ratings, ${JSON.stringify(updates)}::jsonb) as u
      where r.id = u.id
      returning 1
    )
    select (select count(*) from saved) as saved, (select count(*) from added) as added, (select count(*) from changed) as changed`.execute(tx);
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
