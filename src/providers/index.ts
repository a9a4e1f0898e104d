/**
 * The provider and service register: providers, provider groups, services and contracts. What the composition
 * root, the command line and other capabilities may use; everything else in this folder is its own.
 * (organisations, users, providers and services may be read by anyone to name and scope things; only the
 * register writes them, CQC imports included, through the functions below.)
 */
export { registerOpenApi, registerRoutes, registerServices, type RegisterServices } from './register.module.ts';
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
