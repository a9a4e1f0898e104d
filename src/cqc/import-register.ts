import type { Tx } from '../core/db/database.ts';
import {
  addServicesFromCqc,
  completeCqcProviderNames,
  cqcLocationsInRegister,
  cqcProvidersAwaitingName,
  providersForCqc,
  registerTakesCqcLocationId,
  type ServiceFromCqc,
} from '../providers/index.ts';
import { serviceCategoryFor } from './classify.ts';
import type { NewLocationRow } from './cqc.repository.ts';

/**
 * What an import gives councils' registers, through the register's own interface: with --org, the council's
 * missing services (and their providers); always, the names of providers that were waiting for CQC to name
 * them. Counts go to the import's summary.
 */
export interface RegisterCounts {
  servicesCreated: number;
  /** Locations that did not become services, by reason. */
  servicesNotCreated: Record<string, number>;
  providersAwaitingName: number;
  providerNamesCompleted: number;
}

/** Why a location did not become a service, in the words the summary counts them by. */
export const NOT_CREATED = {
  otherArea: 'in another local authority',
  noArea: 'CQC has given no local authority for it',
  deregistered: 'deregistered',
  nhsCode: 'its CQC id is an NHS code, which the register does not take',
  noPostcode: 'CQC has given no postcode for it yet (the directory export has none: sync the API or import a file with addresses)',
  noProvider: 'CQC has given no provider for it',
} as const;

const normaliseAuthority = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, ' ').trim();

/** Adds a council's missing services, in batches, remembering the providers it has found or added. */
export class CouncilServices {
  private readonly providerIds = new Map<string, string>();
  private readonly area: string;
  private readonly tx: Tx;
  private readonly councilId: string;
  private readonly counts: RegisterCounts;

  constructor(tx: Tx, council: { readonly id: string; readonly localAuthority: string }, counts: RegisterCounts) {
    this.tx = tx;
    this.councilId = council.id;
    this.area = normaliseAuthority(council.localAuthority);
    this.counts = counts;
  }

  private notCreated(reason: string) {
    this.counts.servicesNotCreated[reason] = (this.counts.servicesNotCreated[reason] ?? 0) + 1;
  }

  /**
   * Registered adult social care locations in the council's area that its register lacks become services.
   * Returns the CQC ids of providers it added without a name.
   */
  async add(locations: readonly NewLocationRow[]): Promise<string[]> {
    const inArea: NewLocationRow[] = [];
    for (const l of locations) {
      if (!l.adult_social_care) continue;
      if (l.registration_status !== 'registered') this.notCreated(NOT_CREATED.deregistered);
      else if (!l.local_authority) this.notCreated(NOT_CREATED.noArea);
      else if (normaliseAuthority(l.local_authority) !== this.area) this.notCreated(NOT_CREATED.otherArea);
      else inArea.push(l);
    }
    if (!inArea.length) return [];
    const linked = await cqcLocationsInRegister(this.tx, this.councilId, inArea.map((l) => l.location_id));
    const wanted: (NewLocationRow & { provider_id: string; postcode: string })[] = [];
    for (const l of inArea) {
      if (linked.has(l.location_id)) continue;
      if (!registerTakesCqcLocationId(l.location_id)) this.notCreated(NOT_CREATED.nhsCode);
      else if (!l.postcode) this.notCreated(NOT_CREATED.noPostcode);
      else if (!l.provider_id) this.notCreated(NOT_CREATED.noProvider);
      else wanted.push({ ...l, provider_id: l.provider_id, postcode: l.postcode });
    }
    const unknown = wanted.filter((l) => !this.providerIds.has(l.provider_id));
    let awaitingName: string[] = [];
    if (unknown.length) {
      const found = await providersForCqc(
        this.tx,
        this.councilId,
        unknown.map((l) => ({ cqcProviderId: l.provider_id, name: l.provider_name, companyNumber: l.provider_company_number })),
      );
      for (const [cqcId, id] of found.ids) this.providerIds.set(cqcId, id);
      awaitingName = found.awaitingName;
      this.counts.providersAwaitingName += awaitingName.length;
    }
    const services: ServiceFromCqc[] = wanted.map((l) => ({
      providerId: this.providerIds.get(l.provider_id)!,
      name: l.name,
      category: serviceCategoryFor({ careHome: l.care_home, serviceTypes: l.service_types, specialisms: l.specialisms }),
      cqcLocationId: l.location_id,
      addressLine1: l.address,
      town: l.town,
      postcode: l.postcode,
      beds: l.care_home && l.beds ? l.beds : null,
    }));
    await addServicesFromCqc(this.tx, this.councilId, services);
    this.counts.servicesCreated += services.length;
    return awaitingName;
  }
}

/**
 * Completes the names of providers that registers hold under their CQC id alone, from locations that name
 * their provider. Which providers wait is read once per import, so an import with none waiting (the usual
 * case) costs nothing per batch.
 */
export class PendingProviderNames {
  private waiting: Set<string> | undefined;
  private readonly tx: Tx;
  private readonly counts: RegisterCounts;

  constructor(tx: Tx, counts: RegisterCounts) {
    this.tx = tx;
    this.counts = counts;
  }

  async complete(locations: readonly NewLocationRow[]): Promise<void> {
    this.waiting ??= await cqcProvidersAwaitingName(this.tx);
    if (!this.waiting.size) return;
    const names = new Map<string, { cqcProviderId: string; name: string; companyNumber: string | null }>();
    for (const l of locations) {
      if (l.provider_id && l.provider_name && this.waiting.has(l.provider_id)) {
        names.set(l.provider_id, { cqcProviderId: l.provider_id, name: l.provider_name, companyNumber: l.provider_company_number });
      }
    }
    if (!names.size) return;
    this.counts.providerNamesCompleted += await completeCqcProviderNames(this.tx, [...names.values()]);
    for (const id of names.keys()) this.waiting.delete(id);
  }

  /** Marks providers added without a name in this import as waiting. */
  async wait(cqcProviderIds: readonly string[]): Promise<void> {
    this.waiting ??= await cqcProvidersAwaitingName(this.tx);
    for (const id of cqcProviderIds) this.waiting.add(id);
  }
}
