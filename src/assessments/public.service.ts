import type { Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { categoryLabel } from '../providers/index.ts';
import * as repo from './published.repository.ts';
import type { Band } from './scoring.ts';

/** What anyone may read about a service without signing in (shared/API.md: GET /public/services/{id}). */
interface PublicServiceSummary {
  readonly name: string;
  readonly providerName: string;
  readonly categoryLabel: string;
  readonly town: string | null;
  /** The council the service belongs to (the page says whose service it is). */
  readonly councilName: string;
  readonly assessment?: {
    readonly frameworkName: string;
    readonly scoring: 'percentage' | 'rating';
    readonly requiresImprovementLabel: string;
    readonly visitedOn: string | null;
    readonly publishedOn: string;
    readonly corrected: boolean;
    readonly overall: { readonly percent?: number; readonly band: Band | null };
    readonly domains: readonly { readonly name: string; readonly percent?: number; readonly band: Band | null }[];
  };
}

interface StoredDomainScore {
  domainId: string;
  percent?: number;
  band: Band | null;
}

/**
 * The public has no actor, so this runs as the system. It reads only public facts about the service and
 * the stored scores of its current published assessment: never answers, evidence or comments.
 */
export function publicAssessmentsService(store: Store) {
  return {
    async serviceSummary(serviceId: string): Promise<PublicServiceSummary> {
      return store.asSystem(async (tx) => {
        const service = await repo.publicService(tx, serviceId);
        if (!service) throw new NotFound('Service');
        const published = (await repo.currentPublished(tx, [serviceId])).get(serviceId);
        const base = { name: service.name, providerName: service.provider_name, categoryLabel: categoryLabel(service.category), town: service.town, councilName: service.council_name };
        if (!published) return base;
        const names = new Map((await repo.domainNames(tx, published.framework_version_id)).map((d) => [d.id, d.name]));
        const domains = (published.domain_scores as StoredDomainScore[]).map((d) => ({
          name: names.get(d.domainId) ?? 'Domain',
          ...(typeof d.percent === 'number' ? { percent: d.percent } : {}),
          band: d.band,
        }));
        return {
          ...base,
          assessment: {
            frameworkName: published.framework_name,
            scoring: published.scoring,
            requiresImprovementLabel: published.requires_improvement_label,
            visitedOn: published.visited_on,
            publishedOn: published.published_on,
            corrected: published.version > 1,
            overall: { ...(published.overall_percent === null ? {} : { percent: published.overall_percent }), band: published.overall_band },
            domains,
          },
        };
      });
    },
  };
}

export type PublicAssessmentsService = ReturnType<typeof publicAssessmentsService>;
