import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { cliTargets, runCli, type CliDatabase, type CliRun } from '../../test/support/cli.ts';
import { apiClient, PageClient, testApp } from '../../test/support/http.ts';

/** Runs the real command, as an operator would, against the database the environment names. */
const run = (env: Record<string, string>, args: string[], stdin?: string) => runCli(env, args, stdin === undefined ? {} : { stdin });

/** A failure: non-zero exit, nothing on stdout, exactly one line on stderr. */
function assertFails(result: CliRun, code: number, message: string) {
  assert.equal(result.stdout, '', 'nothing on stdout');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
  assert.equal(lines[0], `care-oversight: ${message}`);
  assert.equal(result.code, code);
}

function jsonLine(result: CliRun): Record<string, unknown> {
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, 'one JSON line');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const targets = cliTargets('co_cli');

// Input mistakes are caught before the database is opened: the DATA_DIR named here is never created.
describe('care-oversight input mistakes, reported before any database is opened', { concurrency: 4 }, () => {
  const dataDir = path.join(tmpdir(), `care-oversight-never-created-${randomBytes(4).toString('hex')}`);
  const env = { DATA_DIR: dataDir };
  const user = ['user', 'add', '--email', 'a@b.gov.uk', '--name', 'Ann Lee', '--org', 'NMC', '--role', 'admin'];
  const mistakes: [string[], number, string, string?][] = [
    [['user', 'add', '--name', 'Ann Lee', '--org', 'NMC', '--role', 'admin'], 2, '--email is required'],
    [['user', 'add', '--email', 'a@b.gov.uk', '--org', 'NMC', '--role', 'admin'], 2, '--name is required'],
    [['user', 'add', '--email', 'a@b.gov.uk', '--name', 'Ann'], 2, '--org and --role are required'],
    [['user', 'add', '--email', 'a@b.gov.uk', '--name', 'Ann', '--org', 'NMC', '--role', 'boss'], 2, '--role must be one of admin, commissioner, officer, placer, provider, partner'],
    [[...user, '--colour', 'red'], 2, 'unknown option --colour'],
    [['user', 'remove'], 2, 'usage: care-oversight user add --email E --name N --org ORG_CODE --role ROLE [--password-stdin]'],
    [['user', 'add', '--email', 'not-an-email', '--name', 'R', '--org', 'NMC', '--role', 'officer'], 1, '--email: Enter an email address in the correct format, like name@example.gov.uk'],
    [[...user, '--password-stdin'], 1, 'the password on stdin: Password must be 12 characters or more', 'too short\n'],
    [[...user, '--password-stdin'], 1, 'the password on stdin: Enter a password', ''],
    [['org', 'add', '--code', 'NMC', '--name', 'Northmoor'], 2, '--kind is required'],
    [['org', 'add', '--code', 'NMC', '--name', 'Northmoor', '--kind', 'county'], 2, '--kind must be council, provider or partner'],
    [['org', 'add', '--code', 'NMC', '--name'], 2, '--name needs a value'],
    [['org', 'add', '--code', 'N M C', '--name', 'Spaced', '--kind', 'council'], 1, '--code: Code must be 2 to 32 capital letters, numbers or hyphens, like HERTS or E10000015'],
    [['migrate', '--force'], 2, 'unknown option --force'],
    [['launch'], 2, 'unknown command launch (run care-oversight help for the list)'],
  ];
  for (const [args, code, message, stdin] of mistakes) {
    test(`${args.join(' ')} → ${message}`, async () => {
      assertFails(await run(env, args, stdin), code, message);
    });
  }
  // Settings the environment gives that cannot be used stop every command at once (before any database), naming the variable.
  const settings: [Record<string, string>, string[], string][] = [
    [{ PORT: 'abc' }, ['serve'], 'PORT must be a whole number from 0 to 65535 (it is "abc")'],
    [{ SESSION_HOURS: 'x' }, ['migrate'], 'SESSION_HOURS must be a whole number from 1 to 8784 (it is "x")'],
    [{ LOGIN_ATTEMPTS_PER_15_MINUTES: '' }, ['org', 'add', '--code', 'NMC', '--name', 'Northmoor', '--kind', 'council'], 'LOGIN_ATTEMPTS_PER_15_MINUTES must be a whole number from 1 to 1000000 (it is "")'],
  ];
  for (const [setting, args, message] of settings) {
    test(`${Object.entries(setting).map(([k, v]) => `${k}=${v}`).join(' ')} ${args.join(' ')} → ${message}`, async () => {
      assertFails(await run({ ...env, ...setting }, args), 2, message);
    });
  }
  after(() => assert.equal(existsSync(dataDir), false, 'no database was created'));
});

