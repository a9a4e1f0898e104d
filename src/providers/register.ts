import type { ContractKind, ServiceCategory } from './categories.ts';

/** The register's domain objects, as services return them to routes and the API. */

export interface NamedRef {
  readonly id: string;
  readonly name: string;
}

export interface Provider {
  readonly id: string;
  readonly name: string;
  readonly companyNumber: string | null;
  readonly cqcProviderId: string | null;
  readonly parent: NamedRef | null;
  /** The provider-kind organisation whose users see this provider's services. */
  readonly portalOrganisation: NamedRef | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly category: ServiceCategory;
  readonly cqcLocationId: string | null;
  readonly town: string | null;
  readonly postcode: string;
  readonly provider: NamedRef;
  readonly beds: number | null;
  readonly hoursPerWeek: number | null;
  readonly fundedPeople: number;
  readonly inCounty: boolean;
  /** Held in the register, not commissioned by the council (the self-funded market). */
  readonly notCommissioned: boolean;
  readonly leadOfficer: NamedRef | null;
  readonly updatedAt: Date;
}

export interface Service extends ServiceSummary {
  readonly addressLine1: string | null;
  readonly addressLine2: string | null;
  readonly providerParent: NamedRef | null;
  readonly createdAt: Date;
}

export interface Contract {
  readonly id: string;
  readonly serviceId: string;
  readonly kind: ContractKind;
  readonly reference: string | null;
  readonly annualValue: number | null;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceFields {
  readonly name: string;
  readonly providerId: string;
  readonly category: ServiceCategory;
  readonly cqcLocationId: string | null;
  readonly addressLine1: string | null;
  readonly addressLine2: string | null;
  readonly town: string | null;
  readonly postcode: string;
  readonly beds: number | null;
  readonly hoursPerWeek: number | null;
  readonly fundedPeople: number;
  readonly inCounty: boolean;
  readonly notCommissioned: boolean;
  readonly leadOfficerId: string | null;
}

export interface ProviderFields {
  readonly name: string;
  readonly companyNumber: string | null;
  readonly cqcProviderId: string | null;
  readonly parentProviderId: string | null;
  readonly portalOrganisationId: string | null;
}

export interface ContractFields {
  readonly kind: ContractKind;
  readonly reference: string | null;
  readonly annualValue: number | null;
  readonly startsOn: string;
  readonly endsOn: string | null;
}

/** Whether a contract is in force on a day: ended (its end date has passed), not started yet, or live. */
export type ContractState = 'live' | 'ended' | 'not-started';

export function contractState(contract: Pick<Contract, 'startsOn' | 'endsOn'>, onDay: string): ContractState {
  if (contract.endsOn !== null && contract.endsOn < onDay) return 'ended';
  if (contract.startsOn > onDay) return 'not-started';
  return 'live';
}
