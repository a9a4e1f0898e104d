import type { OrgKind, Role } from '../core/db/schema.ts';

/** The generated demo data: rows ready to insert, already linked by their ids. */
export type Category =
  | 'care_home_older_people'
  | 'care_home_adults_with_disabilities'
  | 'home_care'
  | 'supported_living'
  | 'extra_care'
  | 'day_services_older_people'
  | 'day_opportunities_adults_with_disabilities';

/** The shares of a council's register each category takes, roughly as English councils' registers are made up. */
export const CATEGORY_SHARES: Readonly<Record<Category, number>> = {
  care_home_older_people: 0.35,
  care_home_adults_with_disabilities: 0.2,
  home_care: 0.25,
  supported_living: 0.1,
  extra_care: 0.03,
  day_services_older_people: 0.03,
  day_opportunities_adults_with_disabilities: 0.04,
};

export const CATEGORIES = Object.keys(CATEGORY_SHARES) as Category[];

export const OUT_OF_COUNTY_SHARE = 0.1;

export interface DemoOrganisation {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: OrgKind;
  readonly managedById: string | null;
}

export interface DemoUser {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly team: string | null;
}

export interface DemoProvider {
  readonly id: string;
  readonly councilId: string;
  readonly name: string;
  readonly companyNumber: string | null;
  readonly cqcProviderId: string | null;
  readonly parentId: string | null;
  /** The provider organisation whose users see this provider's services (the provider portal). */
  orgId: string | null;
  /** The national group it belongs to, if any (not stored: the parent link says it). */
  readonly group: string | null;
}

export interface DemoService {
  readonly id: string;
  readonly councilId: string;
  readonly providerId: string;
  readonly name: string;
  readonly category: Category;
  readonly cqcLocationId: string | null;
  readonly addressLine1: string;
  readonly addressLine2: string | null;
  readonly town: string;
  readonly postcode: string;
  readonly beds: number | null;
  readonly hoursPerWeek: number | null;
  readonly fundedPeople: number;
  readonly inCounty: boolean;
  readonly leadOfficerId: string | null;
}

export interface DemoContract {
  readonly id: string;
  readonly councilId: string;
  readonly serviceId: string;
  readonly kind: 'block' | 'spot' | 'framework';
  readonly reference: string;
  readonly annualValue: number;
  /** yyyy-mm-dd */
  readonly startsOn: string;
  readonly endsOn: string | null;
}

export interface DemoCouncil {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly services: number;
}

export interface DemoAccount {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly organisation: string;
}

export interface DemoData {
  readonly scale: string;
  readonly seed: string;
  readonly councils: readonly DemoCouncil[];
  readonly organisations: readonly DemoOrganisation[];
  readonly users: readonly DemoUser[];
  readonly providers: readonly DemoProvider[];
  readonly services: readonly DemoService[];
  readonly contracts: readonly DemoContract[];
  /** The sign-ins listed on the start page. */
  readonly accounts: readonly DemoAccount[];
}
