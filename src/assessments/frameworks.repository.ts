import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { assembleDomains, type FrameworkVersion } from './frameworks.ts';

/** All SQL for frameworks and their versions. Row-level security confines every query to the actor's council. */

const versionColumns = [
  'v.id',
  'v.framework_id',
  'v.council_id',
  'v.version',
  'v.name',
  'v.description',
  'v.categories',
  'v.requires_improvement_label',
  'v.status',
  'v.change_note',
  'v.published_at',
  'f.scoring',
] as const;

export async function loadVersion(tx: Tx, versionId: string): Promise<FrameworkVersion | undefined> {
  const row = await tx
    .selectFrom('framework_versions as v')
    .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
    .select(versionColumns)
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [domains, standards, questions] = await Promise.all([
    tx.selectFrom('framework_domains').select(['id', 'lineage_id', 'position', 'name', 'description']).where('version_id', '=', versionId).execute(),
    tx.selectFrom('framework_standards').select(['id', 'domain_id', 'position', 'name']).where('version_id', '=', versionId).execute(),
    tx
      .selectFrom('framework_questions')
      .select(['id', 'lineage_id', 'domain_id', 'standard_id', 'position', 'text', 'guidance', 'weight'])
      .where('version_id', '=', versionId)
      .execute(),
  ]);
  return {
    id: row.id,
    frameworkId: row.framework_id,
    councilId: row.council_id,
    version: row.version,
    name: row.name,
    description: row.description,
    scoring: row.scoring,
    categories: row.categories,
    requiresImprovementLabel: row.requires_improvement_label,
    status: row.status,
    changeNote: row.change_note,
    publishedAt: row.published_at,
    domains: assembleDomains(domains, standards, questions),
  };
}

export interface VersionSummary {
  readonly id: string;
  readonly frameworkId: string;
  readonly councilId: string | null;
  readonly version: number;
  readonly name: string;
  readonly description: string | null;
  readonly scoring: 'percentage' | 'rating';
  readonly categories: string[];
  readonly status: 'draft' | 'published';
  readonly changeNote: string | null;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
}

/** Every version of every framework the actor can see, newest version first within each framework. */
export async function listVersions(tx: Tx, frameworkId?: string): Promise<VersionSummary[]> {
  let query = tx
    .selectFrom('framework_versions as v')
    .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
    .select([...versionColumns, 'v.created_at'])
    .orderBy('v.framework_id')
    .orderBy('v.version', 'desc');
  if (frameworkId) query = query.where('v.framework_id', '=', frameworkId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    frameworkId: r.framework_id,
    councilId: r.council_id,
    version: r.version,
    name: r.name,
    description: r.description,
    scoring: r.scoring,
    categories: r.categories,
    status: r.status,
    changeNote: r.change_note,
    publishedAt: r.published_at,
    createdAt: r.created_at,
  }));
}

/** The newest published version of each framework the actor can see, optionally of one council only. */
export async function currentVersionIds(tx: Tx, councilId?: string): Promise<string[]> {
  let query = tx
    .selectFrom('framework_versions as v')
    .select('v.id')
    .where('v.status', '=', 'published')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('framework_versions as newer').select('newer.id').whereRef('newer.framework_id', '=', 'v.framework_id').where('newer.status', '=', 'published').whereRef('newer.version', '>', 'v.version'))),
    )
    .orderBy('v.name');
  if (councilId) query = query.where('v.council_id', '=', councilId);
  return (await query.execute()).map((r) => r.id);
}

export async function findFramework(tx: Tx, frameworkId: string) {
  return tx.selectFrom('frameworks').select(['id', 'council_id', 'scoring', 'based_on_template']).where('id', '=', frameworkId).executeTakeFirst();
}

export async function insertFramework(tx: Tx, councilId: string, scoring: 'percentage' | 'rating') {
  return tx.insertInto('frameworks').values({ council_id: councilId, scoring }).returning('id').executeTakeFirstOrThrow();
}

interface VersionDetails {
  name: string;
  description: string | null;
  categories: string[];
  requiresImprovementLabel: 'Requires improvement' | 'Adequate';
  changeNote: string | null;
}

