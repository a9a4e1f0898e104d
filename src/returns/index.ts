/**
 * Quarterly provider returns (issue 17): what the composition root may use. Its services and routes, the
 * lines it adds to a provider's home page and the panel on the service page, and its part of the OpenAPI
 * document.
 */
export { registerReturns, returnsServices, type ReturnsServices } from './returns.module.ts';
export { returnsOpenApi } from './returns.openapi.ts';
// The risk proposals read flagged figures of returns sent, as "information from other sources" for a person to confirm.
export { returnFlagFacts, type ReturnFacts, type ReturnFlagFact } from './risk-facts.ts';
// Market contingency plans read capacity elsewhere from the latest returns.
export { latestOccupancy, type Occupancy } from './returns.read.ts';
