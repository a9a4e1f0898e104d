import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.js';
import { paths } from '../core/http/paths.js';
import type { ApiTokensService } from './api-tokens.service.js';

/** GET /api/v1/me: who the token belongs to, so a script can check its credentials before it starts. */
export function accountsApi(app: FastifyInstance, tokens: ApiTokensService) {
  app.get(paths.api.me, async (request) => tokens.me(requireActor(request)));
}
