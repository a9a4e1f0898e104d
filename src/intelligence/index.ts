/**
 * Intelligence, the service timeline, the public concern form and its triage: what the composition root
 * and other capabilities may use. Its services and routes, the panel and timeline events it adds to the
 * service page (in `intelligenceServices(…).intelligenceExtensions`), its read model of recent
 * intelligence, and its part of the OpenAPI document.
 */
export { intelligenceServices, registerIntelligence, type IntelligenceServices } from './intelligence.module.ts';
export { concernTriages, intelligenceFacts, reportedIntelligence, type ConcernTriage, type IntelligenceFact, type ReportedIntelligence } from './intelligence.read.ts';
export { intelligenceOpenApi } from './intelligence.openapi.ts';
// Reports name the themes of the intelligence they count.
export { THEMES as INTELLIGENCE_THEMES } from './intelligence.rules.ts';
