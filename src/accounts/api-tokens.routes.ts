import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import { fieldErrorsOf, formBody, idParam } from './form-pages.ts';
import { errorViewModel } from '../core/forms.ts';

const section = 'account';

/** Every signed-in person manages their own API tokens: list, create (shown once), revoke. */
export function apiTokensRoutes(app: FastifyInstance, tokens: ApiTokensService) {
  app.get(paths.account.tokens, async (request, reply) => {
    const actor = requireActor(request);
    const list = await tokens.list(actor);
    const { revoked } = request.query as { revoked?: string };
    const revokedToken = list.find((t) => t.id === revoked);
    return reply.render('accounts/views/account/api-tokens.njk', {
      title: 'API tokens',
      section,
      tokens: list,
      banner: revokedToken ? `API token “${revokedToken.label}” revoked. It no longer works.` : undefined,
    });
  });

  app.get(paths.account.newToken, async (request, reply) => {
    requireActor(request);
    return reply.render('accounts/views/account/api-token-new.njk', { title: 'Create an API token', section, values: {} });
  });

  // The token is shown in the response to the POST itself: it is never stored, so it cannot be shown again.
  app.post(paths.account.newToken, async (request, reply) => {
    const actor = requireActor(request);
    const values = formBody(request);
    try {
      const created = await tokens.create(actor, values);
      reply.header('cache-control', 'no-store');
      return reply.render('accounts/views/account/api-token-created.njk', { title: 'API token created', section, created });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return reply.code(400).render('accounts/views/account/api-token-new.njk', { title: 'Create an API token', section, values, errors: errorViewModel(errors) });
    }
  });

  app.post(paths.account.revokeToken(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    await tokens.revoke(actor, id);
    return reply.redirect(withQuery(paths.account.tokens, { revoked: id }), 303);
  });
}
