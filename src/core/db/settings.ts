import type { Tx } from './database.ts';

/**
 * Settings of the deployment, kept in the core's settings table as JSON by key (the demo's sign-ins, for
 * example). Capabilities read and write them through these two functions, never with their own SQL.
 */
export async function readSetting(tx: Tx, key: string): Promise<unknown> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(tx: Tx, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await tx
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
}
