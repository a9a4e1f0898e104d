import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { organisationSchema } from './accounts.schemas.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import type { organisationsService } from './organisations.service.ts';

/**
 * GET /api/v1/me: who the token belongs to, so a script can check its credentials before it starts.
 * POST /api/v1/organisations: a council administrator adds a provider or partner organisation, which the
 * council then manages (provider onboarding without the web page).
 */
export function accountsApi(app: FastifyInstance, tokens: ApiTokensService, organisations: ReturnType<typeof organisationsService>) {
  const route = router(app);
  route.get(paths.api.me, { access: 'signed-in' }, ({ actor }) => tokens.me(actor));
  route.post(paths.api.organisations, { access: 'accounts.manage', body: organisationSchema }, async ({ actor, body, reply }) => {
    const org = await organisations.add(actor, body);
    return reply.code(201).send({ id: org.id, code: org.code, name: org.name, kind: org.kind, managedBy: actor.orgId });
  });
}
