import { z } from 'zod';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import { Invalid, NotFound, fromDatabaseError, type FieldError } from '../core/errors.ts';
import { cqcLocationId, parse } from '../core/forms.ts';
import type { ServiceExtensions, ServicePanel } from '../core/http/extensions.ts';
import { SERVICE_CATEGORIES } from './categories.ts';
import * as contracts from './contracts.repository.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import * as providers from './providers.repository.ts';
import { councilOf, requireId } from './register.access.ts';
import type { Contract, NamedRef, Service, ServiceFields, ServiceSummary } from './register.ts';
import { MESSAGES, serviceSchema, withoutNulls, type ServiceInput } from './register.schemas.ts';
import * as repo from './services.repository.ts';
import { cleanSearchText, type ServiceListQuery } from './services.search.ts';

export const SERVICES_PAGE_SIZE = 25;

/** The API's list query: unknown categories or malformed ids are errors here, unlike the forgiving page filters. */
export const apiServiceQuerySchema = z.object({
  q: z.preprocess(cleanSearchText, z.string().optional()),
  category: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(SERVICE_CATEGORIES, { error: `category must be one of ${SERVICE_CATEGORIES.join(', ')}` }).optional(),
  ),
  cqcLocationId: cqcLocationId(),
  limit: z.preprocess(
    (v) => (v === undefined || v === '' ? 50 : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z
      .number({ error: 'limit must be a whole number from 1 to 200' })
      .int()
      .min(1, { error: 'limit must be a whole number from 1 to 200' })
      .max(200, { error: 'limit must be a whole number from 1 to 200' }),
  ),
  cursor: z.string().optional(),
});

type ApiServiceQuery = z.output<typeof apiServiceQuerySchema>;

const API_SORT = 'name';

export function serviceToInput(service: Service): Record<string, unknown> {
  return {
    name: service.name,
    providerId: service.provider.id,
    category: service.category,
    cqcLocationId: service.cqcLocationId ?? undefined,
    addressLine1: service.addressLine1 ?? undefined,
    addressLine2: service.addressLine2 ?? undefined,
    town: service.town ?? undefined,
    postcode: service.postcode,
    beds: service.beds ?? undefined,
    hoursPerWeek: service.hoursPerWeek ?? undefined,
    fundedPeople: service.fundedPeople,
    inCounty: service.inCounty,
    notCommissioned: service.notCommissioned,
    leadOfficerId: service.leadOfficer?.id,
  };
}

function toFields(input: ServiceInput): ServiceFields {
  return {
    name: input.name,
    providerId: input.providerId,
    category: input.category,
    cqcLocationId: input.cqcLocationId ?? null,
    addressLine1: input.addressLine1 ?? null,
    addressLine2: input.addressLine2 ?? null,
    town: input.town ?? null,
    postcode: input.postcode,
    beds: input.beds ?? null,
    hoursPerWeek: input.hoursPerWeek ?? null,
    fundedPeople: input.fundedPeople ?? 0,
    inCounty: input.inCounty,
    notCommissioned: input.notCommissioned,
    leadOfficerId: input.leadOfficerId ?? null,
  };
}

export interface CheckedService {
  readonly input: ServiceInput;
  readonly provider: NamedRef;
  readonly leadOfficer: NamedRef | null;
}

