/**
 * Market oversight (issue 18): what the composition root may use. Care-home fee bands set from the annual
 * audits (schemes per financial year, proposals, overrides, approved and versioned schedules, exports for
 * finance), and provider failure contingency (market events, contingency plans and daily assurance
 * statements, with their timeline events and home page lines); their services, routes and parts of the
 * OpenAPI document.
 */
export { marketOpenApi, marketServices, registerMarket, type MarketServices } from './market.module.ts';
// The demo loader gives each council this year's scheme with the example bands.
export { CARE_HOME_TYPES, CARE_HOME_TYPE_LABELS, DEFAULT_GATES, EXAMPLE_BANDS, financialYearOf, type CareHomeType, type FeeBand, type FeeBandGates, type FeeBandScheme } from './fee-band.rules.ts';
export { contingencyServices, type ContingencyServices } from './contingency.module.ts';
