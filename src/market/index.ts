/**
 * Market oversight (issue 18): what the composition root may use. Provider failure contingency: market events,
 * contingency plans and daily assurance statements, with their timeline events, home page lines and part of the
 * OpenAPI document.
 */
export { contingencyServices, registerContingency, type ContingencyServices } from './contingency.module.ts';
export { contingencyOpenApi } from './contingency.openapi.ts';
