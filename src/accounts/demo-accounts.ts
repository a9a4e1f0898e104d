import type { Tx } from '../core/db/database.ts';

export interface DemoAccounts {
  password: string;
  users: { email: string; name: string; role: string; organisation: string }[];
}

/** Demo sign-ins are stored with the demo data, so they exist only in a database the demo was loaded into. */
export async function readDemoAccounts(tx: Tx): Promise<DemoAccounts | undefined> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', 'demo_accounts').executeTakeFirst();
  return row?.value as DemoAccounts | undefined;
}

export async function writeDemoAccounts(tx: Tx, accounts: DemoAccounts): Promise<void> {
  await tx
    .insertInto('settings')
    .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
    .execute();
}
