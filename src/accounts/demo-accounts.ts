import type { Tx } from '../core/db/database.ts';
import { readSetting, writeSetting } from '../core/db/settings.ts';

export interface DemoAccounts {
  password: string;
  users: { email: string; name: string; role: string; organisation: string }[];
}

const KEY = 'demo_accounts';

/** Demo sign-ins are stored with the demo data, so they exist only in a database the demo was loaded into. */
export async function readDemoAccounts(tx: Tx): Promise<DemoAccounts | undefined> {
  return (await readSetting(tx, KEY)) as DemoAccounts | undefined;
}

export async function writeDemoAccounts(tx: Tx, accounts: DemoAccounts): Promise<void> {
  await writeSetting(tx, KEY, accounts);
}
