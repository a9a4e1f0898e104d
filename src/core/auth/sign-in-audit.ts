import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/** How someone tried to sign in. */
export type SignInRoute = 'password' | 'authenticator-code' | 'recovery-code' | 'sso' | 'second-factor';

export interface SignInEvent {
  /** The person, when known (an unknown email has none). */
  readonly userId?: string | null | undefined;
  /** The council (or organisation) whose trail it belongs in. */
  readonly orgId?: string | null | undefined;
  readonly route: SignInRoute;
  readonly outcome: 'signed-in' | 'refused' | 'limited' | 'enrolled' | 'reset' | 'role-changed' | 'created' | 'linked' | 'reset-requested' | 'password-changed';
  /** Why, in a few words (never a password, code, token or secret). */
  readonly detail?: string | undefined;
  /** Anything else worth keeping: the email tried, the old and new role… */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Sign-ins and their failures are events, not changes of a row, so they are written to the audit trail
 * here (table `sign_ins`), as the owner: at a sign-in nobody is acting yet.
 */
export async function recordSignIn(tx: Tx, event: SignInEvent): Promise<void> {
  const after = { route: event.route, outcome: event.outcome, detail: event.detail ?? null, user_id: event.userId ?? null, ...event.extra };
  await sql`insert into audit_events (actor_user_id, actor_org_id, council_id, table_name, record_id, action, before, after)
    values (${event.userId ?? null}::uuid, ${event.orgId ?? null}::uuid,
      (select coalesce(o.managed_by_org_id, o.id) from organisations o where o.id = ${event.orgId ?? null}::uuid),
      'sign_ins', coalesce(${event.userId ?? null}::uuid, gen_random_uuid()), 'insert', null, ${JSON.stringify(after)}::jsonb)`.execute(tx);
}
