/**
 * Intelligence, the service timeline, the public concern form and its triage: what the composition root
 * and other capabilities may use. Its services and routes, the panel and timeline events it adds to the
 * service page (in `intelligenceServices(…).intelligenceExtensions`), its read model of recent
 * intelligence, and its part of the OpenAPI document.
 */
export { intelligenceServices, registerIntelligence, type IntelligenceServices } from './intelligence.module.ts';
export { concernTriages, intelligenceFacts, type ConcernTriage, type IntelligenceFact } from './intelligence.read.ts';
export { intelligenceOpenApi } from './intelligence.openapi.ts';
