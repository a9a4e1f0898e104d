import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { sendCsv, sortHeaders, type SortOrder as ListSortOrder } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors, type InvalidHandler } from '../core/http/route.ts';
import { ukDate } from '../core/http/views.ts';
import { CATEGORY_LABELS, CONTRACT_KIND_LABELS, countsHours, isCareHome, isServiceCategory } from './categories.ts';
import type { RegisterHistory } from './register.history.ts';
import { contractState, type NamedRef } from './register.ts';
import { serviceSchema } from './register.schemas.ts';
import { categoryOptions, categoryRadios, formValues, noticeFrom, selectItems } from './register.view.ts';
import type { CheckedService, ServicesService } from './services.service.ts';
import { SERVICES_PAGE_SIZE, serviceToInput } from './services.service.ts';
import { SERVICE_SORTS, SORT_LABELS, pageCount, pageNumbers, parseServiceListQuery, serviceListQueryString, type ServiceListQuery, type ServiceSort } from './services.search.ts';

type Body = Record<string, unknown>;

/** The services list, service page, service forms (with check answers for a new service) and history. */
export function servicesRoutes(app: FastifyInstance, services: ServicesService, history: RegisterHistory) {
  const route = router(app);
  const showNewForm: InvalidHandler<never, Record<string, string>, 'register.write'> = ({ actor, values, reply }, errors) =>
    renderForm(reply, actor, 'new', formValues(values), errors);

  route.get(paths.services.list, { access: 'register.read' }, async ({ actor, query, reply }) => {
    const listQuery = parseServiceListQuery(query);
    const result = await services.list(actor, listQuery);
    return reply.render('providers/views/services-list.njk', {
      title: 'Services',
      section: 'services',
      ...listViewModel(actor, listQuery, result),
    });
  });

  route.get(paths.services.csv, { access: 'register.read' }, async ({ actor, query, reply }) => {
    const items = await services.listAll(actor, parseServiceListQuery(query));
    return sendCsv(
      reply,
      'services.csv',
      ['Service', 'Provider', 'Type', 'CQC location ID', 'Town', 'Postcode', 'Beds', 'Hours a week', 'People funded', 'In county', 'Lead officer', 'Updated'],
      items.map((s) => [
        s.name,
        s.provider.name,
        CATEGORY_LABELS[s.category],
        s.cqcLocationId,
        s.town,
        s.postcode,
        s.beds,
        s.hoursPerWeek,
        s.fundedPeople,
        s.inCounty ? 'Yes' : 'No',
        s.leadOfficer?.name,
        s.updatedAt.toISOString().slice(0, 10),
      ]),
    );
  });

  route.get(paths.services.new, { access: 'register.write' }, ({ actor, query, reply }) =>
    renderForm(reply, actor, 'new', { inCounty: 'yes', fundedPeople: '0', ...formValues(query) }),
  );

  // Step one of adding a service: check the answers, then show them back before anything is stored.
  route.post(paths.services.new, { access: 'register.write', body: serviceSchema, invalid: showNewForm }, async ({ actor, body, values, reply }) => {
    const checked = await services.checkNew(actor, body);
    return reply.render('providers/views/service-check.njk', { title: 'Check the service details', section: 'services', ...checkViewModel(checked, values) });
  });

  route.post(paths.services.list, { access: 'register.write', body: serviceSchema, invalid: showNewForm }, async ({ actor, body, reply }) => {
    const id = await services.create(actor, body);
    return reply.redirect(withQuery(paths.services.show(id), { notice: 'service-created' }), 303);
  });

  route.get(paths.services.show(':id'), { access: 'register.read', ids: ['id'], notFound: 'Service' }, async ({ actor, ids, query, reply }) => {
    const { service, contracts, panels } = await services.page(actor, ids.id);
    return reply.render('providers/views/service.njk', {
      title: service.name,
      section: 'services',
      service,
      categoryLabel: CATEGORY_LABELS[service.category],
      showBeds: isCareHome(service.category) || service.beds !== null,
      showHours: countsHours(service.category) || service.hoursPerWeek !== null,
      // Ended contracts are marked and listed apart from those in force (or yet to start) (issue 15).
      contracts: contracts.filter((c) => contractState(c, today()) !== 'ended').map((c) => ({ ...c, state: contractState(c, today()) })),
      endedContracts: contracts.filter((c) => contractState(c, today()) === 'ended'),
      contractKindLabels: CONTRACT_KIND_LABELS,
      showContracts: actor.orgKind === 'council',
      panels,
      notice: noticeFrom(query),
      canEdit: can(actor, 'register.write'),
      canSeeHistory: can(actor, 'audit.read'),
      breadcrumbs: [{ text: 'Services', href: paths.services.list }],
    });
  });

  route.get(paths.services.edit(':id'), { access: 'register.write', ids: ['id'], notFound: 'Service' }, async ({ actor, ids, reply }) => {
    const service = await services.get(actor, ids.id);
    return renderForm(reply, actor, 'edit', formValues(serviceToInput(service)), undefined, { id: ids.id, name: service.name });
  });

  route.post(
    paths.services.edit(':id'),
    {
      access: 'register.write',
      ids: ['id'],
      notFound: 'Service',
      body: serviceSchema,
      invalid: async ({ actor, ids, values, reply }, errors) => {
        const service = await services.get(actor, ids.id);
        return renderForm(reply, actor, 'edit', formValues(values), errors, { id: ids.id, name: service.name });
      },
    },
    async ({ actor, ids, body, reply }) => {
      await services.update(actor, ids.id, body);
      return reply.redirect(withQuery(paths.services.show(ids.id), { notice: 'service-updated' }), 303);
    },
  );

  route.get(paths.services.history(':id'), { access: 'audit.read', ids: ['id'], notFound: 'Service' }, async ({ actor, ids, reply }) => {
    const { service, entries } = await history.service(actor, ids.id);
    return reply.render('providers/views/history.njk', {
      title: `History of ${service.name}`,
      section: 'services',
      heading: service.name,
      caption: 'Service history',
      entries,
      breadcrumbs: [
        { text: 'Services', href: paths.services.list },
        { text: service.name, href: paths.services.show(ids.id) },
      ],
    });
  });

  async function renderForm(reply: FastifyReply, actor: Actor, mode: 'new' | 'edit', values: Record<string, string>, errors?: FormErrors, service?: NamedRef) {
    const choices = await services.formChoices(actor);
    return reply.render('providers/views/service-form.njk', {
      title: mode === 'new' ? 'Add a service' : `Change ${service?.name ?? 'service'}`,
      section: 'services',
      mode,
      action: mode === 'new' ? paths.services.new : paths.services.edit(service!.id),
      backLink: mode === 'new' ? paths.services.list : paths.services.show(service!.id),
      values,
      errors,
      providerItems: selectItems(choices.providers, values.providerId, 'Select a provider'),
      leadOfficerItems: selectItems(choices.leadOfficers, values.leadOfficerId, 'No lead officer yet'),
      categoryItems: categoryRadios(values.category),
    });
  }
}

