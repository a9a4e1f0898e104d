import type { Tx } from '../../core/db/database.ts';
import type { Database } from '../../core/db/schema.ts';
import { addDays } from '../history/calendar.ts';
import type { DemoData } from '../model.ts';

/**
 * The register: organisations, users, providers, services and contracts, in batched multi-row inserts.
 * They were recorded before the history begins (`since`); contracts a fortnight before they started.
 */

/** Rows per INSERT: big enough to load the national scale quickly, well under PostgreSQL's parameter limit. */
const BATCH = 500;

async function insertAll<T extends keyof Database>(tx: Tx, table: T, rows: readonly Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

export async function writeRegister(tx: Tx, data: DemoData, passwordHash: string, since: string) {
  // Spread over the year before the history starts, the same for the same register.
  const before = (i: number) => `${addDays(since, -(30 + ((i * 37) % 360)))}T10:00:00Z`;
  // Councils first: provider and partner organisations are managed by one.
  const organisations = [...data.organisations].sort((a, b) => Number(a.managedById !== null) - Number(b.managedById !== null));
  await insertAll(
    tx,
    'organisations',
    organisations.map((o, i) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, managed_by_org_id: o.managedById, created_at: before(i) })),
  );
  await insertAll(
    tx,
    'users',
    data.users.map((u, i) => ({ id: u.id, org_id: u.orgId, email: u.email, name: u.name, role: u.role, team: u.team, password_hash: passwordHash, created_at: before(i), updated_at: before(i) })),
  );
  // Parents before the subsidiaries that point at them.
  const providers = [...data.providers].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null));
  await insertAll(
    tx,
    'providers',
    providers.map((p, i) => ({
      id: p.id,
      council_id: p.councilId,
      name: p.name,
      company_number: p.companyNumber,
      cqc_provider_id: p.cqcProviderId,
      parent_provider_id: p.parentId,
      org_id: p.orgId,
      created_at: before(i),
      updated_at: before(i),
    })),
  );
  await insertAll(
    tx,
    'services',
    data.services.map((s, i) => ({
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
      created_at: before(i),
      updated_at: before(i),
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
      created_at: `${addDays(c.startsOn, -14)}T10:00:00Z`,
      updated_at: `${addDays(c.startsOn, -14)}T10:00:00Z`,
    })),
  );
}
