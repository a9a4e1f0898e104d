import type { Store } from '../core/db/database.ts';
import { casesService, type CasesOptions } from './cases.service.ts';
import { groupService } from './group.service.ts';
import { overviewService } from './overview.service.ts';
import { processesService } from './processes.service.ts';
import { suspensionsService } from './suspensions.service.ts';
import { timelineService } from './timeline.service.ts';

/**
 * Escalation as one service, made of one per job: a concerns case (cases.service.ts), a suspension
 * (suspensions.service.ts), a contractual process (processes.service.ts), a provider group
 * (group.service.ts), the overviews (overview.service.ts) and the service timeline (timeline.service.ts).
 */
export function escalationService(store: Store, options: CasesOptions = {}) {
  return {
    ...casesService(store, options),
    ...suspensionsService(store),
    ...processesService(store),
    ...groupService(store),
    ...overviewService(store),
    ...timelineService(store),
  };
}

export type EscalationService = ReturnType<typeof escalationService>;
