import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { ProvidersService } from './providers.service.ts';
import { providerJson, providerListItemJson, serviceDetailJson, serviceSummaryJson } from './register.json.ts';
import { apiServiceQuerySchema, type ServicesService } from './services.service.ts';
import { cleanSearchText } from './services.search.ts';

const PROVIDER_FIELDS = ['name', 'companyNumber', 'cqcProviderId', 'parentProviderId', 'portalOrganisationId'] as const;
const SERVICE_FIELDS = [
  'name',
  'providerId',
  'category',
  'cqcLocationId',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'beds',
  'hoursPerWeek',
  'fundedPeople',
  'inCounty',
  'notCommissioned',
  'leadOfficerId',
] as const;

/** A JSON object whose every key is a field of the record: a misspelt field is an error, not silently ignored. */
function jsonRecord(fields: readonly string[]) {
  return z.unknown().transform((body, ctx): Record<string, unknown> => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      ctx.addIssue({ code: 'custom', message: 'Send a JSON object' });
      return z.NEVER;
    }
    for (const key of Object.keys(body).filter((k) => !fields.includes(k))) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} is not a field here; the fields are ${fields.join(', ')}` });
    }
    return body as Record<string, unknown>;
  });
}

const providerBody = jsonRecord(PROVIDER_FIELDS);
const serviceBody = jsonRecord(SERVICE_FIELDS);

const providerListQuery = z.object({
  q: z.preprocess(cleanSearchText, z.string().optional()),
  limit: z.preprocess(
    (v) => (v === undefined || v === '' ? 50 : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z.number({ error: 'limit must be a whole number from 1 to 200' }).int().min(1, { error: 'limit must be a whole number from 1 to 200' }).max(200, { error: 'limit must be a whole number from 1 to 200' }),
  ),
  cursor: z.string().optional(),
});

/** The register's JSON API: providers and services, read and written with a Bearer token. Writers are refused before the body is read. */
export function registerApi(app: FastifyInstance, providers: ProvidersService, services: ServicesService) {
  const route = router(app);
  const provider = { ids: ['id'], notFound: 'Provider' } as const;
  const service = { ids: ['id'], notFound: 'Service' } as const;

  route.post(paths.api.providers, { access: 'register.write', body: providerBody }, async ({ actor, body, reply }) => {
    const id = await providers.create(actor, body);
    return reply.code(201).header('location', paths.api.provider(id)).send(providerJson(await providers.get(actor, id)));
  });

  route.get(paths.api.providers, { access: 'register.read', query: providerListQuery }, async ({ actor, query }) => {
    const page = await providers.listForApi(actor, query);
    return { items: page.items.map(providerListItemJson), nextCursor: page.nextCursor };
  });

  route.get(paths.api.provider(':id'), { access: 'register.read', ...provider }, async ({ actor, ids }) => providerJson(await providers.get(actor, ids.id)));

  route.patch(paths.api.provider(':id'), { access: 'register.write', ...provider, body: providerBody }, async ({ actor, ids, body }) => {
    await providers.patch(actor, ids.id, body);
    return providerJson(await providers.get(actor, ids.id));
  });

  async function serviceDocument(actor: Actor, id: string) {
    const { service, contracts, contributed } = await services.detail(actor, id);
    return serviceDetailJson(service, contracts, contributed);
  }

  route.post(paths.api.services, { access: 'register.write', body: serviceBody }, async ({ actor, body, reply }) => {
    const id = await services.create(actor, body);
    return reply.code(201).header('location', paths.api.service(id)).send(await serviceDocument(actor, id));
  });

  route.get(paths.api.services, { access: 'register.read', query: apiServiceQuerySchema }, async ({ actor, query }) => {
    const page = await services.listForApi(actor, query);
    return { items: page.items.map(serviceSummaryJson), nextCursor: page.nextCursor };
  });

  route.get(paths.api.service(':id'), { access: 'register.read', ...service }, ({ actor, ids }) => serviceDocument(actor, ids.id));

  route.patch(paths.api.service(':id'), { access: 'register.write', ...service, body: serviceBody }, async ({ actor, ids, body }) => {
    await services.patch(actor, ids.id, body);
    return serviceDocument(actor, ids.id);
  });
}
