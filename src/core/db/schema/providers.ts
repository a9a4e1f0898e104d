import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of the register: providers, services, contracts. Any capability may read providers and services (they name and scope everything); only the register writes them. */
export interface ProvidersTables {
  providers: ProvidersTable;
  services: ServicesTable;
  contracts: ContractsTable;
}

export interface ProvidersTable {
  id: Generated<string>;
  council_id: string;
  name: string;
  company_number: string | null;
  cqc_provider_id: string | null;
  parent_provider_id: string | null;
  org_id: string | null;
  /** Added by a CQC import under its CQC id alone: the name is a placeholder until CQC's data or a person gives it. */
  name_pending: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  council_id: string;
  provider_id: string;
  name: string;
  category: string;
  cqc_location_id: string | null;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  postcode: string;
  beds: number | null;
  hours_per_week: number | null;
  funded_people: Generated<number>;
  in_county: Generated<boolean>;
  /** Held in the register but not commissioned by the council (the self-funded market): no contracts, fees or assessments. */
  not_commissioned: Generated<boolean>;
  lead_officer_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContractsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  kind: 'block' | 'spot' | 'framework';
  reference: string | null;
  annual_value: number | null;
  starts_on: DateOnly;
  ends_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
