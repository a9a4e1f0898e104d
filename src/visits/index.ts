/**
 * Visits to services, as the composition root and other capabilities see them.
 *
 * - The composition root builds the service (`visitsServices`, handed the action plans a visit may follow
 *   up), registers the pages and API (`registerVisits`) and adds the OpenAPI fragment.
 * - Action plans own the need for an update visit and ask for it here, inside their unit of work:
 *   `scheduleUpdateVisit`, `updateVisitOfPlan`, `cancelUpdateVisit`; their work list reads `openVisits`.
 * - Risk reads each service's latest visits (`lastVisits`).
 */
export { registerVisits, visitsServices } from './visits.module.ts';
export { visitsOpenApi } from './visits.openapi.ts';
export type { PlanChoice, VisitsService } from './visits.service.ts';
export type { Visit } from './visit.model.ts';
export { cancelUpdateVisit, scheduleUpdateVisit, updateVisitOfPlan } from './update-visit.ts';
export { DUE_SOON_DAYS, followUpDueBy, visitTargetDate } from './visit.rules.ts';
export { lastVisits, openVisits, visitsMade, visitsMadeByOfficer, visitsMadeToServices, type LastVisits, type OfficerVisits, type VisitMade } from './visits.read.ts';
export { VISIT_KINDS, VISIT_KIND_LABELS, type VisitKind } from './visit.rules.ts';
// A contingency plan (market) schedules its monitoring visits inside its unit of work.
export { scheduleMonitoringVisits, type MonitoringVisits } from './monitoring-visits.ts';
