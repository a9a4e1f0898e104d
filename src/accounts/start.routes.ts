import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { can } from '../core/auth/permissions.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { readDemoAccounts } from './demo-accounts.ts';

/** The start page: what the service is, sign-in, and the demo accounts while demo data is loaded. */
export function startRoutes(app: FastifyInstance, store: Store) {
  const route = router(app);

  route.get(paths.home, { access: 'public' }, async ({ actor, reply }) => {
    const demo = actor ? undefined : await store.asSystem((tx) => readDemoAccounts(tx));
    return reply.render('accounts/views/start.njk', {
      title: actor ? 'Home' : 'Care Oversight',
      demo,
      canEdit: can(actor, 'register.write'),
      canAdmin: can(actor, 'accounts.manage'),
    });
  });

  route.get(paths.accessibility, { access: 'public' }, ({ reply }) => reply.render('accounts/views/accessibility.njk', { title: 'Accessibility statement' }));
  // The footer's defaults until a council links its own (src/core/brand/brand.ts).
  route.get(paths.privacy, { access: 'public' }, ({ reply }) => reply.render('accounts/views/privacy.njk', { title: 'Privacy' }));
  route.get(paths.contact, { access: 'public' }, ({ reply }) => reply.render('accounts/views/contact.njk', { title: 'Contact' }));
}
