import type { FastifyInstance } from 'fastify';
import { authorise } from '../core/auth/permissions.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { formBody, handleForm, idParam } from './form-pages.ts';
import type { OrganisationsService } from './organisations.service.ts';

export const ORGANISATION_KINDS = {
  council: 'Council',
  provider: 'Provider organisation',
  partner: 'Partner organisation',
} as const;

/** Administrators list every organisation, add provider and partner organisations, and rename the ones they manage. */
export function organisationsRoutes(app: FastifyInstance, organisations: OrganisationsService) {
  const section = 'organisations';

  app.get(paths.admin.organisations, async (request, reply) => {
    const actor = requireActor(request);
    const list = await organisations.list(actor);
    const { added, renamed } = request.query as { added?: string; renamed?: string };
    const changed = list.find((o) => o.id === (added ?? renamed));
    return reply.render('accounts/views/admin/organisations.njk', {
      title: 'Organisations',
      section,
      kinds: ORGANISATION_KINDS,
      organisations: list,
      banner: changed ? `${changed.name} (${changed.code}) ${added ? 'added' : 'renamed'}` : undefined,
    });
  });

  app.get(paths.admin.newOrganisation, async (request, reply) => {
    authorise(requireActor(request), 'accounts.manage');
    return reply.render('accounts/views/admin/organisation-new.njk', { title: 'Add an organisation', section, values: {} });
  });

  app.post(paths.admin.newOrganisation, async (request, reply) => {
    const actor = requireActor(request);
    const values = formBody(request);
    let id = '';
    return handleForm(reply, async () => ({ id } = await organisations.add(actor, values)), {
      template: 'accounts/views/admin/organisation-new.njk',
      model: { title: 'Add an organisation', section, values },
      onSuccess: () => reply.redirect(withQuery(paths.admin.organisations, { added: id }), 303),
    });
  });

  app.get(paths.admin.editOrganisation(':id'), async (request, reply) => {
    const organisation = await organisations.getManaged(requireActor(request), idParam(request));
    return reply.render('accounts/views/admin/organisation-edit.njk', {
      title: `Change the name of ${organisation.name}`,
      section,
      organisation,
      values: { name: organisation.name },
    });
  });

  app.post(paths.admin.editOrganisation(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    const organisation = await organisations.getManaged(actor, id);
    const values = formBody(request);
    return handleForm(reply, () => organisations.rename(actor, id, values), {
      template: 'accounts/views/admin/organisation-edit.njk',
      model: { title: `Change the name of ${organisation.name}`, section, organisation, values },
      onSuccess: () => reply.redirect(withQuery(paths.admin.organisations, { renamed: id }), 303),
    });
  });
}
