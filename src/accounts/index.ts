/** The accounts capability's public face: what other capabilities, the composition root and loaders may import. */
export { writeDemoAccounts } from './demo-accounts.ts';