export async function insertDraftVersion(tx: Tx, input: { frameworkId: string; councilId: string; version: number; createdBy: string } & VersionDetails) {
  return tx
    .insertInto('framework_versions')
    .values({
      framework_id: input.frameworkId,
      council_id: input.councilId,
      version: input.version,
      name: input.name,
      description: input.description,
      categories: input.categories,
      requires_improvement_label: input.requiresImprovementLabel,
      change_note: input.changeNote,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function copyContent(tx: Tx, fromVersionId: string, toVersionId: string, councilId: string) {
  await sql`select copy_framework_content(${fromVersionId}, ${toVersionId}, ${councilId})`.execute(tx);
}

export async function updateVersionDetails(tx: Tx, versionId: string, details: VersionDetails) {
  await tx
    .updateTable('framework_versions')
    .set({
      name: details.name,
      description: details.description,
      categories: details.categories,
      requires_improvement_label: details.requiresImprovementLabel,
      change_note: details.changeNote,
    })
    .where('id', '=', versionId)
    .execute();
}

export async function publishVersion(tx: Tx, versionId: string, userId: string) {
  await tx.updateTable('framework_versions').set({ status: 'published', published_at: new Date(), published_by: userId }).where('id', '=', versionId).execute();
}

export async function deleteDraftVersion(tx: Tx, versionId: string) {
  await tx.deleteFrom('framework_versions').where('id', '=', versionId).where('status', '=', 'draft').execute();
}

export async function countVersions(tx: Tx, frameworkId: string): Promise<number> {
  const row = await tx.selectFrom('framework_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('framework_id', '=', frameworkId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteFramework(tx: Tx, frameworkId: string) {
  // Only reached for a framework whose one and only version, a draft, was just discarded.
  await tx.deleteFrom('frameworks').where('id', '=', frameworkId).execute();
}

async function nextPosition(tx: Tx, table: 'framework_domains' | 'framework_standards' | 'framework_questions', column: 'version_id' | 'domain_id' | 'standard_id', parentId: string) {
  const row = await sql<{ next: number }>`select coalesce(max(position), 0) + 1 as next from ${sql.table(table)} where ${sql.ref(column)} = ${parentId}`.execute(tx);
  return Number(row.rows[0]?.next ?? 1);
}

export async function insertDomain(tx: Tx, versionId: string, councilId: string, input: { name: string; description: string | null }) {
  const position = await nextPosition(tx, 'framework_domains', 'version_id', versionId);
  return tx
    .insertInto('framework_domains')
    .values({ version_id: versionId, council_id: councilId, position, name: input.name, description: input.description })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateDomain(tx: Tx, domainId: string, input: { name: string; description: string | null }) {
  await tx.updateTable('framework_domains').set({ name: input.name, description: input.description }).where('id', '=', domainId).execute();
}

export async function insertStandard(tx: Tx, domain: { id: string; versionId: string }, councilId: string, name: string) {
  const position = await nextPosition(tx, 'framework_standards', 'domain_id', domain.id);
  return tx
    .insertInto('framework_standards')
    .values({ version_id: domain.versionId, domain_id: domain.id, council_id: councilId, position, name })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateStandard(tx: Tx, standardId: string, name: string) {
  await tx.updateTable('framework_standards').set({ name }).where('id', '=', standardId).execute();
}

interface QuestionInput {
  text: string;
  guidance: string | null;
  weight: number;
}

export async function insertQuestion(tx: Tx, standard: { id: string; domainId: string; versionId: string }, councilId: string, input: QuestionInput) {
  const position = await nextPosition(tx, 'framework_questions', 'standard_id', standard.id);
  return tx
    .insertInto('framework_questions')
    .values({
      version_id: standard.versionId,
      domain_id: standard.domainId,
      standard_id: standard.id,
      council_id: councilId,
      position,
      text: input.text,
      guidance: input.guidance,
      weight: input.weight,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateQuestion(tx: Tx, questionId: string, input: QuestionInput) {
  await tx.updateTable('framework_questions').set({ text: input.text, guidance: input.guidance, weight: input.weight }).where('id', '=', questionId).execute();
}

export async function deleteContent(tx: Tx, table: 'framework_domains' | 'framework_standards' | 'framework_questions', id: string) {
  await tx.deleteFrom(table).where('id', '=', id).execute();
}

/** Swaps an item with its neighbour above or below among its siblings. */
export async function move(
  tx: Tx,
  table: 'framework_domains' | 'framework_standards' | 'framework_questions',
  parentColumn: 'version_id' | 'domain_id' | 'standard_id',
  id: string,
  direction: 'up' | 'down',
) {
  const items = await sql<{ id: string; position: number }>`select s.id, s.position from ${sql.table(table)} s
    where s.${sql.ref(parentColumn)} = (select t.${sql.ref(parentColumn)} from ${sql.table(table)} t where t.id = ${id})
    order by s.position`.execute(tx);
  const list = items.rows;
  const index = list.findIndex((r) => r.id === id);
  const other = list[direction === 'up' ? index - 1 : index + 1];
  const self = list[index];
  if (!self || !other) return;
  await sql`update ${sql.table(table)} set position = case when id = ${self.id} then ${other.position}::int else ${self.position}::int end
    where id in (${self.id}, ${other.id})`.execute(tx);
}

export async function findContentVersion(tx: Tx, table: 'framework_domains' | 'framework_standards' | 'framework_questions', id: string) {
  const row = await sql<{ version_id: string }>`select version_id from ${sql.table(table)} where id = ${id}`.execute(tx);
  return row.rows[0]?.version_id;
}
