/** The service categories of the API contract, with the plain-English labels people see. */
export const SERVICE_CATEGORIES = [
  'care_home_older_people',
  'care_home_adults_with_disabilities',
  'home_care',
  'supported_living',
  'extra_care',
  'day_services_older_people',
  'day_opportunities_adults_with_disabilities',
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ServiceCategory, string> = {
  care_home_older_people: 'Care home for older people',
  care_home_adults_with_disabilities: 'Care home for adults with disabilities',
  home_care: 'Home care (domiciliary care)',
  supported_living: 'Supported living',
  extra_care: 'Extra care housing',
  day_services_older_people: 'Day services for older people',
  day_opportunities_adults_with_disabilities: 'Day opportunities for adults with disabilities',
};

export function isServiceCategory(value: unknown): value is ServiceCategory {
  return typeof value === 'string' && (SERVICE_CATEGORIES as readonly string[]).includes(value);
}

export function categoryLabel(value: string): string {
  return isServiceCategory(value) ? CATEGORY_LABELS[value] : value;
}

/** Care homes count beds; the services that deliver care in people's homes count hours. */
export function isCareHome(category: ServiceCategory): boolean {
  return category === 'care_home_older_people' || category === 'care_home_adults_with_disabilities';
}

export function countsHours(category: ServiceCategory): boolean {
  return category === 'home_care' || category === 'supported_living' || category === 'extra_care';
}

export const CONTRACT_KINDS = ['block', 'spot', 'framework'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];
export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  block: 'Block contract',
  spot: 'Spot purchase',
  framework: 'Framework agreement',
};
