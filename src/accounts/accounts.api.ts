import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

/** GET /api/v1/me: who the token belongs to, so a script can check its credentials before it starts. */
export function accountsApi(app: FastifyInstance, tokens: ApiTokensService) {
  app.get(paths.api.me, async (request) => tokens.me(requireActor(request)));
}
