import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorise, ROLE_LABELS } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { errorViewModel } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { fieldErrorsOf, formBody, handleForm, idParam } from './form-pages.ts';
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
  password: 'Password reset. The person has been signed out everywhere and must sign in with the new password.',
};

const roleItems = (roles: readonly (keyof typeof ROLE_LABELS)[]) => roles.map((role) => ({ value: role, text: ROLE_LABELS[role] }));

/** Administrators list, add (with a check-your-answers step), change, deactivate and reactivate users, and reset passwords. */
export function usersRoutes(app: FastifyInstance, users: UsersService, organisations: OrganisationsService) {
  async function newUserForm(reply: FastifyReply, actor: Actor, values: Record<string, string>, status = 200, errors?: ReturnType<typeof errorViewModel>) {
    const choices = await organisations.manageable(actor);
    return reply.code(status).render(NEW_USER, {
      title: 'Add a user',
      section,
      values,
      errors,
      organisations: choices.map((o) => ({ value: o.id, text: o.id === actor.orgId ? `${o.name} (your council)` : `${o.name} (${ORGANISATION_KINDS[o.kind]})` })),
      councilRoles: roleItems(rolesFor('council')),
      otherRoles: roleItems([...rolesFor('provider'), ...rolesFor('partner')]),
    });
  }

  app.get(paths.admin.users, async (request, reply) => {
    const actor = requireActor(request);
    const query = request.query as { organisation?: string; page?: string };
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

  app.get(paths.admin.newUser, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'accounts.manage');
    return newUserForm(reply, actor, { passwordChoice: 'set' });
  });

  // The answers travel in the form rather than the session, so nothing personal is kept server-side.
  app.post(paths.admin.newUser, async (request, reply) => {
    const actor = requireActor(request);
    const values = formBody(request);
    try {
      const user = await users.check(actor, values);
      reply.header('cache-control', 'no-store');
      return reply.render('accounts/views/admin/user-check.njk', { title: 'Check the new user’s details', section, user, values });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return newUserForm(reply, actor, values, 400, errorViewModel(errors));
    }
  });

  app.post(paths.admin.checkNewUser, async (request, reply) => {
    const actor = requireActor(request);
    const { action, ...values } = formBody(request);
    if (action === 'change') return newUserForm(reply, actor, values);
    try {
      const { id } = await users.add(actor, values);
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'created' }), 303);
    } catch (error) {
      // Something changed since the check (the email was taken meanwhile): back to the form to fix it.
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return newUserForm(reply, actor, values, 400, errorViewModel(errors));
    }
  });

  app.get(paths.admin.user(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const user = await users.get(actor, idParam(request));
    const { done } = request.query as { done?: string };
    return reply.render('accounts/views/admin/user.njk', {
      title: user.name,
      section,
      user,
      isSelf: user.id === actor.userId,
      banner: done ? BANNERS[done] : undefined,
    });
  });

  const editModel = (user: User, values: Record<string, string>) => ({
    title: `Change ${user.name}’s details`,
    section,
    user,
    values,
    roles: roleItems(rolesFor(user.organisation.kind)),
  });

  app.get(paths.admin.editUser(':id'), async (request, reply) => {
    const user = await users.get(requireActor(request), idParam(request));
    return reply.render(
      'accounts/views/admin/user-edit.njk',
      editModel(user, { name: user.name, role: user.role, team: user.team ?? '', active: user.active ? 'yes' : 'no' }),
    );
  });

  app.post(paths.admin.editUser(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const user = await users.get(actor, id);
    const values = formBody(request);
    return handleForm(reply, () => users.update(actor, id, values), {
      template: 'accounts/views/admin/user-edit.njk',
      model: editModel(user, values),
      onSuccess: () => reply.redirect(withQuery(paths.admin.user(id), { done: 'updated' }), 303),
    });
  });

  app.get(paths.admin.deactivateUser(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const user = await users.get(actor, idParam(request));
    const errors = user.id === actor.userId ? errorViewModel([{ path: 'confirm', message: 'You cannot deactivate your own account' }]) : undefined;
    return reply.code(errors ? 400 : 200).render('accounts/views/admin/user-deactivate.njk', { title: `Deactivate ${user.name}’s account`, section, user, errors });
  });

  app.post(paths.admin.deactivateUser(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const user = await users.get(actor, id);
    return handleForm(reply, () => users.setActive(actor, id, false), {
      template: 'accounts/views/admin/user-deactivate.njk',
      model: { title: `Deactivate ${user.name}’s account`, section, user },
      onSuccess: () => reply.redirect(withQuery(paths.admin.user(id), { done: 'deactivated' }), 303),
    });
  });

  app.post(paths.admin.reactivateUser(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    await users.setActive(actor, id, true);
    return reply.redirect(withQuery(paths.admin.user(id), { done: 'reactivated' }), 303);
  });

  app.get(paths.admin.resetPassword(':id'), async (request, reply) => {
    const user = await users.get(requireActor(request), idParam(request));
    return reply.render('accounts/views/admin/user-password.njk', { title: `Reset ${user.name}’s password`, section, user });
  });

  app.post(paths.admin.resetPassword(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const user = await users.get(actor, id);
    return handleForm(reply, () => users.resetPassword(actor, id, formBody(request)), {
      template: 'accounts/views/admin/user-password.njk',
      model: { title: `Reset ${user.name}’s password`, section, user },
      onSuccess: () => reply.redirect(withQuery(paths.admin.user(id), { done: 'password' }), 303),
    });
  });
}
