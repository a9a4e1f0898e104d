import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Store } from '../core/db/database.ts';

/** Helpers for the CQC tests: slices of the real files, files with broken rows, and counts. */
/** Real CQC files kept in the repository (test/data/cqc/README.md says where each comes from). */
export const DATA = path.resolve(import.meta.dirname, '../../test/data/cqc');

export const realFile = (name: string) => path.join(DATA, name);

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cqc-test-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
export const toCsv = (rows: readonly (readonly string[])[]) => rows.map((r) => r.map(quote).join(',')).join('\n') + '\n';

/** The real 2025 directory: header and rows, to slice and change. */
export function directory2025(): { header: string[]; rows: string[][] } {
  const all: string[][] = parse(readFileSync(realFile('directory-with-ratings-2025-08-head.csv')), { bom: true });
  return { header: all[0]!, rows: all.slice(1) };
}

/** Sets named columns of a 2025 row. */
export function setCells(header: readonly string[], row: readonly string[], values: Record<string, string>): string[] {
  const out = [...row];
  for (const [column, value] of Object.entries(values)) {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`no column ${column}`);
    out[index] = value;
  }
  return out;
}

export function cell(header: readonly string[], row: readonly string[], column: string): string {
  return row[header.indexOf(column)]!;
}

export async function counts(store: Store) {
  return store.asSystem(async (tx) => {
    const one = async (table: 'cqc_locations' | 'cqc_ratings' | 'services' | 'providers') =>
      Number((await tx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { locations: await one('cqc_locations'), ratings: await one('cqc_ratings'), services: await one('services'), providers: await one('providers') };
  });
}

export async function makeLinkedService(store: Store, councilId: string, locationId: string, name = 'Linked service') {
  return store.asSystem(async (tx) => {
    const provider = await tx.insertInto('providers').values({ council_id: councilId, name: `${name} Ltd` }).returning('id').executeTakeFirstOrThrow();
    const service = await tx
      .insertInto('services')
      .values({ council_id: councilId, provider_id: provider.id, name, category: 'care_home_older_people', postcode: 'SG1 1AA', cqc_location_id: locationId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return service.id;
  });
}
