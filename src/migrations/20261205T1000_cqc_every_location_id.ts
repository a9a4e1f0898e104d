import { sql, type Kysely } from 'kysely';

/**
 * CQC location ids: NHS bodies' sites carry ODS codes that may start with a digit (5J501) as well as a
 * letter (RX3LD); the first check refused the former, and with it whole saved pulls of the API. Locations
 * also keep their brand (the group CQC files them under), from the directory export, the API's location
 * records or their provider's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table cqc_locations drop constraint cqc_locations_location_id_check;
alter table cqc_locations add constraint cqc_locations_location_id_check
  check (location_id ~ '^1-[0-9]{3,12}$' or (location_id ~ '^[A-Z0-9]{3,10}$' and location_id ~ '[A-Z]'));
alter table cqc_locations add column brand_id text, add column brand_name text;
`.execute(db);
}
