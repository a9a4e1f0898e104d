import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from './categories.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import * as repo from './providers.repository.ts';
import { parentCycleMessage } from './providers.rules.ts';
import { MESSAGES, providerSchema, withoutNulls, type ProviderInput } from './register.schemas.ts';
import { councilOf, requireId } from './register.access.ts';
import type { NamedRef, Provider, ProviderFields } from './register.ts';

export const PROVIDERS_PAGE_SIZE = 25;
const PROVIDER_SORT = 'providerName';

interface ProviderGroupView {
  readonly provider: Provider;
  readonly subsidiaries: NamedRef[];
  readonly services: repo.GroupService[];
  readonly countsByCategory: { category: ServiceCategory; count: number }[];
}

/** Counts of a group's services per category, in the API's category order, leaving out empty ones. */
function countByCategory(services: readonly { category: ServiceCategory }[]) {
  return SERVICE_CATEGORIES.map((category) => ({ category, count: services.filter((s) => s.category === category).length })).filter(
    (c) => c.count > 0,
  );
}

export function providerToInput(provider: Provider): Record<string, unknown> {
  return {
    name: provider.name,
    companyNumber: provider.companyNumber ?? undefined,
    cqcProviderId: provider.cqcProviderId ?? undefined,
    parentProviderId: provider.parent?.id,
    portalOrganisationId: provider.portalOrganisation?.id,
  };
}

function toFields(input: ProviderInput): ProviderFields {
  return {
    name: input.name,
    companyNumber: input.companyNumber ?? null,
    cqcProviderId: input.cqcProviderId ?? null,
    parentProviderId: input.parentProviderId ?? null,
    portalOrganisationId: input.portalOrganisationId ?? null,
  };
}

/** Providers and provider groups: the organisations that run the council's commissioned services. */
export function providersService(store: Store) {
  async function load(tx: Tx, id: string): Promise<Provider> {
    requireId(id, 'Provider');
    const provider = await repo.findProvider(tx, id);
    if (!provider) throw new NotFound('Provider');
    return provider;
  }

  /** Checks what only the database can tell: the parent and portal organisation exist here, and no loop forms. */
  async function checkReferences(tx: Tx, actor: Actor, input: ProviderInput, self: { id: string; name: string } | undefined) {
    const errors = [];
    if (input.parentProviderId) {
      const links = await repo.ancestorLinks(tx, input.parentProviderId);
      if (links.length === 0) {
        errors.push({ path: 'parentProviderId', message: MESSAGES.parent });
      } else if (self) {
        const cycle = parentCycleMessage(self, input.parentProviderId, new Map(links.map((l) => [l.id, l])));
        if (cycle) errors.push({ path: 'parentProviderId', message: cycle });
      }
    }
    if (input.portalOrganisationId) {
      const choices = await repo.portalOrganisationChoices(tx, actor.orgId);
      if (!choices.some((o) => o.id === input.portalOrganisationId)) errors.push({ path: 'portalOrganisationId', message: MESSAGES.portal });
    }
    if (errors.length) throw new Invalid(errors);
  }

  /** Edits run in one unit of work: find the provider (404), read the input (400), check it, write it. */
  async function save(actor: Actor, id: string, toInput: (current: Provider) => ProviderInput): Promise<void> {
    authorise(actor, 'register.write');
    requireId(id, 'Provider');
    await store.asUser(actor, async (tx) => {
      await repo.lockProviderGroups(tx, actor.orgId);
      const current = await load(tx, id);
      const input = toInput(current);
      await checkReferences(tx, actor, input, { id: current.id, name: input.name });
      if (!(await repo.updateProvider(tx, id, toFields(input)))) throw new NotFound('Provider');
    });
  }

  return {
    async list(actor: Actor, options: { q?: string | undefined; page: number }) {
      authorise(actor, 'register.read');
      return store.asUser(actor, async (tx) => {
        const total = await repo.countProviders(tx, options.q, councilOf(actor));
        const { items } = await repo.searchProviders(tx, { councilId: councilOf(actor), q: options.q, limit: PROVIDERS_PAGE_SIZE, offset: (options.page - 1) * PROVIDERS_PAGE_SIZE });
        return { items, total };
      });
    },

    /** Name order, keyset-paged: the cursor is the last provider's position, opaque to clients. */
    async listForApi(actor: Actor, options: { q?: string | undefined; limit: number; cursor?: string | undefined }) {
      authorise(actor, 'register.read');
      let after: [string, string] | undefined;
      if (options.cursor) {
        const cursor = decodeCursor(options.cursor, PROVIDER_SORT, 2);
        if (!cursor) throw new Invalid([{ path: 'cursor', message: 'The cursor is not one this list issued; start again without it' }]);
        after = [String(cursor.key[0]), String(cursor.key[1])];
      }
      const page = await store.asUser(actor, (tx) => repo.searchProviders(tx, { councilId: councilOf(actor), q: options.q, limit: options.limit, after }));
      return { items: page.items, nextCursor: page.nextKey ? encodeCursor({ sort: PROVIDER_SORT, key: page.nextKey }) : null };
    },

    async get(actor: Actor, id: string): Promise<Provider> {
      authorise(actor, 'register.read');
      return store.asUser(actor, (tx) => load(tx, id));
    },

    async group(actor: Actor, id: string): Promise<ProviderGroupView> {
      authorise(actor, 'register.read');
      return store.asUser(actor, async (tx) => {
        const provider = await load(tx, id);
        const [subsidiaries, services] = [await repo.subsidiaries(tx, id), await repo.groupServices(tx, id)];
        return { provider, subsidiaries, services, countsByCategory: countByCategory(services) };
      });
    },

    /** What the provider form offers: the council's providers (as parents) and its provider organisations. */
    async formChoices(actor: Actor, exceptId?: string) {
      authorise(actor, 'register.write');
      return store.asUser(actor, async (tx) => ({
        parents: (await repo.providerChoices(tx, actor.orgId)).filter((p) => p.id !== exceptId),
        portalOrganisations: await repo.portalOrganisationChoices(tx, actor.orgId),
      }));
    },

    async create(actor: Actor, raw: unknown): Promise<string> {
      authorise(actor, 'register.write');
      const input = parse(providerSchema, raw);
      const councilId = councilOf(actor);
      if (!councilId) throw new NotFound('Provider');
      return store.asUser(actor, async (tx) => {
        await repo.lockProviderGroups(tx, councilId);
        await checkReferences(tx, actor, input, undefined);
        return repo.insertProvider(tx, councilId, toFields(input));
      });
    },

    /** A whole-form edit: every field as submitted. */
    update(actor: Actor, id: string, raw: unknown): Promise<void> {
      return save(actor, id, () => parse(providerSchema, raw));
    },

    /** A partial edit from the API: fields not sent keep their values; null clears an optional field. */
    patch(actor: Actor, id: string, body: Record<string, unknown>): Promise<void> {
      return save(actor, id, (current) => parse(providerSchema, withoutNulls({ ...providerToInput(current), ...body })));
    },
  };
}

export type ProvidersService = ReturnType<typeof providersService>;
