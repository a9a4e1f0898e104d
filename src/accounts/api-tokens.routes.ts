import type { FastifyInstance } from 'fastify';
import { textValues } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router } from '../core/http/route.ts';
import { apiTokenSchema } from './accounts.schemas.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

const section = 'account';
const NEW = 'accounts/views/account/api-token-new.njk';

/** Every signed-in person manages their own API tokens: list, create (shown once), revoke. */
export function apiTokensRoutes(app: FastifyInstance, tokens: ApiTokensService) {
  const route = router(app);

  route.get(paths.account.tokens, { access: 'signed-in' }, async ({ actor, query, reply }) => {
    const list = await tokens.list(actor);
    const revokedToken = list.find((t) => t.id === query.revoked);
    return reply.render('accounts/views/account/api-tokens.njk', {
      title: 'API tokens',
      section,
      tokens: list,
      banner: revokedToken ? `API token “${revokedToken.label}” revoked. It no longer works.` : undefined,
    });
  });

  route.get(paths.account.newToken, { access: 'signed-in' }, ({ reply }) => reply.render(NEW, { title: 'Create an API token', section, values: {} }));

  // The token is shown in the response to the POST itself: it is never stored, so it cannot be shown again.
  route.post(
    paths.account.newToken,
    {
      access: 'signed-in',
      body: apiTokenSchema,
      invalid: ({ values, reply }, errors) => reply.render(NEW, { title: 'Create an API token', section, values: textValues(values), errors }),
    },
    async ({ actor, body, reply }) => {
      const created = await tokens.create(actor, body);
      reply.header('cache-control', 'no-store');
      return reply.render('accounts/views/account/api-token-created.njk', { title: 'API token created', section, created });
    },
  );

  route.post(paths.account.revokeToken(':id'), { access: 'signed-in', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await tokens.revoke(actor, ids.id);
    return reply.redirect(withQuery(paths.account.tokens, { revoked: ids.id }), 303);
  });
}
