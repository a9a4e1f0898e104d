/**
 * Accounts: sign-in, organisations, users, API tokens and the start page. What the composition root, the
 * command line and the demo loader may use; everything else in this folder is its own.
 */
export { accountsServices, registerAccounts, type AccountsServices } from './accounts.module.ts';
export { accountsOpenApi } from './accounts.openapi.ts';
export { addOrganisation, addUser, checkNewOrganisation, checkNewUser, mapSingleSignOnRole, setSingleSignOn, type NewOrganisation } from './setup.ts';
export { readDemoAccounts, writeDemoAccounts, type DemoAccounts } from './demo-accounts.ts';
