import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { can } from '../core/auth/permissions.ts';
import { paths } from '../core/http/paths.ts';
import { readDemoAccounts } from './demo-accounts.ts';

/** The start page: what the service is, sign-in, and the demo accounts while demo data is loaded. */
export function startRoutes(app: FastifyInstance, store: Store) {
  app.get(paths.home, async (request, reply) => {
    const actor = request.actor;
    const demo = actor ? undefined : await store.asSystem((tx) => readDemoAccounts(tx));
    return reply.render('accounts/views/start.njk', {
      title: actor ? 'Home' : 'Care Oversight',
      demo,
      canEdit: can(actor, 'register.write'),
      canAdmin: can(actor, 'accounts.manage'),
    });
  });

  app.get(paths.accessibility, async (_request, reply) => reply.render('accounts/views/accessibility.njk', { title: 'Accessibility statement' }));
}
