import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Section } from './template.ts';

/** SQL for new template versions. Row-level security: only the council's administrator adds one. */

export async function newestVersion(tx: Tx, councilId: string, key: string) {
  const row = await tx
    .selectFrom('return_templates')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('council_id', '=', councilId)
    .where('template_key', '=', key)
    .executeTakeFirst();
  return row?.version ?? 0;
}

export async function insertTemplate(
  tx: Tx,
  t: { councilId: string; key: string; version: number; name: string; categories: readonly string[]; sections: readonly Section[]; appliesFrom: { year: number; quarter: number }; createdBy: string },
) {
  const row = await tx
    .insertInto('return_templates')
    .values({
      council_id: t.councilId,
      template_key: t.key,
      version: t.version,
      name: t.name,
      categories: sql`${sql.val([...t.categories])}::text[]`,
      sections: JSON.stringify(t.sections),
      applies_from_year: t.appliesFrom.year,
      applies_from_quarter: t.appliesFrom.quarter,
      created_by: t.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many returns (any status the actor sees) were answered on each template version. */
export async function returnsAnswered(tx: Tx, templateIds: readonly string[]) {
  if (!templateIds.length) return new Map<string, number>();
  const rows = await tx.selectFrom('returns').select(['template_id', (eb) => eb.fn.countAll<string>().as('n')]).where('template_id', 'in', templateIds).groupBy('template_id').execute();
  return new Map(rows.map((r) => [r.template_id, Number(r.n)]));
}
