import { ROLES } from '../core/auth/permissions.ts';
import type { Store } from '../core/db/database.ts';
import { addOrganisation, addUser, checkNewOrganisation, checkNewUser, mapSingleSignOnRole, setSingleSignOn } from '../accounts/index.ts';
import type { Config } from '../core/config.ts';
import { parseFlags, UsageError } from './args.ts';

/**
 * `org add` and `user add`: how the system operator sets up councils and their first administrators.
 * Input is checked before the database is opened, so a typing mistake fails fast and touches nothing.
 */

export async function orgCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new UsageError('usage: care-oversight org add --code CODE --name NAME --kind council|provider|partner [--managed-by COUNCIL_CODE]');
  const { flags } = parseFlags(rest, {
    code: { type: 'string', required: true },
    name: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    'managed-by': { type: 'string' },
  });
  if (!['council', 'provider', 'partner'].includes(flags.kind)) throw new UsageError('--kind must be council, provider or partner');
  if (flags['managed-by'] !== undefined && flags.kind === 'council') throw new UsageError('--managed-by is for a provider or partner organisation');
  const input = checkNewOrganisation({ code: flags.code, name: flags.name, kind: flags.kind, managedBy: flags['managed-by'] });
  const org = await addOrganisation(await store(), input);
  // `id` is the contract's name; `orgId` mirrors the `userId` that `user add` prints.
  console.log(JSON.stringify({ id: org.id, orgId: org.id, code: org.code, name: org.name, kind: org.kind }));
  return 0;
}

export async function userCommand(args: string[], store: () => Promise<Store>, readStdin: () => Promise<string>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new UsageError('usage: care-oversight user add --email E --name N --org ORG_CODE --role ROLE [--password-stdin]');
  const { flags } = parseFlags(rest, {
    email: { type: 'string', required: true },
    name: { type: 'string', required: true },
    org: { type: 'string', required: true },
    role: { type: 'string', required: true },
    team: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  if (!(ROLES as readonly string[]).includes(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  // One line on stdin, as `echo "$PASSWORD" | care-oversight user add … --password-stdin` sends it.
  const password = flags['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
  const input = { email: flags.email, name: flags.name, orgCode: flags.org, role: flags.role, team: flags.team, password };
  checkNewUser(input);
  console.log(JSON.stringify(await addUser(await store(), input)));
  return 0;
}

const SSO_USAGE =
  'usage: care-oversight sso set --org CODE --issuer URL --client-id ID --client-secret-stdin [--email-domains a.gov.uk,b.gov.uk] [--create-users]\n' +
  '       care-oversight sso map --org CODE --claim VALUE --role admin|commissioner|officer|placer';

/** `sso set` and `sso map`: a council's single sign-on, set up by the operator (the settings page does the same). */
export async function ssoCommand(args: string[], store: () => Promise<Store>, readStdin: () => Promise<string>, config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'set') {
    const { flags } = parseFlags(rest, {
      org: { type: 'string', required: true },
      issuer: { type: 'string', required: true },
      'client-id': { type: 'string', required: true },
      'client-secret-stdin': { type: 'boolean' },
      'email-domains': { type: 'string' },
      'create-users': { type: 'boolean' },
    });
    // The secret comes on stdin, never as an argument (which other users of the machine can see).
    if (!flags['client-secret-stdin']) throw new UsageError('--client-secret-stdin is required: send the client secret on standard input');
    const clientSecret = (await readStdin()).replace(/\r?\n$/, '');
    const emailDomains = flags['email-domains']?.split(',').map((d) => d.trim()).filter(Boolean);
    const input = { issuer: flags.issuer, clientId: flags['client-id'], clientSecret, emailDomains, createUsers: flags['create-users'] ? true : undefined };
    const { orgId } = await setSingleSignOn(await store(), flags.org, input, { allowHttpIssuers: config.env !== 'production' });
    console.log(JSON.stringify({ orgId, issuer: flags.issuer, clientId: flags['client-id'] }));
    return 0;
  }
  if (sub === 'map') {
    const { flags } = parseFlags(rest, { org: { type: 'string', required: true }, claim: { type: 'string', required: true }, role: { type: 'string', required: true } });
    await mapSingleSignOnRole(await store(), flags.org, flags.claim, flags.role);
    console.log(JSON.stringify({ org: flags.org, claim: flags.claim, role: flags.role }));
    return 0;
  }
  throw new UsageError(SSO_USAGE);
}
