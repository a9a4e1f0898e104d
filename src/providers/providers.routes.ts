import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { CATEGORY_LABELS } from './categories.ts';
import { PROVIDERS_PAGE_SIZE, providerToInput, type ProvidersService } from './providers.service.ts';
import type { RegisterHistory } from './register.history.ts';
import type { NamedRef } from './register.ts';
import { formValues, noticeFrom, selectItems } from './register.view.ts';
import { cleanSearchText, pageCount, pageNumbers } from './services.search.ts';

type Body = Record<string, unknown>;

/** Providers list, provider group page, provider forms and history. */
export function providersRoutes(app: FastifyInstance, providers: ProvidersService, history: RegisterHistory) {
  app.get(paths.providers.list, async (request, reply) => {
    const actor = requireActor(request);
    const raw = request.query as Record<string, unknown>;
    const q = cleanSearchText(raw.q);
    const requested = typeof raw.page === 'string' && /^\d{1,6}$/.test(raw.page) ? Math.max(1, Number(raw.page)) : 1;
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

  app.get(paths.providers.new, async (request, reply) => renderForm(reply, requireActor(request), formValues(request.query as Body)));

  app.post(paths.providers.new, async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Body;
    try {
      const id = await providers.create(actor, body);
      return reply.redirect(withQuery(paths.providers.show(id), { notice: 'provider-created' }), 303);
    } catch (error) {
      if (error instanceof Invalid) return renderForm(reply.code(400), actor, formValues(body), error);
      throw error;
    }
  });

  app.get(paths.providers.show(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const group = await providers.group(actor, id);
    return reply.render('providers/views/provider.njk', {
      title: group.provider.name,
      section: 'providers',
      ...group,
      counts: group.countsByCategory.map((c) => ({ label: CATEGORY_LABELS[c.category], count: c.count })),
      services: group.services.map((s) => ({ ...s, href: paths.services.show(s.id), categoryLabel: CATEGORY_LABELS[s.category] })),
      notice: noticeFrom(request.query),
      canEdit: can(actor, 'register.write'),
      canSeeHistory: can(actor, 'audit.read'),
      addServiceHref: withQuery(paths.services.new, { providerId: id }),
      breadcrumbs: [{ text: 'Providers', href: paths.providers.list }],
    });
  });

  app.get(paths.providers.edit(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const provider = await providers.get(actor, id);
    return renderForm(reply, actor, formValues(providerToInput(provider)), undefined, provider);
  });

  app.post(paths.providers.edit(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Body;
    try {
      await providers.update(actor, id, body);
      return reply.redirect(withQuery(paths.providers.show(id), { notice: 'provider-updated' }), 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return renderForm(reply.code(400), actor, formValues(body), error, await providers.get(actor, id));
    }
  });

  app.get(paths.providers.history(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const { id } = request.params as { id: string };
    const { provider, entries } = await history.provider(actor, id);
    return reply.render('providers/views/history.njk', {
      title: `History of ${provider.name}`,
      section: 'providers',
      heading: provider.name,
      caption: 'Provider history',
      entries,
      breadcrumbs: [
        { text: 'Providers', href: paths.providers.list },
        { text: provider.name, href: paths.providers.show(id) },
      ],
    });
  });

  async function renderForm(reply: FastifyReply, actor: Actor, values: Record<string, string>, error?: Invalid, provider?: NamedRef) {
    const choices = await providers.formChoices(actor, provider?.id);
    return reply.render('providers/views/provider-form.njk', {
      title: provider ? `Change ${provider.name}` : 'Add a provider',
      section: 'providers',
      action: provider ? paths.providers.edit(provider.id) : paths.providers.new,
      backLink: provider ? paths.providers.show(provider.id) : paths.providers.list,
      isNew: !provider,
      values,
      errors: error ? errorViewModel(error.errors) : undefined,
      parentItems: selectItems(choices.parents, values.parentProviderId, 'Not part of a group'),
      portalItems: selectItems(choices.portalOrganisations, values.portalOrganisationId, 'None'),
    });
  }
}
