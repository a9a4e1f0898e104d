import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import { NotFound } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { categoryLabel } from '../providers/index.ts';
import { beforeAndAfter, type BeforeAfterReport } from './before-after.ts';
import { councilServices, historiesByIds, recentImports, serviceWithLocation } from './cqc.repository.ts';
import { currentRatings, inOrder, ratingChanges, type CurrentRating, type StoredPublication } from './history.ts';
import { checkLayout, importFile, type FilesSummary, addSummary, emptySummary } from './import-files.ts';
import type { KeyQuestion, RatingValue } from './ratings.ts';

/**
 * CQC data as the application reads it: a service's rating history, its current ratings, the council's
 * before-and-after report, and imports by upload. Reads run as the user, so row-level security decides
 * which services are visible; CQC's own tables are readable by every signed-in role.
 */
export interface ServiceCqc {
  readonly service: { readonly id: string; readonly name: string; readonly cqcLocationId: string | null };
  readonly location: {
    readonly locationId: string;
    readonly name: string;
    readonly registrationStatus: 'registered' | 'deregistered';
    readonly deregisteredOn: string | null;
    readonly providerName: string | null;
  } | null;
  /** Newest first. */
  readonly publications: readonly StoredPublication[];
  readonly current: Partial<Record<KeyQuestion, CurrentRating>>;
}

async function serviceCqc(tx: Tx, serviceId: string): Promise<ServiceCqc> {
  const found = isUuid(serviceId) ? await serviceWithLocation(tx, serviceId) : undefined;
  if (!found) throw new NotFound('Service');
  const { service, location } = found;
  const locationId = service.cqc_location_id;
  const history = locationId ? ((await historiesByIds(tx, [locationId])).get(locationId) ?? []) : [];
  return {
    service: { id: service.id, name: service.name, cqcLocationId: locationId },
    location: location
      ? {
          locationId: location.location_id,
          name: location.name,
          registrationStatus: location.registration_status,
          deregisteredOn: location.deregistered_on,
          providerName: location.provider_name,
        }
      : null,
    publications: inOrder(history).reverse(),
    current: currentRatings(history),
  };
}

export interface RatingItem {
  readonly publishedOn: string | null;
  readonly firstSeenOn: string;
  readonly overall: RatingValue | null;
  readonly safe: RatingValue | null;
  readonly effective: RatingValue | null;
  readonly caring: RatingValue | null;
  readonly responsive: RatingValue | null;
  readonly wellLed: RatingValue | null;
}

export function ratingItem(p: StoredPublication): RatingItem {
  const value = (kq: KeyQuestion) => p.values[kq] ?? null;
  return {
    publishedOn: p.publishedOn,
    firstSeenOn: p.firstSeenOn,
    overall: value('overall'),
    safe: value('safe'),
    effective: value('effective'),
    caring: value('caring'),
    responsive: value('responsive'),
    wellLed: value('wellLed'),
  };
}

export function cqcService(store: Store) {
  return {
    /** A service's CQC ratings, newest first; NotFound when the actor may not see the service. */
    forService(actor: Actor, serviceId: string): Promise<ServiceCqc> {
      return store.asUser(actor, (tx) => serviceCqc(tx, serviceId));
    },

    /** Changes between real ratings, oldest first, for the timeline. */
    async changesForService(actor: Actor, serviceId: string) {
      const cqc = await this.forService(actor, serviceId);
      return { cqc, changes: ratingChanges(cqc.publications) };
    },

    async beforeAndAfter(actor: Actor, date: string): Promise<BeforeAfterReport> {
      authorise(actor, 'cqc.report');
      return store.asUser(actor, async (tx) => {
        const services = await councilServices(tx, actor.orgId);
        const ids = [...new Set(services.flatMap((s) => (s.cqc_location_id ? [s.cqc_location_id] : [])))];
        const histories = new Map<string, StoredPublication[]>();
        // in slices: a council's register can run to thousands of services
        for (let i = 0; i < ids.length; i += 1000) {
          for (const [id, h] of await historiesByIds(tx, ids.slice(i, i + 1000))) histories.set(id, h);
        }
        return beforeAndAfter(
          services.map((s) => ({ id: s.id, name: s.name, category: s.category, categoryLabel: categoryLabel(s.category), cqcLocationId: s.cqc_location_id })),
          histories,
          date,
        );
      });
    },

    async recentImports(actor: Actor) {
      authorise(actor, 'cqc.import');
      return store.asUser(actor, (tx) => recentImports(tx));
    },

    /**
     * Checks, before an upload is queued, that the file is CQC data this import can read (its layout is
     * recognised from the first rows): a file that is not is refused on the form, not after a wait.
     */
    async checkUpload(actor: Actor, file: { path: string; name: string }): Promise<void> {
      authorise(actor, 'cqc.import');
      await checkLayout(file.path, file.name);
    },

    /** An upload by an administrator: the same import as the command line, attributed to them. */
    async importUpload(
      actor: Actor,
      file: { path: string; name: string },
      choices: { keepGoodRows: boolean; localAuthority?: string | undefined; onProgress?: ((rowsRead: number) => void) | undefined },
    ): Promise<FilesSummary> {
      authorise(actor, 'cqc.import');
      const one = await importFile(store, file.path, {
        displayName: file.name,
        keepGoodRows: choices.keepGoodRows,
        council: choices.localAuthority ? { id: actor.orgId, localAuthority: choices.localAuthority } : undefined,
        actor,
        today: today(),
        onBatch: choices.onProgress,
      });
      const summary = emptySummary();
      addSummary(summary, one, file.name);
      return summary;
    },
  };
}

export type CqcService = ReturnType<typeof cqcService>;

