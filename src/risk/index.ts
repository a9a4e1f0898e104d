/**
 * Provider Risk Rating: what the composition root and other capabilities may use. Its services and
 * routes (`riskServices`, `registerRisk`), the panel, API field and timeline events it adds to the
 * service page (in `riskServices(…).riskExtensions`), and its part of the OpenAPI document.
 */
export { registerRisk, riskServices, type RiskServices } from './risk.module.ts';
export { riskOpenApi } from './risk.openapi.ts';
// The demo loader rates its generated services with the risk rules and the council's matrix.
export { bandFor, computePrr, type Scores } from './prr.ts';
export { careHomeProfile, changedProposals, proposeScores, type Proposals, type RiskFacts } from './proposals.ts';
export { RISK_AREA_KEYS, type Regime, type RiskMatrix, type Score } from './matrix.ts';
export { matrixIn } from './risk.reads.ts';
// Reports read each service's band and the dates its regime sets.
export { riskBands, serviceRisks, type RiskBandName, type ServiceRisk } from './risk.read.ts';
export type { DueDate, DueStatus, Schedule } from './schedule.ts';
