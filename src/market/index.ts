/**
 * Market oversight (issue 18): what the composition root may use. Care-home fee bands set from the annual
 * audits (schemes per financial year, proposals, overrides, approved and versioned schedules, exports for
 * finance); its services, routes and part of the OpenAPI document.
 */
export { marketOpenApi, marketServices, registerMarket, type MarketServices } from './market.module.ts';
export { CARE_HOME_TYPES, CARE_HOME_TYPE_LABELS, type CareHomeType, type FeeBand, type FeeBandGates, type FeeBandScheme } from './fee-band.rules.ts';
