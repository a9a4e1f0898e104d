import type { Tx } from '../core/db/database.ts';

/** The SQL of bringing in past results from another system (import.ts): its own statements on the assessments tables. */

/** The council's services named in an import file, by our id or by CQC location id (another council's are not found). */
export async function servicesForImport(tx: Tx, councilId: string, ids: readonly string[], cqcLocationIds: readonly string[]) {
  if (!ids.length && !cqcLocationIds.length) return [];
  return tx
    .selectFrom('services')
    .select(['id', 'cqc_location_id', 'category', 'name'])
    .where('council_id', '=', councilId)
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(cqcLocationIds.length ? [eb('cqc_location_id', 'in', cqcLocationIds)] : [])]))
    .execute();
}

/** Results already imported for these services, by service and publication date (a file imported twice is refused). */
export async function importedResults(tx: Tx, serviceIds: readonly string[]) {
  if (!serviceIds.length) return [];
  return tx
    .selectFrom('assessments')
    .select(['service_id', 'published_on', 'imported_from'])
    .where('service_id', 'in', serviceIds)
    .where('imported', '=', true)
    .execute();
}

/** A past result from another system: published as it was, with its bands and no answers. */
export interface ImportedResult {
  readonly councilId: string;
  readonly serviceId: string;
  readonly frameworkVersionId: string;
  readonly visitedOn: string;
  readonly completedOn: string;
  readonly publishedOn: string;
  readonly overallBand: 'excellent' | 'good' | 'requires_improvement' | 'poor';
  readonly overallPercent: number | null;
  readonly domainScores: readonly { domainId: string; band: string | null; percent?: number }[];
  readonly importedFrom: string;
}

export async function insertImported(tx: Tx, results: readonly ImportedResult[], by: { userId: string | null; orgId: string }) {
  const at = new Date();
  for (let i = 0; i < results.length; i += 500) {
    await tx
      .insertInto('assessments')
      .values(
        results.slice(i, i + 500).map((r) => ({
          council_id: r.councilId,
          service_id: r.serviceId,
          framework_version_id: r.frameworkVersionId,
          kind: 'full' as const,
          status: 'published' as const,
          visited_on: r.visitedOn,
          created_by: by.userId,
          created_by_org_id: by.orgId,
          completed_at: at,
          // Who completed and published it then is not known here; who brought it in is its author.
          completed_by: null,
          completed_on: r.completedOn,
          completed_on_entered: true,
          published_at: at,
          published_by: null,
          published_on: r.publishedOn,
          published_on_entered: true,
          overall_band: r.overallBand,
          overall_percent: r.overallPercent,
          domain_scores: JSON.stringify(r.domainScores),
          imported: true,
          imported_from: r.importedFrom,
        })),
      )
      .execute();
  }
}

/** An organisation by its code (the command line names the council whose results it imports). */
export async function organisationByCode(tx: Tx, code: string) {
  return tx.selectFrom('organisations').select(['id', 'kind', 'name']).where('code', '=', code).executeTakeFirst();
}
