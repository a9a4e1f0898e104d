import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { can } from '../core/auth/permissions.ts';
import { now } from '../core/clock.ts';
import type { HomeSource, HomeTask } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { readDemoAccounts } from './demo-accounts.ts';
import { accountsHome } from './home.ts';

/** The home page's parts in the order of a working day; a part another capability names first comes after these. */
const GROUP_ORDER = [
  'Your work',
  'Waiting for your approval',
  'Open concerns cases',
  'The council’s figures',
  'Administration',
  'Shared with you',
];

/** Groups tasks under their headings, in GROUP_ORDER, each keeping its capabilities' order. */
export function groupTasks(tasks: readonly HomeTask[]): { title: string; tasks: HomeTask[] }[] {
  const groups = new Map<string, HomeTask[]>();
  for (const task of tasks) groups.set(task.group, [...(groups.get(task.group) ?? []), task]);
  const rank = (title: string) => (GROUP_ORDER.includes(title) ? GROUP_ORDER.indexOf(title) : GROUP_ORDER.length);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([title, list]) => ({ title, tasks: list }));
}

/**
 * The start page: what the service is, sign-in, and the demo accounts while demo data is loaded. Signed in,
 * it is the person's home (issue 15): what needs them today, counted from the records now, each line from
 * the capability that owns it (`home`), then everything else they can reach. A placing officer's home is the
 * Live Status search.
 */
export function startRoutes(app: FastifyInstance, store: Store, home: readonly HomeSource[] = []) {
  const route = router(app);
  const sources = [...home, accountsHome(store)];

  route.get(paths.home, { access: 'public' }, async ({ actor, reply }) => {
    if (actor?.role === 'placer') return reply.redirect(paths.status.list, 303);
    const demo = actor ? undefined : await store.asSystem((tx) => readDemoAccounts(tx));
    // One after another: they share the request's one transaction, without a savepoint each (all reads: one
    // failing fails the page). Kept while nothing is committed, for the person and the minute (a line may count
    // from now, such as CQC imports in the last 30 days).
    const tasks: readonly HomeTask[] = actor
      ? await store.readsTogether(() =>
          store.asUser(actor, (tx) =>
            store.remember(tx, `accounts.home:${actor.userId}:${actor.orgId}:${actor.role}:${now().toISOString().slice(0, 16)}`, async () => {
              const all: HomeTask[] = [];
              for (const source of sources) all.push(...(await source(actor)));
              return all;
            }),
          ),
        )
      : [];
    return reply.render('accounts/views/start.njk', {
      title: actor ? 'Home' : 'Care Oversight',
      demo,
      groups: groupTasks(tasks),
      canEdit: can(actor, 'register.write'),
      canAdmin: can(actor, 'accounts.manage'),
    });
  });

  route.get(paths.accessibility, { access: 'public' }, ({ reply }) =>
    reply.render('accounts/views/accessibility.njk', { title: 'Accessibility statement' }),
  );
  // The footer's defaults until a council links its own (src/core/brand/brand.ts).
  route.get(paths.privacy, { access: 'public' }, ({ reply }) => reply.render('accounts/views/privacy.njk', { title: 'Privacy' }));
  route.get(paths.contact, { access: 'public' }, ({ reply }) => reply.render('accounts/views/contact.njk', { title: 'Contact' }));
}