for (const target of targets) {
  describe(`care-oversight org add and user add (${target.name})`, () => {
    let setUp: CliDatabase;
    let council: Record<string, unknown>;
    let provider: Record<string, unknown>;
    let created: Record<string, unknown>;
    const password = 'a long enough password';

    before(async () => {
      setUp = await target.setUp();
    });
    after(() => setUp.tearDown());

    test('migrate applies the migrations and exits 0', async () => {
      const result = await run(setUp.env, ['migrate']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
    });

    test('org add creates councils and providers, printing one JSON line with the id', async () => {
      council = jsonLine(await run(setUp.env, ['org', 'add', '--code', 'nmc', '--name', 'Northmoor County Council', '--kind', 'council']));
      assert.match(String(council.id), /^[0-9a-f-]{36}$/);
      assert.equal(council.orgId, council.id);
      assert.deepEqual([council.code, council.name, council.kind], ['NMC', 'Northmoor County Council', 'council']);
      provider = jsonLine(await run(setUp.env, ['org', 'add', '--code', 'OAKLEAF', '--name', 'Oakleaf Care', '--kind', 'provider']));
      assert.equal(provider.kind, 'provider');
    });

    test('org add --managed-by makes a provider organisation managed by a council, and refuses a council that does not exist', async () => {
      const managed = jsonLine(await run(setUp.env, ['org', 'add', '--code', 'ELM', '--name', 'Elm Homes', '--kind', 'provider', '--managed-by', 'nmc']));
      assert.equal(managed.kind, 'provider');
      assertFails(await run(setUp.env, ['org', 'add', '--code', 'ASH', '--name', 'Ash Care', '--kind', 'provider', '--managed-by', 'NOPE']), 1, '--managed-by: No council has the code NOPE');
      assertFails(await run(setUp.env, ['org', 'add', '--code', 'ASH', '--name', 'Ash Care', '--kind', 'provider', '--managed-by', 'OAKLEAF']), 1, '--managed-by: No council has the code OAKLEAF');
      assertFails(await run(setUp.env, ['org', 'add', '--code', 'RBC', '--name', 'Ravensdale', '--kind', 'council', '--managed-by', 'NMC']), 2, '--managed-by is for a provider or partner organisation');
    });

    test('org add refuses a duplicate code', async () => {
      assertFails(await run(setUp.env, ['org', 'add', '--code', 'NMC', '--name', 'Again', '--kind', 'council']), 1, '--code: An organisation with code NMC already exists');
    });

    test('user add creates the user with the password from stdin and prints its id and API token', async () => {
      created = jsonLine(await run(setUp.env, ['user', 'add', '--email', 'Admin@Northmoor.gov.uk', '--name', 'Ann Lee', '--org', 'nmc', '--role', 'admin', '--password-stdin'], `${password}\n`));
      assert.deepEqual(Object.keys(created).sort(), ['apiToken', 'userId']);
      assert.match(String(created.apiToken), /^co_/);
    });

    test('user add explains each refusal the database decides in one line and exits 1', async () => {
      const add = (args: string[], stdin?: string) => run(setUp.env, ['user', 'add', ...args], stdin);
      assertFails(await add(['--email', 'x@northmoor.gov.uk', '--name', 'X', '--org', 'NOPE', '--role', 'officer']), 1, '--org: No organisation has the code NOPE');
      assertFails(await add(['--email', 'admin@northmoor.gov.uk', '--name', 'Twin', '--org', 'NMC', '--role', 'officer']), 1, '--email: A user with that email address already exists');
      assertFails(await add(['--email', 'p@oakleaf.example', '--name', 'P', '--org', 'OAKLEAF', '--role', 'admin']), 1, '--role: Users of a provider organisation must have the Provider user role');
    });

    test('the printed token calls the API as the new user, and the password signs them in', async () => {
      const store = await openStore(setUp.storeOptions);
      try {
        const { app } = await testApp(store);
        try {
          const me = await apiClient(app, String(created.apiToken)).get(paths.api.me);
          assert.equal(me.statusCode, 200);
          assert.deepEqual(me.json(), {
            userId: created.userId,
            name: 'Ann Lee',
            email: 'admin@northmoor.gov.uk',
            role: 'admin',
            organisation: { id: council.id, code: 'NMC', name: 'Northmoor County Council', kind: 'council' },
            authMethod: 'password',
          });
          const browser = new PageClient(app);
          await browser.signIn('admin@northmoor.gov.uk', password);
          assert.match((await browser.get(paths.admin.organisations)).body, /Oakleaf Care/);
          const refusedUsers = await store.asSystem((tx) => tx.selectFrom('users').select('email').execute());
          assert.deepEqual(refusedUsers.map((u) => u.email), ['admin@northmoor.gov.uk'], 'failed commands stored nothing');
        } finally {
          await app.close();
        }
      } finally {
        await store.close();
      }
    });

    test('sso set takes the client secret on stdin and sso map adds a role; a provider cannot have single sign-on', async () => {
      const set = jsonLine(
        await run(setUp.env, ['sso', 'set', '--org', 'NMC', '--issuer', 'https://login.example.com/tenant/v2.0', '--client-id', 'app-1', '--client-secret-stdin', '--email-domains', 'northmoor.gov.uk'], 'the secret\n'),
      );
      assert.equal(set.orgId, council.id);
      assert.doesNotMatch(JSON.stringify(set), /the secret/);
      jsonLine(await run(setUp.env, ['sso', 'map', '--org', 'NMC', '--claim', 'care-officers', '--role', 'officer']));
      assertFails(await run(setUp.env, ['sso', 'set', '--org', 'OAKLEAF', '--issuer', 'https://login.example.com', '--client-id', 'x', '--client-secret-stdin'], 's\n'), 1, '--org: Single sign-on is for councils: providers and partners keep local accounts');
      assertFails(await run(setUp.env, ['sso', 'set', '--org', 'NMC', '--issuer', 'https://login.example.com', '--client-id', 'x']), 2, '--client-secret-stdin is required: send the client secret on standard input');
      const store = await openStore(setUp.storeOptions);
      try {
        const row = await store.asSystem((tx) => tx.selectFrom('sign_in_settings').select(['issuer', 'client_id', 'client_secret', 'email_domains']).executeTakeFirstOrThrow());
        assert.deepEqual(row, { issuer: 'https://login.example.com/tenant/v2.0', client_id: 'app-1', client_secret: 'the secret', email_domains: ['northmoor.gov.uk'] });
        const mapped = await store.asSystem((tx) => tx.selectFrom('sso_role_mappings').select(['claim_value', 'role']).execute());
        assert.deepEqual(mapped, [{ claim_value: 'care-officers', role: 'officer' }]);
      } finally {
        await store.close();
      }
    });
  });
}
