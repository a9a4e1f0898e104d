import type { Migration } from 'kysely';
import * as foundation from './20261123T1600_foundation.js';
import * as registerSearch from './20261123T1700_register_search.js';
import * as accounts from './20261123T1720_accounts.js';
import * as cqc from './20261123T1730_cqc.js';
import * as assessments from './20261123T1740_assessments.js';
import * as risk from './20261123T1750_risk.js';
import * as intelligence from './20261123T1760_intelligence.js';
import * as actionsVisits from './20261123T1770_actions_visits.js';
import * as escalationStatus from './20261123T1780_escalation_status.js';
import * as liveStatusConcernsFirst from './20261123T1790_live_status_concerns_first.js';

/** Every migration, in order. Names are timestamps; a migration never changes once it has shipped. */
export const migrations: Record<string, Migration> = {
  '20261123T1600_foundation': foundation,
  '20261123T1700_register_search': registerSearch,
  '20261123T1720_accounts': accounts,
  '20261123T1730_cqc': cqc,
  '20261123T1740_assessments': assessments,
  '20261123T1750_risk': risk,
  '20261123T1760_intelligence': intelligence,
  '20261123T1770_actions_visits': actionsVisits,
  '20261123T1780_escalation_status': escalationStatus,
  '20261123T1790_live_status_concerns_first': liveStatusConcernsFirst,
};
