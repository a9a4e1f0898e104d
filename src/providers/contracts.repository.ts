import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ContractKind } from './categories.ts';
import type { Contract, ContractFields } from './register.ts';

/** All SQL about contracts. Row-level security shows contracts to council staff only. */

const contractColumns = ['id', 'service_id', 'kind', 'reference', 'annual_value', 'starts_on', 'ends_on', 'created_at', 'updated_at'] as const;

function toContract(row: {
  id: string;
  service_id: string;
  kind: ContractKind;
  reference: string | null;
  annual_value: number | null;
  starts_on: string;
  ends_on: string | null;
  created_at: Date;
  updated_at: Date;
}): Contract {
  return {
    id: row.id,
    serviceId: row.service_id,
    kind: row.kind,
    reference: row.reference,
    annualValue: row.annual_value === null ? null : Number(row.annual_value),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listContracts(tx: Tx, serviceId: string): Promise<Contract[]> {
  const rows = await tx
    .selectFrom('contracts')
    .select(contractColumns)
    .where('service_id', '=', serviceId)
    .orderBy('starts_on', 'desc')
    .orderBy(sql`created_at`, 'desc')
    .execute();
  return rows.map(toContract);
}

export async function findContract(tx: Tx, id: string): Promise<Contract | undefined> {
  const row = await tx.selectFrom('contracts').select(contractColumns).where('id', '=', id).executeTakeFirst();
  return row && toContract(row);
}

export async function contractIds(tx: Tx, serviceId: string): Promise<string[]> {
  const rows = await tx.selectFrom('contracts').select('id').where('service_id', '=', serviceId).execute();
  return rows.map((r) => r.id);
}

function columns(fields: ContractFields) {
  return {
    kind: fields.kind,
    reference: fields.reference,
    annual_value: fields.annualValue,
    starts_on: fields.startsOn,
    ends_on: fields.endsOn,
  };
}

export async function insertContract(tx: Tx, councilId: string, serviceId: string, fields: ContractFields): Promise<string> {
  const row = await tx
    .insertInto('contracts')
    .values({ council_id: councilId, service_id: serviceId, ...columns(fields) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateContract(tx: Tx, id: string, fields: ContractFields): Promise<boolean> {
  const result = await tx.updateTable('contracts').set(columns(fields)).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
