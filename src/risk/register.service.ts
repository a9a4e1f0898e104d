import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { pageWindow } from '../core/http/lists.ts';
import { SERVICE_CATEGORIES, categoryLabel } from '../providers/index.ts';
import { matrixIn } from './risk.reads.ts';
import { cleanRegisterQuery, REGISTER_SORT_DEFAULT, type RegisterQuery, type RegisterSort } from './risk.schemas.ts';
import * as registerRepo from './register.repository.ts';
import type { RegisterRow } from './register.repository.ts';

/** The risk register: the council's services by PRR, filtered by category, band, team or lead officer. */

const REGISTER_PAGE_SIZE = 50;

export interface RegisterListQuery extends RegisterQuery {
  readonly sort?: RegisterSort | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
}

const itemOf = (r: RegisterRow) => ({
  serviceId: r.id,
  serviceName: r.name,
  providerName: r.provider_name,
  categoryLabel: categoryLabel(r.category),
  officerName: r.officer_name,
  team: r.team,
  prr: r.prr,
  band: r.band_key ? { key: r.band_key, label: r.band_label ?? r.band_key } : null,
  ratedOn: r.rated_on,
});

export type RegisterItem = ReturnType<typeof itemOf>;

function cleaned(actor: Actor, query: RegisterListQuery) {
  const q = cleanRegisterQuery({ ...query, page: query.page === undefined ? undefined : String(query.page) });
  const by = { sort: query.sort ?? REGISTER_SORT_DEFAULT.sort, order: query.order ?? REGISTER_SORT_DEFAULT.order };
  return { q, by, filters: { category: q.category, band: q.band, team: q.team, officerId: q.officer }, councilId: actor.orgId };
}

export function registerService(store: Store) {
  return {
    /** One page of the register (a page past the end shows the last), with the filters' choices. */
    async register(actor: Actor, query: RegisterListQuery) {
      authorise(actor, 'risk.reports');
      const { q, by, filters, councilId } = cleaned(actor, query);
      // Kept while none of the council's services changes (their ratings, providers' names, the matrix, the
      // council's people: service versions), whoever else commits; for the person and the page asked for.
      const key = `risk.register:${actor.userId}:${actor.orgId}:${actor.role}:${JSON.stringify({ q, by })}`;
      return store.asUser(actor, (tx) =>
        store.keepByCouncil(tx, key, councilId, async () => {
          const total = await registerRepo.registerCount(tx, councilId, filters);
          const window = pageWindow(total, q.page, REGISTER_PAGE_SIZE);
          const rows = await registerRepo.registerRows(tx, councilId, filters, by, window);
          const officers = await registerRepo.leadOfficers(tx, councilId);
          const teams = await registerRepo.teams(tx, councilId);
          const inUse = await matrixIn(tx, councilId);
          return {
            query: { ...q, page: window.page, ...by },
            total,
            page: window.page,
            pageSize: REGISTER_PAGE_SIZE,
            pageCount: window.pageCount,
            items: rows.map(itemOf),
            options: {
              categories: SERVICE_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c) })),
              bands: inUse.matrix.bands.map((b) => ({ value: b.key, text: b.label })),
              teams,
              officers: officers.map((o) => ({ value: o.id, text: o.name })),
            },
          };
        }),
      );
    },

    /** Every service the filters match, in the same order, for a spreadsheet. */
    async registerAll(actor: Actor, query: RegisterListQuery): Promise<RegisterItem[]> {
      authorise(actor, 'risk.reports');
      const { by, filters, councilId } = cleaned(actor, query);
      return store.asUser(actor, async (tx) => (await registerRepo.registerRows(tx, councilId, filters, by)).map(itemOf));
    },
  };
}

export type RegisterServiceApi = ReturnType<typeof registerService>;
