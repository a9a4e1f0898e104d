import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { pageOf } from '../core/http/lists.ts';
import { serviceCqcFacts } from '../cqc/index.ts';
import { addMonths } from './dates.ts';
import { RISK_BAND_KEYS, isRiskBandKey, type RiskBandKey } from './matrix.ts';
import { proposeScores } from './proposals.ts';
import { matrixIn } from './risk.reads.ts';
import * as registerRepo from './register.repository.ts';

/**
 * The internal audit of how consistently ratings are used (seed 004): ratings older than a set age,
 * ratings whose CQC score no longer matches CQC's current rating, and the spread of bands by team.
 */
/** The audit's long lists, each paged on its own (`?stalePage=` and so on), 25 to a page. */
export const AUDIT_LISTS = ['stale', 'disagreements', 'awaitingApproval', 'unrated'] as const;
export type AuditList = (typeof AUDIT_LISTS)[number];
export const AUDIT_PAGE_SIZE = 25;

export function auditService(store: Store) {
  const service = {
    async audit(actor: Actor, olderThanMonths: number) {
      authorise(actor, 'risk.reports');
      const on = today();
      const cutoff = addMonths(on, -olderThanMonths);
      return store.asUser(actor, async (tx) => {
        const rows = await registerRepo.servicesWithLatestRating(tx, actor.orgId);
        const inUse = await matrixIn(tx, actor.orgId);
        const cqc = await serviceCqcFacts(tx, rows.filter((r) => r.rating_id && r.cqc_location_id).map((r) => r.service_id));
        const rated = rows.filter((r) => r.rating_id !== null);
        const stale = rated.filter((r) => r.rated_on! < cutoff).sort((a, b) => a.rated_on!.localeCompare(b.rated_on!));
        const disagreements = rated.flatMap((r) => {
          const current = cqc.get(r.service_id)?.rating;
          if (!current) return [];
          const proposal = proposeScores(
            inUse.matrix,
            { category: r.category, cqc: current, careHome: null, ownAssessment: null, intelligence: [], escalation: null, previous: null },
            on,
          ).cqc_rating;
          if (proposal.basis !== 'record' || proposal.score === r.cqc_score) return [];
          return [{ row: r, expected: proposal.score, explanation: proposal.explanation }];
        });
        const teams = new Map<string, Record<RiskBandKey | 'unrated', number>>();
        for (const r of rows) {
          const team = r.team ?? '';
          const counts = teams.get(team) ?? (Object.fromEntries([...RISK_BAND_KEYS, 'unrated'].map((k) => [k, 0])) as Record<RiskBandKey | 'unrated', number>);
          const key = r.band_key && isRiskBandKey(r.band_key) ? r.band_key : 'unrated';
          counts[key] += 1;
          teams.set(team, counts);
        }
        const spread = [...teams.entries()]
          .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
          .map(([team, counts]) => ({ team: team || null, counts, total: Object.values(counts).reduce((x, y) => x + y, 0) }));
        return {
          today: on,
          olderThanMonths,
          cutoff,
          services: rows.length,
          rated: rated.length,
          unrated: rows.filter((r) => r.rating_id === null),
          awaitingApproval: rated.filter((r) => !r.approved),
          stale,
          disagreements,
          spread,
          bands: inUse.matrix.bands.map((b) => ({ key: b.key, label: b.label })),
        };
      });
    },

    /** The audit with each long list a page at a time; the headings' counts stay those of the whole list. */
    async auditPages(actor: Actor, olderThanMonths: number, pages: Partial<Record<AuditList, number>>) {
      const audit = await service.audit(actor, olderThanMonths);
      return {
        ...audit,
        pages: {
          stale: pageOf(audit.stale, pages.stale ?? 1, AUDIT_PAGE_SIZE),
          disagreements: pageOf(audit.disagreements, pages.disagreements ?? 1, AUDIT_PAGE_SIZE),
          awaitingApproval: pageOf(audit.awaitingApproval, pages.awaitingApproval ?? 1, AUDIT_PAGE_SIZE),
          unrated: pageOf(audit.unrated, pages.unrated ?? 1, AUDIT_PAGE_SIZE),
        },
      };
    },
  };
  return service;
}

export type AuditServiceApi = ReturnType<typeof auditService>;