function listViewModel(actor: Actor, query: ServiceListQuery, result: Awaited<ReturnType<ServicesService['list']>>) {
  const pages = pageCount(result.total, SERVICES_PAGE_SIZE);
  const link = (overrides: Partial<ServiceListQuery>) => withQuery(paths.services.list, serviceListQueryString(query, overrides));
  const first = result.total === 0 ? 0 : (query.page - 1) * SERVICES_PAGE_SIZE + 1;
  const isCouncil = actor.orgKind === 'council';
  return {
    query,
    csvHref: withQuery(paths.services.csv, serviceListQueryString(query, { page: 1 })),
    // Each sortable header is a link sorting by its column (the other way round when it is the sort already).
    headers: sortHeaders(
      [
        { key: 'name', text: 'Name' },
        { text: 'Provider' },
        { key: 'category', text: 'Type' },
        { key: 'postcode', text: 'Postcode' },
        { key: 'fundedPeople', text: 'Funded people', numeric: true },
        { key: 'updatedAt', text: 'Last updated', firstOrder: 'desc' },
      ],
      { sort: query.sort, order: query.order },
      (sort: ServiceSort, order: ListSortOrder) => withQuery(paths.services.list, serviceListQueryString(query, { sort, order, page: 1 })),
    ),
    values: { q: query.q ?? '', inCounty: query.inCounty === undefined ? '' : query.inCounty ? 'yes' : 'no' },
    total: result.total,
    showing: { first, last: Math.min(query.page * SERVICES_PAGE_SIZE, result.total) },
    rows: result.items.map((s) => ({
      ...s,
      href: paths.services.show(s.id),
      categoryLabel: CATEGORY_LABELS[s.category],
      updated: ukDate(s.updatedAt),
    })),
    categoryItems: categoryOptions(query.category, 'All types'),
    providerItems: selectItems(result.choices.providers, query.providerId, 'All providers'),
    leadOfficerItems: isCouncil ? selectItems(result.choices.leadOfficers, query.leadOfficerId, 'Any lead officer') : undefined,
    sortItems: SERVICE_SORTS.map((s) => ({ value: s, text: SORT_LABELS[s], selected: s === query.sort })),
    orderItems: [
      { value: 'asc', text: 'Ascending (A to Z, fewest, oldest first)', selected: query.order === 'asc' },
      { value: 'desc', text: 'Descending (Z to A, most, newest first)', selected: query.order === 'desc' },
    ],
    pagination:
      pages > 1
        ? {
            previous: query.page > 1 ? { href: link({ page: query.page - 1 }) } : undefined,
            next: query.page < pages ? { href: link({ page: query.page + 1 }) } : undefined,
            items: pageNumbers(query.page, pages).map((n) => (n === 'gap' ? { ellipsis: true } : { number: n, href: link({ page: n }), current: n === query.page })),
          }
        : undefined,
    hasFilters: !!(query.q || query.category || query.inCounty !== undefined || query.leadOfficerId || query.providerId),
    clearHref: paths.services.list,
    canEdit: can(actor, 'register.write'),
  };
}

