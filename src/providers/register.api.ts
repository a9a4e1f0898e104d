import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { ProvidersService } from './providers.service.ts';
import { providerJson, providerListItemJson, serviceDetailJson, serviceSummaryJson } from './register.json.ts';
import type { ServicesService } from './services.service.ts';
import { cleanSearchText } from './services.search.ts';

export const PROVIDER_FIELDS = ['name', 'companyNumber', 'cqcProviderId', 'parentProviderId', 'portalOrganisationId'] as const;
export const SERVICE_FIELDS = [
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
  'leadOfficerId',
] as const;

/** A JSON object whose every key is a field of the record: a misspelt field is an error, not silently ignored. */
export function readJsonBody(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new Invalid([{ path: 'body', message: 'Send a JSON object' }]);
  }
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length) throw new Invalid(unknown.map((k) => ({ path: k, message: `${k} is not a field here; the fields are ${fields.join(', ')}` })));
  return body as Record<string, unknown>;
}

const providerListQuery = z.object({
  q: z.preprocess(cleanSearchText, z.string().optional()),
  limit: z.preprocess(
    (v) => (v === undefined || v === '' ? 50 : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z.number({ error: 'limit must be a whole number from 1 to 200' }).int().min(1, { error: 'limit must be a whole number from 1 to 200' }).max(200, { error: 'limit must be a whole number from 1 to 200' }),
  ),
  cursor: z.string().optional(),
});

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** Writers are checked before the body is read, so a role that may not write gets 403 whatever it sends. */
function writer(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  authorise(actor, 'register.write');
  return actor;
}

/** The register's JSON API: providers and services, read and written with a Bearer token. */
export function registerApi(app: FastifyInstance, providers: ProvidersService, services: ServicesService) {
  app.post(paths.api.providers, async (request, reply) => {
    const actor = writer(request);
    const id = await providers.create(actor, readJsonBody(request.body, PROVIDER_FIELDS));
    return reply.code(201).header('location', paths.api.provider(id)).send(providerJson(await providers.get(actor, id)));
  });

  app.get(paths.api.providers, async (request) => {
    const actor = requireActor(request);
    const query = parse(providerListQuery, request.query);
    const page = await providers.listForApi(actor, query);
    return { items: page.items.map(providerListItemJson), nextCursor: page.nextCursor };
  });

  app.get(paths.api.provider(':id'), async (request) => providerJson(await providers.get(requireActor(request), idOf(request))));

  app.patch(paths.api.provider(':id'), async (request) => {
    const actor = writer(request);
    await providers.patch(actor, idOf(request), readJsonBody(request.body, PROVIDER_FIELDS));
    return providerJson(await providers.get(actor, idOf(request)));
  });

  async function serviceDocument(actor: Actor, id: string) {
    const { service, contracts, contributed } = await services.detail(actor, id);
    return serviceDetailJson(service, contracts, contributed);
  }

  app.post(paths.api.services, async (request, reply) => {
    const actor = writer(request);
    const id = await services.create(actor, readJsonBody(request.body, SERVICE_FIELDS));
    return reply.code(201).header('location', paths.api.service(id)).send(await serviceDocument(actor, id));
  });

  app.get(paths.api.services, async (request) => {
    const page = await services.listForApi(requireActor(request), request.query);
    return { items: page.items.map(serviceSummaryJson), nextCursor: page.nextCursor };
  });

  app.get(paths.api.service(':id'), async (request) => serviceDocument(requireActor(request), idOf(request)));

  app.patch(paths.api.service(':id'), async (request) => {
    const actor = writer(request);
    await services.patch(actor, idOf(request), readJsonBody(request.body, SERVICE_FIELDS));
    return serviceDocument(actor, idOf(request));
  });
}
