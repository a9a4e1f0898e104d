import type { Actor, Store, Tx } from '../core/db/database.ts';
import type { OrgKind } from '../core/db/schema.ts';
import { authorise } from '../core/auth/permissions.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { organisationNameSchema, organisationSchema } from './accounts.schemas.ts';
import { isUniqueViolation } from './database-errors.ts';
import * as repo from './accounts.repository.ts';

interface Organisation {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: OrgKind;
  readonly managedBy: { readonly id: string; readonly name: string } | null;
}

interface OrganisationListing extends Organisation {
  /** The acting administrator's council manages it, so may rename it and add its users. */
  readonly managedByActor: boolean;
}

const duplicateCode = (code: string) => new Conflict(`An organisation with code ${code} already exists`, 'code');

/** Organisations: councils (added by the system operator), and the provider and partner organisations councils manage. */
export function organisationsService(store: Store) {
  /** `managedBy`: the code of the council that manages it (the command line's `--managed-by`). */
  async function insert(actor: Actor | 'system', input: unknown, managedBy?: string) {
    const org = parse(organisationSchema, input);
    if (managedBy !== undefined && org.kind === 'council') throw new Invalid([{ path: 'managedBy', message: 'A council is managed by no other organisation' }]);
    const work = async (tx: Tx) => {
      if (await repo.findOrganisationByCode(tx, org.code)) throw duplicateCode(org.code);
      let managedByOrgId = actor === 'system' ? null : actor.orgId;
      if (managedBy !== undefined) {
        const council = await repo.findOrganisationByCode(tx, managedBy.trim().toUpperCase());
        if (council?.kind !== 'council') throw new Invalid([{ path: 'managedBy', message: `No council has the code ${managedBy}` }]);
        managedByOrgId = council.id;
      }
      return repo.insertOrganisation(tx, { ...org, managedByOrgId });
    };
    if (actor !== 'system' && org.kind === 'council') {
      throw new Invalid([{ path: 'kind', message: 'Select provider or partner: councils are added by the system operator' }]);
    }
    try {
      return await (actor === 'system' ? store.asSystem(work) : store.asUser(actor, work));
    } catch (error) {
      // Two administrators choosing the same code at once: the unique index decides.
      if (isUniqueViolation(error)) throw duplicateCode(org.code);
      throw error;
    }
  }

  return {
    /** Command line: any kind, including councils; a provider or partner may be managed by a council (by its code). */
    async addAsSystem(input: { code: string; name: string; kind: string; managedBy?: string | undefined }) {
      const { managedBy, ...org } = input;
      return insert('system', org, managedBy);
    },

    /** An administrator adds a provider or partner organisation, which their council then manages. */
    async add(actor: Actor, input: unknown) {
      authorise(actor, 'accounts.manage');
      return insert(actor, input);
    },

    async list(actor: Actor): Promise<OrganisationListing[]> {
      authorise(actor, 'accounts.manage');
      const rows = await store.asUser(actor, (tx) => repo.listOrganisations(tx));
      return rows.map((row) => ({
        id: row.id,
        code: row.code,
        name: row.name,
        kind: row.kind,
        managedBy: row.managed_by_org_id ? { id: row.managed_by_org_id, name: row.managed_by_name ?? '' } : null,
        managedByActor: row.managed_by_org_id === actor.orgId,
      }));
    },

    /** Where the administrator may add users: their own council first, then the organisations it manages. */
    async manageable(actor: Actor): Promise<Organisation[]> {
      authorise(actor, 'accounts.manage');
      const rows = await store.asUser(actor, (tx) => repo.listManageableOrganisations(tx, actor.orgId));
      return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, kind: row.kind, managedBy: null }));
    },

    /** An organisation the administrator's council manages, for renaming. */
    async getManaged(actor: Actor, id: string): Promise<Organisation> {
      authorise(actor, 'accounts.manage');
      const row = await store.asUser(actor, (tx) => repo.findOrganisation(tx, id));
      if (!row) throw new NotFound('Organisation');
      if (row.managed_by_org_id !== actor.orgId) throw new Forbidden('Only the council that manages an organisation can change it');
      return { id: row.id, code: row.code, name: row.name, kind: row.kind, managedBy: { id: actor.orgId, name: actor.orgName } };
    },

    async rename(actor: Actor, id: string, input: unknown): Promise<void> {
      authorise(actor, 'accounts.manage');
      const { name } = parse(organisationNameSchema, input);
      await store.asUser(actor, async (tx) => {
        const row = await repo.findOrganisation(tx, id);
        if (!row) throw new NotFound('Organisation');
        if (row.managed_by_org_id !== actor.orgId) throw new Forbidden('Only the council that manages an organisation can change it');
        await repo.updateOrganisationName(tx, id, name);
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof organisationsService>;
