import { sql } from 'kysely';
import { writeDemoAccounts } from '../accounts/index.ts';
import { hashPassword } from '../core/auth/secrets.ts';
import type { Store, Tx } from '../core/db/database.ts';
import type { Database } from '../core/db/schema.ts';
import { Conflict } from '../core/errors.ts';
import { DEMO_PASSWORD, DEMO_SEED, generateDemo, type DemoScale } from './generate.ts';
import type { DemoData } from './model.ts';

export { SCALES, type DemoScale } from './generate.ts';

/** What a load wrote, printed by `care-oversight demo` and used by the benchmarks. */
export interface DemoSummary {
  readonly scale: DemoScale;
  readonly councils: number;
  readonly organisations: number;
  readonly users: number;
  readonly providers: number;
  readonly services: number;
  readonly contracts: number;
}

/** Rows per INSERT: big enough to load the national scale quickly, well under PostgreSQL's parameter limit. */
const BATCH = 500;
// Serialises concurrent loads (several app instances starting on one empty database).
const LOCK_KEY = 727_100_001;

/** Loads the demo into a database that has no organisations yet; refuses (Conflict) any other. */
export async function loadDemo(store: Store, scale: DemoScale, options: { seed?: string } = {}): Promise<DemoSummary> {
  const data = generateDemo(scale, options.seed ?? DEMO_SEED);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const summary = await store.asSystem(async (tx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    if (await hasOrganisations(tx)) {
      throw new Conflict('The database already has organisations: demo data loads only into an empty database');
    }
    await writeDemo(tx, data, passwordHash);
    return summarise(scale, data);
  });
  // Fresh statistics, so the first queries on the new rows get good plans: PGlite has no autovacuum,
  // and PostgreSQL's would only catch up a while later.
  await sql`analyze organisations, users, providers, services, contracts, audit_events`.execute(store.db);
  return summary;
}

/** Loads the demo only when the database is empty (`serve --demo`); otherwise leaves it alone. */
export async function loadDemoIfEmpty(store: Store, scale: DemoScale, options: { seed?: string } = {}): Promise<DemoSummary | undefined> {
  if (await store.asSystem(hasOrganisations)) return undefined;
  try {
    return await loadDemo(store, scale, options);
  } catch (error) {
    // Another process filled the database between the check and the load.
    if (error instanceof Conflict) return undefined;
    throw error;
  }
}

async function hasOrganisations(tx: Tx): Promise<boolean> {
  return !!(await tx.selectFrom('organisations').select('id').limit(1).executeTakeFirst());
}

function summarise(scale: DemoScale, data: DemoData): DemoSummary {
  return {
    scale,
    councils: data.councils.length,
    organisations: data.organisations.length,
    users: data.users.length,
    providers: data.providers.length,
    services: data.services.length,
    contracts: data.contracts.length,
  };
}

async function insertAll<T extends keyof Database>(tx: Tx, table: T, rows: readonly Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

async function writeDemo(tx: Tx, data: DemoData, passwordHash: string) {
  // Councils first: provider and partner organisations are managed by one.
  const organisations = [...data.organisations].sort((a, b) => Number(a.managedById !== null) - Number(b.managedById !== null));
  await insertAll(
    tx,
    'organisations',
    organisations.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, managed_by_org_id: o.managedById })),
  );
  await insertAll(
    tx,
    'users',
    data.users.map((u) => ({ id: u.id, org_id: u.orgId, email: u.email, name: u.name, role: u.role, team: u.team, password_hash: passwordHash })),
  );
  // Parents before the subsidiaries that point at them.
  const providers = [...data.providers].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null));
  await insertAll(
    tx,
    'providers',
    providers.map((p) => ({
      id: p.id,
      council_id: p.councilId,
      name: p.name,
      company_number: p.companyNumber,
      cqc_provider_id: p.cqcProviderId,
      parent_provider_id: p.parentId,
      org_id: p.orgId,
    })),
  );
  await insertAll(
    tx,
    'services',
    data.services.map((s) => ({
      id: s.id,
      council_id: s.councilId,
      provider_id: s.providerId,
      name: s.name,
      category: s.category,
      cqc_location_id: s.cqcLocationId,
      address_line1: s.addressLine1,
      address_line2: s.addressLine2,
      town: s.town,
      postcode: s.postcode,
      beds: s.beds,
      hours_per_week: s.hoursPerWeek,
      funded_people: s.fundedPeople,
      in_county: s.inCounty,
      lead_officer_id: s.leadOfficerId,
    })),
  );
  await insertAll(
    tx,
    'contracts',
    data.contracts.map((c) => ({
      id: c.id,
      council_id: c.councilId,
      service_id: c.serviceId,
      kind: c.kind,
      reference: c.reference,
      annual_value: c.annualValue,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
    })),
  );
  await writeDemoAccounts(tx, { password: DEMO_PASSWORD, users: [...data.accounts] });
}
