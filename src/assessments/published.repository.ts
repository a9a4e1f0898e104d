import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Band } from './scoring.ts';

/** All SQL of published results: what the service page, the service API and the public page show. */

interface PublishedSummaryRow {
  id: string;
  visited_on: string | null;
  published_on: string;
  version: number;
  overall_band: Band | null;
  overall_percent: number | null;
  domain_scores: unknown;
  framework_version_id: string;
  framework_name: string;
  scoring: 'percentage' | 'rating';
  requires_improvement_label: string;
}

/**
 * The current published full assessment of each given service: the latest by visit date that no published
 * correction has replaced. Published-only by its own WHERE clause, because the public page runs it as the
 * system, without row-level security.
 */
export async function currentPublished(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, PublishedSummaryRow>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('assessments as a')
    .innerJoin('framework_versions as v', 'v.id', 'a.framework_version_id')
    .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
    .select([
      'a.id',
      'a.service_id',
      'a.visited_on',
      'a.published_on',
      'a.version',
      'a.overall_band',
      'a.overall_percent',
      'a.domain_scores',
      'a.framework_version_id',
      'v.name as framework_name',
      'f.scoring',
      'v.requires_improvement_label',
    ])
    .where('a.service_id', 'in', serviceIds)
    .where('a.kind', '=', 'full')
    .where('a.status', '=', 'published')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('assessments as c').select('c.id').whereRef('c.supersedes_id', '=', 'a.id').where('c.status', '=', 'published'))),
    )
    .orderBy('a.service_id')
    .orderBy(sql`coalesce(a.visited_on, a.published_on)`, 'desc')
    .orderBy('a.published_at', 'desc')
    .execute();
  const result = new Map<string, PublishedSummaryRow>();
  for (const row of rows) {
    if (!result.has(row.service_id)) result.set(row.service_id, { ...row, published_on: row.published_on! });
  }
  return result;
}

export async function domainNames(tx: Tx, versionId: string) {
  return tx.selectFrom('framework_domains').select(['id', 'name', 'position']).where('version_id', '=', versionId).orderBy('position').execute();
}

/** Public facts about a service: name, provider, category and town. The system runs this for the public page. */
export async function publicService(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .innerJoin('organisations as c', 'c.id', 's.council_id')
    .select(['s.id', 's.name', 's.category', 's.town', 'p.name as provider_name', 'c.name as council_name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}
