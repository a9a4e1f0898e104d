import type { ProviderListItem } from './providers.repository.ts';
import type { Contract, Provider, Service, ServiceSummary } from './register.ts';

/** The API's representations of register records: camelCase, ISO dates, ids of linked records alongside them. */

export function providerJson(provider: Provider) {
  return {
    id: provider.id,
    name: provider.name,
    companyNumber: provider.companyNumber,
    cqcProviderId: provider.cqcProviderId,
    parentProviderId: provider.parent?.id ?? null,
    parent: provider.parent,
    portalOrganisationId: provider.portalOrganisation?.id ?? null,
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  };
}

export function providerListItemJson(provider: ProviderListItem) {
  return {
    id: provider.id,
    name: provider.name,
    companyNumber: provider.companyNumber,
    cqcProviderId: provider.cqcProviderId,
    parentProviderId: provider.parent?.id ?? null,
    serviceCount: provider.serviceCount,
    updatedAt: provider.updatedAt.toISOString(),
  };
}

export function serviceSummaryJson(service: ServiceSummary) {
  return {
    id: service.id,
    name: service.name,
    category: service.category,
    cqcLocationId: service.cqcLocationId,
    town: service.town,
    postcode: service.postcode,
    providerId: service.provider.id,
    provider: service.provider,
    beds: service.beds,
    hoursPerWeek: service.hoursPerWeek,
    fundedPeople: service.fundedPeople,
    inCounty: service.inCounty,
    notCommissioned: service.notCommissioned,
    leadOfficerId: service.leadOfficer?.id ?? null,
    leadOfficer: service.leadOfficer,
    updatedAt: service.updatedAt.toISOString(),
  };
}

function contractJson(contract: Contract) {
  return {
    id: contract.id,
    kind: contract.kind,
    reference: contract.reference,
    annualValue: contract.annualValue,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    updatedAt: contract.updatedAt.toISOString(),
  };
}

/**
 * The full service document. `cqc`, `risk` and `status` are always present (null until a capability
 * contributes them), so clients can rely on the documented shape.
 */
export function serviceDetailJson(service: Service, contracts: readonly Contract[], contributed: Record<string, unknown>) {
  const summary = serviceSummaryJson(service);
  return {
    ...summary,
    addressLine1: service.addressLine1,
    addressLine2: service.addressLine2,
    provider: { ...service.provider, parent: service.providerParent },
    contracts: contracts.map(contractJson),
    createdAt: service.createdAt.toISOString(),
    cqc: null,
    risk: null,
    status: null,
    ...contributed,
  };
}
