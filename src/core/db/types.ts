import type { Kysely, Transaction } from 'kysely';
import type { Database, OrgKind, Role } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** Who is acting: every application read and write runs as one. */
export interface Actor {
  readonly userId: string;
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  readonly name: string;
  readonly orgName: string;
}
