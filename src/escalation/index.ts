/**
 * Escalation's public face: what the composition root, the command line and other capabilities may use.
 * Concerns procedure cases, suspensions of new placements and contractual processes.
 */
export { escalationServices, registerEscalation } from './escalation.module.ts';
export { escalationOpenApi } from './escalation.openapi.ts';
export type { EscalationService } from './escalation.service.ts';
/** The contractual processes and their names, which the live status shows. */
export { CONTRACT_PROCESS_KINDS, CONTRACT_PROCESS_LABELS, type ContractProcessKind } from './escalation.rules.ts';
export { serviceEscalations, type ServiceEscalation } from './escalation.read.ts';
