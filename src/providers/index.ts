/** The register of providers and services: what the composition root, the command line and other capabilities may use. */
export { CATEGORY_LABELS, SERVICE_CATEGORIES, categoryLabel, isServiceCategory, type ServiceCategory } from './categories.ts';
export {
  addServicesFromCqc,
  completeCqcProviderNames,
  cqcLocationsInRegister,
  cqcProvidersAwaitingName,
  pendingProviderName,
  providersForCqc,
  registerTakesCqcLocationId,
  type CqcProviderFacts,
  type ServiceFromCqc,
} from './from-cqc.ts';
