import { sql, type Kysely } from 'kysely';

/**
 * Indexes for searching and ordering the service register at national scale (tens of thousands of
 * services across many councils). Every list query is scoped to one council, so each index leads with
 * council_id and ends with id, which makes keyset paging ("after this row") an index range scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create index services_council_category_idx on services (council_id, category, lower(name), id);
create index services_council_postcode_sort_idx on services (council_id, postcode, id);
create index services_council_funded_idx on services (council_id, funded_people, id);
create index services_council_updated_idx on services (council_id, updated_at, id);
create index services_council_postcode_prefix_idx on services (council_id, (replace(postcode, ' ', '')) text_pattern_ops);
create index services_lead_officer_idx on services (lead_officer_id);
create index providers_council_name_id_idx on providers (council_id, lower(name), id);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
