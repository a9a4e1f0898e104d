/**
 * What the database holds: each capability's tables in a file of its own under schema/, named by the
 * capability that owns them (the structure test reads these files to know which tables are whose).
 */
import type { CoreTables } from './schema/core.ts';
import type { AccountsTables } from './schema/accounts.ts';
import type { ProvidersTables } from './schema/providers.ts';
import type { CqcTables } from './schema/cqc.ts';
import type { IntelligenceTables } from './schema/intelligence.ts';
import type { AssessmentsTables } from './schema/assessments.ts';
import type { RiskTables } from './schema/risk.ts';
import type { ActionsTables } from './schema/actions.ts';
import type { VisitsTables } from './schema/visits.ts';
import type { StatusTables } from './schema/status.ts';
import type { EscalationTables } from './schema/escalation.ts';
import type { ReportsTables } from './schema/reports.ts';
import type { ReturnsTables } from './schema/returns.ts';
import type { MarketTables } from './schema/market.ts';

export type * from './schema/core.ts';
export type * from './schema/accounts.ts';
export type * from './schema/providers.ts';
export type * from './schema/cqc.ts';
export type * from './schema/intelligence.ts';
export type * from './schema/assessments.ts';
export type * from './schema/risk.ts';
export type * from './schema/actions.ts';
export type * from './schema/visits.ts';
export type * from './schema/status.ts';
export type * from './schema/escalation.ts';
export type * from './schema/reports.ts';
export type * from './schema/returns.ts';
export type * from './schema/market.ts';
export type * from './schema/columns.ts';

export interface Database
  extends CoreTables,
    AccountsTables,
    ProvidersTables,
    CqcTables,
    IntelligenceTables,
    AssessmentsTables,
    RiskTables,
    ActionsTables,
    VisitsTables,
    StatusTables,
    EscalationTables,
    ReportsTables,
    ReturnsTables,
    MarketTables {}