/** The service register: search, read, create and edit services; contributions from other capabilities. */
export function servicesService(store: Store, extensions: ServiceExtensions) {
  async function load(tx: Tx, id: string): Promise<Service> {
    requireId(id, 'Service');
    const service = await repo.findService(tx, id);
    if (!service) throw new NotFound('Service');
    return service;
  }

  function council(actor: Actor): string {
    const id = councilOf(actor);
    if (!id) throw new NotFound('Service');
    return id;
  }

  /**
   * What the schema cannot know: the provider and lead officer belong to this council (a foreign key
   * alone would accept another council's), and the CQC location id is not already registered here.
   */
  async function check(tx: Tx, councilId: string, input: ServiceInput, exceptId?: string): Promise<CheckedService> {
    const errors: FieldError[] = [];
    const provider = await providers.findProvider(tx, input.providerId);
    if (!provider) errors.push({ path: 'providerId', message: MESSAGES.provider });
    let leadOfficer: NamedRef | undefined;
    if (input.leadOfficerId) {
      leadOfficer = (await repo.leadOfficerChoices(tx, councilId)).find((o) => o.id === input.leadOfficerId);
      if (!leadOfficer) errors.push({ path: 'leadOfficerId', message: MESSAGES.leadOfficer });
    }
    if (input.cqcLocationId) {
      const existing = await repo.findByCqcLocationId(tx, councilId, input.cqcLocationId, exceptId);
      if (existing) errors.push(duplicateCqc(input.cqcLocationId, existing.name));
    }
    if (errors.length || !provider) throw new Invalid(errors);
    return { input, provider: { id: provider.id, name: provider.name }, leadOfficer: leadOfficer ?? null };
  }

  /** Two people registering the same CQC location at once: the unique index catches the second. */
  async function guardDuplicate<T>(cqcId: () => string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const id = cqcId();
      if (id && fromDatabaseError(error)?.status === 409) throw new Invalid([duplicateCqc(id, 'another service')]);
      throw error;
    }
  }

  /** Edits run in one unit of work: find the service (404), read the input (400), check it, write it. */
  async function save(actor: Actor, id: string, toInput: (current: Service) => ServiceInput): Promise<void> {
    authorise(actor, 'register.write');
    const councilId = council(actor);
    requireId(id, 'Service');
    let input: ServiceInput | undefined;
    await guardDuplicate(
      () => input?.cqcLocationId,
      () =>
        store.asUser(actor, async (tx) => {
          const current = await load(tx, id);
          input = toInput(current);
          await check(tx, councilId, input, id);
          if (!(await repo.updateService(tx, id, toFields(input)))) throw new NotFound('Service');
        }),
    );
  }

  return {
    /** A numbered page of the register for the services list. */
    async list(actor: Actor, query: ServiceListQuery) {
      authorise(actor, 'register.read');
      const councilId = councilOf(actor);
      const read = async (tx: Tx) => {
        const total = await repo.countServices(tx, { ...query, councilId });
        const { items } = await repo.searchServices(tx, {
          ...query,
          councilId,
          limit: SERVICES_PAGE_SIZE,
          offset: (query.page - 1) * SERVICES_PAGE_SIZE,
        });
        const choices = {
          providers: await providers.providerChoices(tx, councilId),
          leadOfficers: councilId ? await repo.leadOfficerChoices(tx, councilId) : [],
        };
        return { items, total, choices };
      };
      // A council's list is kept until one of its services changes (a provider added, changed or removed, and
      // its people, move the versions too), whoever else commits; a provider's users' while nothing is committed.
      const key = `providers.list:${actor.userId}:${actor.orgId}:${actor.role}:${JSON.stringify(query)}`;
      return store.asUser(actor, (tx) => (councilId ? store.keepByCouncil(tx, key, councilId, () => read(tx)) : store.remember(tx, key, () => read(tx))));
    },

    /**
     * Every service the list's search and filters match, in its order, for a spreadsheet: read by key a
     * thousand at a time (the same search as the list, so the same indexes serve it).
     */
    async listAll(actor: Actor, query: ServiceListQuery): Promise<ServiceSummary[]> {
      authorise(actor, 'register.read');
      const councilId = councilOf(actor);
      return store.asUser(actor, async (tx) => {
        const all: ServiceSummary[] = [];
        let after: string[] | undefined;
        do {
          const page: { items: ServiceSummary[]; nextKey?: string[] } = await repo.searchServices(tx, {
            ...query,
            councilId,
            limit: 1000,
            after,
          });
          all.push(...page.items);
          after = page.nextKey;
        } while (after);
        return all;
      });
    },

    /** The API list: name order, keyset-paged with an opaque cursor. */
    async listForApi(actor: Actor, query: ApiServiceQuery) {
      authorise(actor, 'register.read');
      let after: string[] | undefined;
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, API_SORT, repo.sortKeyLength(API_SORT));
        if (!cursor) throw new Invalid([{ path: 'cursor', message: 'The cursor is not one this list issued; start again without it' }]);
        after = cursor.key.map(String);
      }
      const page = await store.asUser(actor, (tx) =>
        repo.searchServices(tx, {
          q: query.q,
          category: query.category,
          cqcLocationId: query.cqcLocationId,
          councilId: councilOf(actor),
          sort: API_SORT,
          limit: query.limit,
          after,
        }),
      );
      return { items: page.items, nextCursor: page.nextKey ? encodeCursor({ sort: API_SORT, key: page.nextKey }) : null };
    },

    async get(actor: Actor, id: string): Promise<Service> {
      authorise(actor, 'register.read');
      return store.asUser(actor, (tx) => load(tx, id));
    },

    /** The service page: the service, its contracts (council staff only), then every contributed panel. */
    async page(actor: Actor, id: string): Promise<{ service: Service; contracts: Contract[]; panels: ServicePanel[] }> {
      authorise(actor, 'register.read');
      // Kept until the service changes (its version, or a shared one, moves), for the person, the service and
      // the day (panels count from today): every table a panel reads moves one (service-page.kept.db.test.ts).
      const key = `providers.servicePage:${actor.userId}:${actor.orgId}:${actor.role}:${id}:${today()}`;
      return store.asUser(actor, (tx) =>
        store.keepForService(tx, key, id, async () => {
          const service = await load(tx, id);
          const list = await contracts.listContracts(tx, id);
          // Every panel only reads: they share the request's transaction without a savepoint each.
          const contributed = await store.readsTogether(() => Promise.all(extensions.panels.map((source) => source(actor, id))));
          const panels = contributed.filter((p): p is ServicePanel => !!p);
          return { service, contracts: list, panels };
        }),
      );
    },

    /** The API's service document: the service, its contracts, and fields other capabilities contribute. */
    async detail(actor: Actor, id: string) {
      authorise(actor, 'register.read');
      // Kept as the page is: until the service changes, for the person, the service and the day.
      const key = `providers.serviceDetail:${actor.userId}:${actor.orgId}:${actor.role}:${id}:${today()}`;
      return store.asUser(actor, (tx) =>
        store.keepForService(tx, key, id, async () => {
          const service = await load(tx, id);
          const list = await contracts.listContracts(tx, id);
          // Every contribution only reads: they share the request's transaction without a savepoint each.
          const contributed = await store.readsTogether(() => Promise.all(extensions.details.map((source) => source(actor, id))));
          return { service, contracts: list, contributed: Object.assign({}, ...contributed) as Record<string, unknown> };
        }),
      );
    },

    async formChoices(actor: Actor) {
      authorise(actor, 'register.write');
      const councilId = council(actor);
      return store.asUser(actor, async (tx) => ({
        providers: await providers.providerChoices(tx, councilId),
        leadOfficers: await repo.leadOfficerChoices(tx, councilId),
      }));
    },

    /** Validates a new service without storing it, for the check-your-answers page. */
    async checkNew(actor: Actor, raw: unknown): Promise<CheckedService> {
      authorise(actor, 'register.write');
      const councilId = council(actor);
      const input = parse(serviceSchema, raw);
      return store.asUser(actor, (tx) => check(tx, councilId, input));
    },

    async create(actor: Actor, raw: unknown): Promise<string> {
      authorise(actor, 'register.write');
      const councilId = council(actor);
      const input = parse(serviceSchema, raw);
      return guardDuplicate(
        () => input.cqcLocationId,
        () =>
          store.asUser(actor, async (tx) => {
            await check(tx, councilId, input);
            return repo.insertService(tx, councilId, toFields(input));
          }),
      );
    },

    update(actor: Actor, id: string, raw: unknown): Promise<void> {
      return save(actor, id, () => parse(serviceSchema, raw));
    },

    /** A partial edit from the API: fields not sent keep their values; null clears an optional field. */
    patch(actor: Actor, id: string, body: Record<string, unknown>): Promise<void> {
      return save(actor, id, (current) => parse(serviceSchema, withoutNulls({ ...serviceToInput(current), ...body })));
    },
  };
}

function duplicateCqc(cqcId: string, name: string): FieldError {
  return {
    path: 'cqcLocationId',
    message: `CQC location ID ${cqcId} is already in your council’s register (${name}): each location can be registered once`,
  };
}

export type ServicesService = ReturnType<typeof servicesService>;
