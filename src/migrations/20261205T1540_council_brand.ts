import { sql, type Kysely } from 'kysely';

/**
 * Each council's own brand (issue 15): the footer's links it sets (privacy notice, accessibility statement,
 * contact) and its logo, if an administrator uploads one. The core owns the table (every page's header and
 * footer read it); the application reads and writes it only through the core's functions, as the system.
 * And sessions end after a time without use (SESSION_IDLE_MINUTES).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table council_brands (
  council_id uuid primary key references organisations(id),
  privacy_url text,
  accessibility_url text,
  contact_url text,
  logo bytea,
  logo_type text check (logo_type in ('image/png', 'image/svg+xml')),
  logo_alt text,
  updated_at timestamptz not null default now(),
  check ((logo is null) = (logo_type is null))
);
alter table council_brands enable row level security;

-- A session also ends after a while without a request (SESSION_IDLE_MINUTES): when it was last used.
alter table sessions add column last_seen_at timestamptz not null default now();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
