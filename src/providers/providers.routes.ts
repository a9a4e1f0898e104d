import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { ukDate } from '../core/http/views.ts';
import { CATEGORY_LABELS } from './categories.ts';
import { PROVIDERS_PAGE_SIZE, providerToInput, type ProvidersService } from './providers.service.ts';
import type { RegisterHistory } from './register.history.ts';
import type { NamedRef } from './register.ts';
import { providerSchema } from './register.schemas.ts';
import { formValues, noticeFrom, selectItems } from './register.view.ts';
import { cleanSearchText, pageCount, pageNumbers } from './services.search.ts';

/** Providers list, provider group page, provider forms and history. */
export function providersRoutes(app: FastifyInstance, providers: ProvidersService, history: RegisterHistory) {
  const route = router(app);

  route.get(paths.providers.list, { access: 'register.read' }, async ({ actor, query, reply }) => {
    const q = cleanSearchText(query.q);
    const requested = query.page !== undefined && /^\d{1,6}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
    const { items, total } = await providers.list(actor, { q, page: requested });
    const pages = pageCount(total, PROVIDERS_PAGE_SIZE);
    const link = (page: number) => withQuery(paths.providers.list, { q, page: page === 1 ? undefined : page });
    return reply.render('providers/views/providers-list.njk', {
      title: 'Providers',
      section: 'providers',
      q: q ?? '',
      total,
      rows: items.map((p) => ({ ...p, href: paths.providers.show(p.id), updated: ukDate(p.updatedAt) })),
      pagination:
        pages > 1
          ? {
              previous: requested > 1 ? { href: link(requested - 1) } : undefined,
              next: requested < pages ? { href: link(requested + 1) } : undefined,
              items: pageNumbers(requested, pages).map((n) => (n === 'gap' ? { ellipsis: true } : { number: n, href: link(n), current: n === requested })),
            }
          : undefined,
      canEdit: can(actor, 'register.write'),
    });
  });

  route.get(paths.providers.new, { access: 'register.write' }, ({ actor, query, reply }) => renderForm(reply, actor, formValues(query)));

  route.post(
    paths.providers.new,
    { access: 'register.write', body: providerSchema, invalid: ({ actor, values, reply }, errors) => renderForm(reply, actor, formValues(values), errors) },
    async ({ actor, body, reply }) => {
      const id = await providers.create(actor, body);
      return reply.redirect(withQuery(paths.providers.show(id), { notice: 'provider-created' }), 303);
    },
  );

  route.get(paths.providers.show(':id'), { access: 'register.read', ids: ['id'], notFound: 'Provider' }, async ({ actor, ids, query, reply }) => {
    const group = await providers.group(actor, ids.id);
    return reply.render('providers/views/provider.njk', {
      title: group.provider.name,
      section: 'providers',
      ...group,
      counts: group.countsByCategory.map((c) => ({ label: CATEGORY_LABELS[c.category], count: c.count })),
      services: group.services.map((s) => ({ ...s, href: paths.services.show(s.id), categoryLabel: CATEGORY_LABELS[s.category] })),
      notice: noticeFrom(query),
      canEdit: can(actor, 'register.write'),
      canSeeHistory: can(actor, 'audit.read'),
      addServiceHref: withQuery(paths.services.new, { providerId: ids.id }),
      // A Company Voluntary Arrangement, a notice of exit…: recorded on the provider or its group (issue 18).
      marketEventHref: can(actor, 'market.write') ? withQuery(paths.contingency.newEvent, { providerId: ids.id }) : undefined,
      breadcrumbs: [{ text: 'Providers', href: paths.providers.list }],
    });
  });

  route.get(paths.providers.edit(':id'), { access: 'register.write', ids: ['id'], notFound: 'Provider' }, async ({ actor, ids, reply }) => {
    const provider = await providers.get(actor, ids.id);
    return renderForm(reply, actor, formValues(providerToInput(provider)), undefined, provider);
  });

  route.post(
    paths.providers.edit(':id'),
    {
      access: 'register.write',
      ids: ['id'],
      notFound: 'Provider',
      body: providerSchema,
      invalid: async ({ actor, ids, values, reply }, errors) => renderForm(reply, actor, formValues(values), errors, await providers.get(actor, ids.id)),
    },
    async ({ actor, ids, body, reply }) => {
      await providers.update(actor, ids.id, body);
      return reply.redirect(withQuery(paths.providers.show(ids.id), { notice: 'provider-updated' }), 303);
    },
  );

  route.get(paths.providers.history(':id'), { access: 'audit.read', ids: ['id'], notFound: 'Provider' }, async ({ actor, ids, reply }) => {
    const { provider, entries } = await history.provider(actor, ids.id);
    return reply.render('providers/views/history.njk', {
      title: `History of ${provider.name}`,
      section: 'providers',
      heading: provider.name,
      caption: 'Provider history',
      entries,
      breadcrumbs: [
        { text: 'Providers', href: paths.providers.list },
        { text: provider.name, href: paths.providers.show(ids.id) },
      ],
    });
  });

  async function renderForm(reply: FastifyReply, actor: Actor, values: Record<string, string>, errors?: FormErrors, provider?: NamedRef) {
    const choices = await providers.formChoices(actor, provider?.id);
    return reply.render('providers/views/provider-form.njk', {
      title: provider ? `Change ${provider.name}` : 'Add a provider',
      section: 'providers',
      action: provider ? paths.providers.edit(provider.id) : paths.providers.new,
      backLink: provider ? paths.providers.show(provider.id) : paths.providers.list,
      isNew: !provider,
      values,
      errors,
      parentItems: selectItems(choices.parents, values.parentProviderId, 'Not part of a group'),
      portalItems: selectItems(choices.portalOrganisations, values.portalOrganisationId, 'None'),
    });
  }
}
