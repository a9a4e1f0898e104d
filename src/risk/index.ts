/**
 * Provider Risk Rating: what the composition root and other capabilities may use. Its services and
 * routes (`riskServices`, `registerRisk`), the panel, API field and timeline events it adds to the
 * service page (in `riskServices(…).riskExtensions`), and its part of the OpenAPI document.
 */
export { registerRisk, riskServices, type RiskServices } from './risk.module.ts';
export { riskOpenApi } from './risk.openapi.ts';
