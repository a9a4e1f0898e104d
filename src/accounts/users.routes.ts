import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROLE_LABELS } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { errorViewModel, textValues } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { checkedUserFields, editUserFields, newUserFields, passwordFields } from './accounts.schemas.ts';
import { ORGANISATION_KINDS } from './organisations.routes.ts';
import type { OrganisationsService } from './organisations.service.ts';
import { rolesFor } from './roles.ts';
import type { User, UsersService } from './users.service.ts';

const section = 'users';
const NEW_USER = 'accounts/views/admin/user-new.njk';
const BANNERS: Record<string, string> = {
  created: 'Account created',
  updated: 'Details saved',
  deactivated: 'Account deactivated. The person has been signed out and their API tokens revoked.',
  reactivated: 'Account reactivated. The person needs a new API token if they use the API.',
  authenticator: 'Authenticator app reset. The person sets one up again when they next sign in with their password.',
  password: 'Password reset. The person has been signed out everywhere and must sign in with the new password.',
};

const roleItems = (roles: readonly (keyof typeof ROLE_LABELS)[]) => roles.map((role) => ({ value: role, text: ROLE_LABELS[role] }));
const access = 'accounts.manage';

/** Administrators list, add (with a check-your-answers step), change, deactivate and reactivate users, and reset passwords. */
export function usersRoutes(app: FastifyInstance, users: UsersService, organisations: OrganisationsService) {
  const route = router(app);

  async function newUserForm(reply: FastifyReply, actor: Actor, values: Record<string, string>, errors?: FormErrors) {
    const choices = await organisations.manageable(actor);
    return reply.render(NEW_USER, {
      title: 'Add a user',
      section,
      values,
      errors,
      organisations: choices.map((o) => ({ value: o.id, text: o.id === actor.orgId ? `${o.name} (your council)` : `${o.name} (${ORGANISATION_KINDS[o.kind]})` })),
      councilRoles: roleItems(rolesFor('council')),
      otherRoles: roleItems([...rolesFor('provider'), ...rolesFor('partner')]),
    });
  }

  /** Loads the person for a page about them (404 for anyone the administrator cannot see). */
  const userPage =
    (template: string, title: (user: User) => string) =>
    async ({ actor, ids, reply }: { actor: Actor; ids: { id: string }; reply: FastifyReply }, errors?: FormErrors) => {
      const user = await users.get(actor, ids.id);
      return reply.render(template, { title: title(user), section, user, errors });
    };

  route.get(paths.admin.users, { access }, async ({ actor, query, reply }) => {
    const choices = await organisations.manageable(actor);
    const orgId = choices.some((o) => o.id === query.organisation) ? query.organisation : undefined;
    const page = /^\d{1,6}$/.test(query.page ?? '') ? Number(query.page) : 1;
    const result = await users.list(actor, { orgId, page });
    return reply.render('accounts/views/admin/users.njk', {
      title: 'Users',
      section,
      ...result,
      organisation: orgId,
      organisations: choices,
      pageUrl: (n: number) => withQuery(paths.admin.users, { organisation: orgId, page: n > 1 ? n : undefined }),
    });
  });

  route.get(paths.admin.newUser, { access }, ({ actor, reply }) => newUserForm(reply, actor, { passwordChoice: 'set' }));

  // The answers travel in the form rather than the session, so nothing personal is kept server-side.
  route.post(
    paths.admin.newUser,
    { access, body: newUserFields, invalid: ({ actor, values, reply }, errors) => newUserForm(reply, actor, textValues(values), errors) },
    async ({ actor, body, reply }) => {
      const user = await users.check(actor, body);
      reply.header('cache-control', 'no-store');
      return reply.render('accounts/views/admin/user-check.njk', { title: 'Check the new user’s details', section, user, values: body });
    },
  );

  // Something may have changed since the check (the email taken meanwhile): then back to the form to fix it.
  route.post(
    paths.admin.checkNewUser,
    {
      access,
      body: checkedUserFields,
      invalid: ({ actor, values, reply }, errors) => {
        const typed = textValues(values);
        delete typed.action;
        return newUserForm(reply, actor, typed, errors);
      },
    },
    async ({ actor, body: { action, ...answers }, reply }) => {
      if (action === 'change') return newUserForm(reply, actor, answers);
      const { id } = await users.add(actor, answers);
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'created' }), 303);
    },
  );

  route.get(paths.admin.user(':id'), { access, ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const user = await users.get(actor, ids.id);
    return reply.render('accounts/views/admin/user.njk', {
      title: user.name,
      section,
      user,
      isSelf: user.id === actor.userId,
      banner: query.done ? BANNERS[query.done] : undefined,
    });
  });

  const renderEdit = (reply: FastifyReply, user: User, values: Record<string, string>, errors?: FormErrors) =>
    reply.render('accounts/views/admin/user-edit.njk', {
      title: `Change ${user.name}’s details`,
      section,
      user,
      values,
      roles: roleItems(rolesFor(user.organisation.kind)),
      errors,
    });

  route.get(paths.admin.editUser(':id'), { access, ids: ['id'] }, async ({ actor, ids, reply }) => {
    const user = await users.get(actor, ids.id);
    return renderEdit(reply, user, { name: user.name, role: user.role, team: user.team ?? '', active: user.active ? 'yes' : 'no' });
  });

  route.post(
    paths.admin.editUser(':id'),
    {
      access,
      ids: ['id'],
      body: editUserFields,
      invalid: async ({ actor, ids, values, reply }, errors) => renderEdit(reply, await users.get(actor, ids.id), textValues(values), errors),
    },
    async ({ actor, ids, body, reply }) => {
      await users.update(actor, ids.id, body);
      return reply.redirect(withQuery(paths.admin.user(ids.id), { done: 'updated' }), 303);
    },
  );

  const deactivatePage = userPage('accounts/views/admin/user-deactivate.njk', (user) => `Deactivate ${user.name}’s account`);

  route.get(paths.admin.deactivateUser(':id'), { access, ids: ['id'] }, async ({ actor, ids, reply }) => {
    const user = await users.get(actor, ids.id);
    const errors = user.id === actor.userId ? errorViewModel([{ path: 'confirm', message: 'You cannot deactivate your own account' }]) : undefined;
    return reply.code(errors ? 400 : 200).render('accounts/views/admin/user-deactivate.njk', { title: `Deactivate ${user.name}’s account`, section, user, errors });
  });

  route.post(paths.admin.deactivateUser(':id'), { access, ids: ['id'], body: noBody, invalid: deactivatePage }, async ({ actor, ids, reply }) => {
    await users.setActive(actor, ids.id, false);
    return reply.redirect(withQuery(paths.admin.user(ids.id), { done: 'deactivated' }), 303);
  });

  route.post(paths.admin.reactivateUser(':id'), { access, ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await users.setActive(actor, ids.id, true);
    return reply.redirect(withQuery(paths.admin.user(ids.id), { done: 'reactivated' }), 303);
  });

  const passwordPage = userPage('accounts/views/admin/user-password.njk', (user) => `Reset ${user.name}’s password`);

  route.get(paths.admin.resetPassword(':id'), { access, ids: ['id'] }, (context) => passwordPage(context));

  route.post(paths.admin.resetPassword(':id'), { access, ids: ['id'], body: passwordFields, invalid: passwordPage }, async ({ actor, ids, body, reply }) => {
    await users.resetPassword(actor, ids.id, body);
    return reply.redirect(withQuery(paths.admin.user(ids.id), { done: 'password' }), 303);
  });
}
