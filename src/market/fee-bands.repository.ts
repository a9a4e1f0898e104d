import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';

/** All SQL about fee-band schemes, overrides and approved schedules. Row-level security confines every query to what the actor may see. */

const CARE_HOME_CATEGORIES = ['care_home_older_people', 'care_home_adults_with_disabilities'];

export async function findScheme(tx: Tx, councilId: string, year: number) {
  return tx.selectFrom('fee_band_schemes').select(['id', 'year', 'bands', 'gates', 'updated_at']).where('council_id', '=', councilId).where('year', '=', year).executeTakeFirst();
}

export async function saveScheme(tx: Tx, councilId: string, year: number, bands: unknown, gates: unknown, userId: string) {
  await tx
    .insertInto('fee_band_schemes')
    .values({ council_id: councilId, year, bands: JSON.stringify(bands), gates: JSON.stringify(gates), updated_by: userId })
    .onConflict((oc) => oc.columns(['council_id', 'year']).doUpdateSet({ bands: JSON.stringify(bands), gates: JSON.stringify(gates), updated_by: userId }))
    .execute();
}

/** The council's care homes (the services it commissions as care homes), with their provider. */
export async function careHomes(tx: Tx, councilId: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.category', 's.cqc_location_id', 'p.name as provider_name'])
    .where('s.council_id', '=', councilId)
    .where('s.category', 'in', CARE_HOME_CATEGORIES)
    // Homes the council does not commission (the self-funded market) pay no council fee: no band.
    .where('s.not_commissioned', '=', false)
    .orderBy(sql`lower(s.name)`)
    .orderBy('s.id')
    .execute();
}
export type CareHomeRow = Awaited<ReturnType<typeof careHomes>>[number];

/** The service as the actor may see it (row-level security hides other councils' services). */
export async function findService(tx: Tx, id: string) {
  return tx.selectFrom('services').select(['id', 'name', 'council_id', 'category']).where('id', '=', id).executeTakeFirst();
}

export async function overrides(tx: Tx, councilId: string, year: number) {
  return tx.selectFrom('fee_band_overrides').select(['service_id', 'band_key', 'reason']).where('council_id', '=', councilId).where('year', '=', year).execute();
}

export async function saveOverride(tx: Tx, councilId: string, serviceId: string, year: number, bandKey: string, reason: string, userId: string) {
  await tx
    .insertInto('fee_band_overrides')
    .values({ council_id: councilId, service_id: serviceId, year, band_key: bandKey, reason, decided_by: userId })
    .onConflict((oc) => oc.columns(['service_id', 'year']).doUpdateSet({ band_key: bandKey, reason, decided_by: userId }))
    .execute();
}

export async function removeOverride(tx: Tx, serviceId: string, year: number) {
  await tx.deleteFrom('fee_band_overrides').where('service_id', '=', serviceId).where('year', '=', year).execute();
}

/** The latest approved version of the council's schedule for the year. */
export async function latestSchedule(tx: Tx, councilId: string, year: number) {
  return tx
    .selectFrom('fee_band_schedules')
    .select(['id', 'version', 'approved_by_name', 'approved_at'])
    .where('council_id', '=', councilId)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const ITEM_COLUMNS = [
  'i.service_id',
  'i.version',
  'i.care_home_type',
  'i.proposed_band_key',
  'i.band_key',
  'i.band_label',
  'i.weekly_fee',
  'i.effective_from',
  'i.reason',
  'i.overridden',
  'i.override_reason',
  'i.changed_since_last_year',
] as const;

/** The items of the latest approved version of each council's schedule for the year, of every service the actor may see. */
export async function latestApprovedItems(tx: Tx, year: number, councilId?: string) {
  let query = tx
    .selectFrom('fee_band_schedule_items as i')
    .innerJoin('services as s', 's.id', 'i.service_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select([...ITEM_COLUMNS, 's.name as service_name', 's.cqc_location_id', 'p.name as provider_name'])
    .where('i.year', '=', year)
    .where(sql<boolean>`i.version = (select max(v.version) from fee_band_schedules v where v.council_id = i.council_id and v.year = ${year})`);
  if (councilId) query = query.where('i.council_id', '=', councilId);
  return query.orderBy(sql`lower(s.name)`).orderBy('s.id').execute();
}
export type ItemRow = Awaited<ReturnType<typeof latestApprovedItems>>[number];

export interface NewItem {
  readonly serviceId: string;
  readonly careHomeType: string;
  readonly proposedBandKey: string | null;
  readonly bandKey: string;
  readonly bandLabel: string;
  readonly weeklyFee: number;
  readonly effectiveFrom: string;
  readonly reason: string;
  readonly overridden: boolean;
  readonly overrideReason: string | null;
  readonly changedSinceLastYear: boolean;
}

/** Approves a new version: the schedule and its items, frozen. */
export async function insertSchedule(tx: Tx, councilId: string, year: number, version: number, approver: { id: string; name: string }, items: readonly NewItem[]) {
  const schedule = await tx
    .insertInto('fee_band_schedules')
    .values({ council_id: councilId, year, version, approved_by: approver.id, approved_by_name: approver.name })
    .returning(['id', 'version', 'approved_at'])
    .executeTakeFirstOrThrow();
  if (items.length) {
    await tx
      .insertInto('fee_band_schedule_items')
      .values(
        items.map((i) => ({
          schedule_id: schedule.id,
          council_id: councilId,
          year,
          version,
          service_id: i.serviceId,
          care_home_type: i.careHomeType,
          proposed_band_key: i.proposedBandKey,
          band_key: i.bandKey,
          band_label: i.bandLabel,
          weekly_fee: i.weeklyFee,
          effective_from: i.effectiveFrom,
          reason: i.reason,
          overridden: i.overridden,
          override_reason: i.overrideReason,
          changed_since_last_year: i.changedSinceLastYear,
        })),
      )
      .execute();
  }
  return schedule;
}
