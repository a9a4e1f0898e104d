import { isUuid } from '../core/ids.ts';
import { isServiceCategory, type ServiceCategory } from './categories.ts';

/** How the register can be ordered; every order ends with the id so paging is stable. */
export const SERVICE_SORTS = ['name', 'category', 'postcode', 'fundedPeople', 'updatedAt'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export const SORT_LABELS: Record<ServiceSort, string> = {
  name: 'Name',
  category: 'Category',
  postcode: 'Postcode',
  fundedPeople: 'Council-funded people',
  updatedAt: 'Last updated',
};

/** Most recently changed first reads naturally; everything else A to Z or smallest first. */
function defaultOrder(sort: ServiceSort): SortOrder {
  return sort === 'updatedAt' || sort === 'fundedPeople' ? 'desc' : 'asc';
}

export interface ServiceFilters {
  readonly q?: string | undefined;
  readonly category?: ServiceCategory | undefined;
  readonly inCounty?: boolean | undefined;
  readonly leadOfficerId?: string | undefined;
  readonly providerId?: string | undefined;
  readonly cqcLocationId?: string | undefined;
}

export interface ServiceListQuery extends ServiceFilters {
  readonly sort: ServiceSort;
  readonly order: SortOrder;
  readonly page: number;
}

const MAX_QUERY_LENGTH = 100;
const MAX_PAGE = 10_000;

function first(value: unknown): string | undefined {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
}

/** Free text as people type it: trimmed, inner spaces collapsed, bounded, or absent. */
export function cleanSearchText(value: unknown): string | undefined {
  const text = first(value)?.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
  return text ? text : undefined;
}

/**
 * Reads the filter form of the services list (a GET form, so it works without JavaScript). A link can be
 * edited by hand, so anything unrecognised falls back to "no filter" rather than failing the page.
 */
export function parseServiceListQuery(query: Record<string, unknown>): ServiceListQuery {
  const category = first(query.category);
  const inCounty = first(query.inCounty);
  const leadOfficerId = first(query.leadOfficerId);
  const providerId = first(query.providerId);
  const sortValue = first(query.sort);
  const sort: ServiceSort = (SERVICE_SORTS as readonly string[]).includes(sortValue ?? '') ? (sortValue as ServiceSort) : 'name';
  const orderValue = first(query.order);
  const order: SortOrder = orderValue === 'asc' || orderValue === 'desc' ? orderValue : defaultOrder(sort);
  const pageValue = first(query.page);
  const page = pageValue && /^\d{1,6}$/.test(pageValue) ? Math.min(Math.max(Number(pageValue), 1), MAX_PAGE) : 1;
  return {
    q: cleanSearchText(query.q),
    category: isServiceCategory(category) ? category : undefined,
    inCounty: inCounty === 'yes' ? true : inCounty === 'no' ? false : undefined,
    leadOfficerId: isUuid(leadOfficerId) ? leadOfficerId : undefined,
    providerId: isUuid(providerId) ? providerId : undefined,
    sort,
    order,
    page,
  };
}

/** The query string that reproduces a list query, leaving out defaults so links stay short. */
export function serviceListQueryString(query: ServiceListQuery, overrides: Partial<ServiceListQuery> = {}): Record<string, string | undefined> {
  const q = { ...query, ...overrides };
  return {
    q: q.q,
    category: q.category,
    inCounty: q.inCounty === undefined ? undefined : q.inCounty ? 'yes' : 'no',
    leadOfficerId: q.leadOfficerId,
    providerId: q.providerId,
    sort: q.sort === 'name' ? undefined : q.sort,
    order: q.order === defaultOrder(q.sort) ? undefined : q.order,
    page: q.page === 1 ? undefined : String(q.page),
  };
}

/** Page numbers for GOV.UK pagination: first, last, the current page and its neighbours, gaps as ellipses. */
export function pageNumbers(current: number, total: number): (number | 'gap')[] {
  if (total <= 1) return [];
  const wanted = new Set([1, total, current - 1, current, current + 1].filter((n) => n >= 1 && n <= total));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  let previous = 0;
  for (const n of sorted) {
    if (n - previous === 2) out.push(n - 1);
    else if (n - previous > 2) out.push('gap');
    out.push(n);
    previous = n;
  }
  return out;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
