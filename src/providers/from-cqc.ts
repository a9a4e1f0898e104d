import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ServiceCategory } from './categories.ts';

/**
 * The register's side of a CQC import that adds a council's missing services (`import cqc --org`, `cqc
 * sync --org`, the upload page): many rows at once, in the importer's transaction. A provider CQC has not
 * yet named is recorded by its CQC id under a placeholder name and flagged (`name_pending`); a later import
 * that names it completes the name, and so does anyone who edits it (the database clears the flag).
 */

/** The register links services to CQC locations of the form 1-<digits> only (its check constraint). */
export function registerTakesCqcLocationId(locationId: string): boolean {
  return /^1-\d+$/.test(locationId);
}

/** What a provider is called until CQC's data names it. */
export const pendingProviderName = (cqcProviderId: string) => `CQC provider ${cqcProviderId} (name to be completed)`;

export interface CqcProviderFacts {
  readonly cqcProviderId: string;
  /** null when the source gave only the id. */
  readonly name: string | null;
  readonly companyNumber: string | null;
}

export interface ServiceFromCqc {
  readonly providerId: string;
  readonly name: string;
  readonly category: ServiceCategory;
  readonly cqcLocationId: string;
  readonly addressLine1: string | null;
  readonly town: string | null;
  readonly postcode: string;
  readonly beds: number | null;
}

/** Which of these CQC locations the council's register already has. */
export async function cqcLocationsInRegister(tx: Tx, councilId: string, locationIds: readonly string[]): Promise<Set<string>> {
  if (!locationIds.length) return new Set();
  const rows = await tx
    .selectFrom('services')
    .select('cqc_location_id')
    .where('council_id', '=', councilId)
    .where('cqc_location_id', 'in', locationIds)
    .execute();
  return new Set(rows.map((r) => r.cqc_location_id!));
}

/**
 * The council's provider for each of these CQC providers (its first, where it has two), adding those it
 * lacks in one statement. Returns CQC provider id → register id, and which were added without a name.
 */
export async function providersForCqc(tx: Tx, councilId: string, providers: readonly CqcProviderFacts[]): Promise<{ ids: Map<string, string>; awaitingName: string[] }> {
  const ids = new Map<string, string>();
  if (!providers.length) return { ids, awaitingName: [] };
  const existing = await tx
    .selectFrom('providers')
    .select(['id', 'cqc_provider_id'])
    .where('council_id', '=', councilId)
    .where(
      'cqc_provider_id',
      'in',
      providers.map((p) => p.cqcProviderId),
    )
    .orderBy('created_at')
    .execute();
  for (const row of existing) if (!ids.has(row.cqc_provider_id!)) ids.set(row.cqc_provider_id!, row.id);
  const missing = [...new Map(providers.filter((p) => !ids.has(p.cqcProviderId)).map((p) => [p.cqcProviderId, p])).values()];
  if (!missing.length) return { ids, awaitingName: [] };
  const added = await tx
    .insertInto('providers')
    .values(
      missing.map((p) => ({
        council_id: councilId,
        name: (p.name ?? pendingProviderName(p.cqcProviderId)).slice(0, 200),
        name_pending: p.name === null,
        cqc_provider_id: p.cqcProviderId,
        company_number: p.companyNumber,
      })),
    )
    .returning(['id', 'cqc_provider_id'])
    .execute();
  for (const row of added) ids.set(row.cqc_provider_id!, row.id);
  return { ids, awaitingName: missing.filter((p) => p.name === null).map((p) => p.cqcProviderId) };
}

export async function addServicesFromCqc(tx: Tx, councilId: string, services: readonly ServiceFromCqc[]): Promise<void> {
  if (!services.length) return;
  await tx
    .insertInto('services')
    .values(
      services.map((s) => ({
        council_id: councilId,
        provider_id: s.providerId,
        name: s.name.slice(0, 200),
        category: s.category,
        cqc_location_id: s.cqcLocationId,
        address_line1: s.addressLine1,
        town: s.town,
        postcode: s.postcode,
        beds: s.beds,
        in_county: true,
      })),
    )
    .execute();
}

/** The CQC ids of providers, in any council, still waiting for their names. */
export async function cqcProvidersAwaitingName(tx: Tx): Promise<Set<string>> {
  const rows = await tx.selectFrom('providers').select('cqc_provider_id').where('name_pending', '=', true).execute();
  return new Set(rows.flatMap((r) => (r.cqc_provider_id ? [r.cqc_provider_id] : [])));
}

/** Gives providers waiting for their names the names CQC's data now has, in every council. How many were named. */
export async function completeCqcProviderNames(tx: Tx, names: readonly { cqcProviderId: string; name: string; companyNumber: string | null }[]): Promise<number> {
  if (!names.length) return 0;
  const values = sql.join(names.map((n) => sql`(${n.cqcProviderId}::text, ${n.name.slice(0, 200)}::text, ${n.companyNumber}::text)`));
  const result = await sql`
    update providers p set name = v.name, company_number = coalesce(p.company_number, v.company_number), name_pending = false
    from (values ${values}) as v (cqc_provider_id, name, company_number)
    where p.name_pending and p.cqc_provider_id = v.cqc_provider_id`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
