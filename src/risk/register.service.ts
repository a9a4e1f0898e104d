import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { SERVICE_CATEGORIES, categoryLabel } from '../providers/index.ts';
import { matrixIn } from './risk.reads.ts';
import { cleanRegisterQuery, type RegisterQuery } from './risk.schemas.ts';
import * as registerRepo from './register.repository.ts';

/** The risk register: the council's services by PRR, filtered by category, band, team or lead officer. */

const REGISTER_PAGE_SIZE = 50;

export function registerService(store: Store) {
  return {
    async register(actor: Actor, query: RegisterQuery) {
      authorise(actor, 'risk.reports');
      const q = cleanRegisterQuery({ ...query, page: query.page === undefined ? undefined : String(query.page) });
      return store.asUser(actor, async (tx) => {
        const filters = { category: q.category, band: q.band, team: q.team, officerId: q.officer };
        const { rows, total } = await registerRepo.registerPage(tx, actor.orgId, filters, REGISTER_PAGE_SIZE, (q.page - 1) * REGISTER_PAGE_SIZE);
        const officers = await registerRepo.leadOfficers(tx, actor.orgId);
        const teams = await registerRepo.teams(tx, actor.orgId);
        const inUse = await matrixIn(tx, actor.orgId);
        return {
          query: q,
          total,
          pageCount: Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE)),
          items: rows.map((r) => ({
            serviceId: r.id,
            serviceName: r.name,
            providerName: r.provider_name,
            categoryLabel: categoryLabel(r.category),
            officerName: r.officer_name,
            team: r.team,
            prr: r.prr,
            band: r.band_key ? { key: r.band_key, label: r.band_label ?? r.band_key } : null,
            ratedOn: r.rated_on,
          })),
          options: {
            categories: SERVICE_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c) })),
            bands: inUse.matrix.bands.map((b) => ({ value: b.key, text: b.label })),
            teams,
            officers: officers.map((o) => ({ value: o.id, text: o.name })),
          },
        };
      });
    },
  };
}

export type RegisterServiceApi = ReturnType<typeof registerService>;
