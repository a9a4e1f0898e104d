/**
 * Escalation's public face: what the composition root, the command line and other capabilities may use.
 * Concerns procedure cases, suspensions of new placements and contractual processes.
 */
export { escalationServices, registerEscalation } from './escalation.module.ts';
export { escalationOpenApi } from './escalation.openapi.ts';
export type { EscalationService } from './escalation.service.ts';
/** The contractual processes and their names, which the live status shows. */
export { CONTRACT_PROCESS_KINDS, CONTRACT_PROCESS_LABELS, type ContractProcessKind } from './escalation.rules.ts';
export { reportedEscalations, serviceEscalations, suspensionsAndProcesses, type OpenContractProcess, type ReportedConcernsCase, type ReportedSuspension, type ServiceEscalation, type SuspensionInForce } from './escalation.read.ts';
// Reports count the reviews now overdue, by the same rules as the escalation pages.
export { isProcessReviewOverdue, isSuspensionReviewOverdue } from './escalation.rules.ts';
