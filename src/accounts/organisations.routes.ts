import type { FastifyInstance } from 'fastify';
import { textValues } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { organisationNameSchema, organisationSchema } from './accounts.schemas.ts';
import type { OrganisationsService } from './organisations.service.ts';

export const ORGANISATION_KINDS = {
  council: 'Council',
  provider: 'Provider organisation',
  partner: 'Partner organisation',
} as const;

const section = 'organisations';
const NEW = 'accounts/views/admin/organisation-new.njk';
const EDIT = 'accounts/views/admin/organisation-edit.njk';

/** Administrators list every organisation, add provider and partner organisations, and rename the ones they manage. */
export function organisationsRoutes(app: FastifyInstance, organisations: OrganisationsService) {
  const route = router(app);

  route.get(paths.admin.organisations, { access: 'accounts.manage' }, async ({ actor, query, reply }) => {
    const list = await organisations.list(actor);
    const changed = list.find((o) => o.id === (query.added ?? query.renamed));
    return reply.render('accounts/views/admin/organisations.njk', {
      title: 'Organisations',
      section,
      kinds: ORGANISATION_KINDS,
      organisations: list,
      banner: changed ? `${changed.name} (${changed.code}) ${query.added ? 'added' : 'renamed'}` : undefined,
    });
  });

  route.get(paths.admin.newOrganisation, { access: 'accounts.manage' }, ({ reply }) => reply.render(NEW, { title: 'Add an organisation', section, values: {} }));

  route.post(
    paths.admin.newOrganisation,
    {
      access: 'accounts.manage',
      body: organisationSchema,
      invalid: ({ values, reply }, errors) => reply.render(NEW, { title: 'Add an organisation', section, values: textValues(values), errors }),
    },
    async ({ actor, body, reply }) => {
      const { id } = await organisations.add(actor, body);
      return reply.redirect(withQuery(paths.admin.organisations, { added: id }), 303);
    },
  );

  route.get(paths.admin.editOrganisation(':id'), { access: 'accounts.manage', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const organisation = await organisations.getManaged(actor, ids.id);
    return reply.render(EDIT, { title: `Change the name of ${organisation.name}`, section, organisation, values: { name: organisation.name } });
  });

  route.post(
    paths.admin.editOrganisation(':id'),
    {
      access: 'accounts.manage',
      ids: ['id'],
      body: organisationNameSchema,
      invalid: async ({ actor, ids, values, reply }, errors) => {
        const organisation = await organisations.getManaged(actor, ids.id);
        return reply.render(EDIT, { title: `Change the name of ${organisation.name}`, section, organisation, values: textValues(values), errors });
      },
    },
    async ({ actor, ids, body, reply }) => {
      await organisations.rename(actor, ids.id, body);
      return reply.redirect(withQuery(paths.admin.organisations, { renamed: ids.id }), 303);
    },
  );
}
