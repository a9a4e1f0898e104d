import { randomBytes } from 'node:crypto';
import type { Actor, Store } from '../../src/core/db/database.ts';
import type { OrgKind, Role } from '../../src/core/db/schema.ts';
import { hashPassword, newApiToken, sha256 } from '../../src/core/auth/secrets.ts';

/** Builders for test data: every test makes what it needs, none depends on demo data. */
const unique = () => randomBytes(3).toString('hex').toUpperCase();

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: string | undefined;

export async function makeOrganisation(store: Store, kind: OrgKind = 'council', options: { name?: string; managedBy?: string } = {}) {
  const code = `${kind.slice(0, 3).toUpperCase()}-${unique()}`;
  return store.asSystem((tx) =>
    tx
      .insertInto('organisations')
      .values({ code, name: options.name ?? `${kind} ${code}`, kind, managed_by_org_id: options.managedBy ?? null })
      .returning(['id', 'code', 'name', 'kind'])
      .executeTakeFirstOrThrow(),
  );
}

export interface TestUser {
  readonly actor: Actor;
  readonly email: string;
  readonly password: string;
  readonly apiToken: string;
}

export async function makeUser(store: Store, org: { id: string; name: string; kind: OrgKind }, role: Role, name?: string): Promise<TestUser> {
  passwordHash ??= await hashPassword(TEST_PASSWORD);
  const email = `${role}.${unique().toLowerCase()}@example.gov.uk`;
  const apiToken = newApiToken();
  const user = await store.asSystem(async (tx) => {
    const row = await tx
      .insertInto('users')
      .values({ org_id: org.id, email, name: name ?? `Test ${role}`, role, password_hash: passwordHash! })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await tx.insertInto('api_tokens').values({ user_id: row.id, token_hash: sha256(apiToken), label: 'test' }).execute();
    return row;
  });
  return {
    actor: { userId: user.id, orgId: org.id, orgKind: org.kind, role, name: user.name, orgName: org.name },
    email,
    password: TEST_PASSWORD,
    apiToken,
  };
}

/** A council with one user of each council role. */
export async function makeCouncil(store: Store, name?: string) {
  const org = await makeOrganisation(store, 'council', name ? { name } : {});
  const [admin, commissioner, officer, placer] = await Promise.all(
    (['admin', 'commissioner', 'officer', 'placer'] as const).map((role) => makeUser(store, org, role)),
  );
  return { org, admin: admin!, commissioner: commissioner!, officer: officer!, placer: placer! };
}
