import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

/** GET /api/v1/me: who the token belongs to, so a script can check its credentials before it starts. */
export function accountsApi(app: FastifyInstance, tokens: ApiTokensService) {
  router(app).get(paths.api.me, { access: 'signed-in' }, ({ actor }) => tokens.me(actor));
}