const FIELD_ORDER = ['name', 'providerId', 'category', 'cqcLocationId', 'addressLine1', 'addressLine2', 'town', 'postcode', 'beds', 'hoursPerWeek', 'fundedPeople', 'inCounty', 'notCommissioned', 'leadOfficerId'] as const;

/** Check-your-answers: each answer as the person will read it, a Change link back to that field, and the values to submit. */
function checkViewModel(checked: CheckedService, body: Body) {
  const input = checked.input;
  const hidden = formValues({
    ...input,
    beds: input.beds,
    hoursPerWeek: input.hoursPerWeek,
    fundedPeople: input.fundedPeople ?? 0,
  });
  const change = (field: string) => `${withQuery(paths.services.new, formValues(body))}#${field}`;
  const row = (key: string, label: string, value: string) => ({
    key: { text: label },
    value: { text: value || 'Not given' },
    actions: { items: [{ href: change(key), text: 'Change', visuallyHiddenText: label.toLowerCase() }] },
  });
  const address = [input.addressLine1, input.addressLine2, input.town].filter(Boolean).join(', ');
  const rows = [
    row('name', 'Name', input.name),
    row('providerId', 'Provider', checked.provider.name),
    row('category', 'Type of service', isServiceCategory(input.category) ? CATEGORY_LABELS[input.category] : ''),
    row('cqcLocationId', 'CQC location ID', input.cqcLocationId ?? ''),
    row('addressLine1', 'Address', address),
    row('postcode', 'Postcode', input.postcode),
    ...(input.beds !== undefined ? [row('beds', 'Beds', String(input.beds))] : []),
    ...(input.hoursPerWeek !== undefined ? [row('hoursPerWeek', 'Hours per week', String(input.hoursPerWeek))] : []),
    row('fundedPeople', 'Council-funded people', String(input.fundedPeople ?? 0)),
    row('inCounty', 'In county', input.inCounty ? 'Yes' : 'No'),
    row('notCommissioned', 'Commissioned by the council', input.notCommissioned ? 'No, not commissioned (self-funded market)' : 'Yes'),
    row('leadOfficerId', 'Lead officer', checked.leadOfficer?.name ?? ''),
  ];
  return {
    rows,
    hidden: FIELD_ORDER.map((name) => ({ name, value: hidden[name] ?? '' })),
    backLink: withQuery(paths.services.new, formValues(body)),
  };
}
