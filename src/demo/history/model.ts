import type { Answer, Band } from '../../assessments/index.ts';
import type { Scores as RiskScores, Proposals, Regime } from '../../risk/index.ts';

/**
 * The generated history of one council: rows ready to insert, linked by ids drawn from the seeded random
 * stream, each carrying the real past date it happened on (created_at where the table has one).
 */

export type CqcValue = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';

export interface CqcLocationRow {
  readonly locationId: string;
  readonly name: string;
  readonly providerId: string | null;
  readonly providerName: string;
  readonly address: string;
  readonly town: string;
  readonly postcode: string;
  readonly localAuthority: string;
  readonly registeredOn: string;
  readonly careHome: boolean;
  readonly beds: number | null;
  readonly serviceTypes: readonly string[];
  readonly specialisms: readonly string[];
  readonly inspectionCategory: string;
}

export interface CqcRatingRow {
  readonly id: string;
  readonly locationId: string;
  readonly publishedOn: string;
  readonly overall: CqcValue;
  readonly safe: CqcValue;
  readonly effective: CqcValue;
  readonly caring: CqcValue;
  readonly responsive: CqcValue;
  readonly wellLed: CqcValue;
}

export interface AnswerRow {
  readonly questionId: string;
  readonly answer: Answer;
}

export interface EvidenceRow {
  readonly questionId: string;
  readonly body: string;
  readonly source: 'observation' | 'people_using_the_service' | 'staff' | 'records' | 'policy';
  readonly confidential: boolean;
}

export interface StoredDomainScore {
  readonly domainId: string;
  readonly percent?: number;
  readonly band: Band | null;
}

export interface AssessmentRow {
  readonly id: string;
  readonly serviceId: string;
  readonly frameworkVersionId: string;
  readonly kind: 'full' | 'self';
  readonly status: 'draft' | 'completed' | 'published';
  readonly visitedOn: string | null;
  readonly createdBy: string;
  readonly createdByOrgId: string;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly completedOn: string | null;
  readonly reviewEndsOn: string | null;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
  readonly publishedOn: string | null;
  readonly publishedDuringReview: boolean;
  readonly version: number;
  readonly supersedesId: string | null;
  readonly correctionReason: string | null;
  readonly overallBand: Band | null;
  readonly overallPercent: number | null;
  readonly domainScores: readonly StoredDomainScore[];
  readonly answers: readonly AnswerRow[];
  readonly evidence: readonly EvidenceRow[];
  readonly answeredBy: string;
  readonly comments: readonly CommentRow[];
}

export interface CommentRow {
  readonly id: string;
  readonly authorUserId: string;
  readonly authorOrgId: string;
  readonly kind: 'comment' | 'accuracy_confirmed';
  readonly body: string | null;
  readonly createdAt: string;
}

export interface MilestoneRow {
  readonly id: string;
  readonly description: string;
  readonly dueOn: string;
  readonly doneOn: string | null;
  readonly doneBy: string | null;
}

export interface ActionUpdateRow {
  readonly id: string;
  readonly authorUserId: string;
  readonly authorOrgId: string;
  readonly authorName: string;
  readonly body: string;
  readonly reportedStatus: 'in_progress' | 'done';
  readonly createdAt: string;
  readonly decision: 'verified' | 'rejected' | null;
  readonly decisionReason: string | null;
  readonly decidedBy: string | null;
  readonly decidedByName: string | null;
  readonly decidedAt: string | null;
}

export interface ActionRow {
  readonly id: string;
  readonly position: number;
  readonly questionId: string | null;
  readonly domainId: string;
  readonly description: string;
  readonly ownerName: string | null;
  readonly dueOn: string;
  readonly status: 'open' | 'in_progress' | 'done' | 'verified' | 'rejected';
  readonly milestones: readonly MilestoneRow[];
  readonly updates: readonly ActionUpdateRow[];
}

export type PlanStatus = 'draft' | 'shared' | 'agreed' | 'in_progress' | 'completed' | 'closed';

export interface PlanRow {
  readonly id: string;
  readonly serviceId: string;
  readonly assessmentId: string;
  readonly status: PlanStatus;
  readonly assessedOn: string;
  readonly sharedOn: string | null;
  readonly sharedBy: string | null;
  readonly agreedOn: string | null;
  readonly agreedBy: string | null;
  readonly agreedByName: string | null;
  readonly completedOn: string | null;
  readonly closedOn: string | null;
  readonly closedBy: string | null;
  readonly closeReason: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly actions: readonly ActionRow[];
}

export type VisitKind = 'full' | 'drop_in' | 'support' | 'follow_up' | 'joint' | 'relatives_surgery';

export interface VisitRow {
  readonly id: string;
  readonly serviceId: string;
  readonly kind: VisitKind;
  readonly jointWith: readonly ('cqc' | 'health' | 'social_care' | 'other')[];
  readonly jointDetail: string | null;
  readonly purpose: string | null;
  readonly dueBy: string | null;
  readonly plannedOn: string | null;
  readonly visitedOn: string | null;
  readonly officerId: string | null;
  readonly outcome: string | null;
  readonly assessmentId: string | null;
  readonly actionPlanId: string | null;
  readonly cancelledOn: string | null;
  readonly cancelReason: string | null;
  readonly createdBy: string;
  readonly recordedBy: string | null;
  readonly createdAt: string;
}

export type IntelligenceSource =
  | 'cqc'
  | 'safeguarding'
  | 'complaint'
  | 'whistleblowing'
  | 'people_and_families'
  | 'gp_and_district_nurse'
  | 'health_commissioner'
  | 'healthwatch'
  | 'environmental_health'
  | 'fire_service'
  | 'financial_check'
  | 'other_council'
  | 'operational_team'
  | 'officer'
  | 'member_of_public';

export interface IntelligenceRow {
  readonly id: string;
  readonly serviceId: string;
  readonly receivedOn: string;
  readonly source: IntelligenceSource;
  readonly summary: string;
  readonly detail: string | null;
  readonly themes: readonly string[];
  readonly severity: 'red' | 'amber' | 'green' | null;
  readonly substantiated: 'yes' | 'no' | 'unknown';
  readonly safeguarding: boolean;
  /** The Section 42 enquiry, if one was opened: open until `section42ConcludedOn`. */
  readonly section42: { readonly concludedOn: string | null } | null;
  /** Handling: under review from, closed from (null: not yet). */
  readonly reviewOn: string | null;
  readonly closedOn: string | null;
  readonly concernReportId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ConcernReportRow {
  readonly id: string;
  readonly reference: string;
  readonly route: 'care_service' | 'self_neglect' | 'abuse_or_neglect';
  readonly serviceId: string | null;
  readonly serviceName: string | null;
  readonly whatHappened: string;
  readonly happenedWhen: string | null;
  readonly personName: string | null;
  readonly consent: 'yes' | 'no' | 'not_sure' | null;
  readonly reporterName: string | null;
  readonly reporterEmail: string | null;
  readonly reporterRelationship: string | null;
  readonly status: 'new' | 'linked' | 'routed_onward' | 'closed';
  readonly routedTo: 'safeguarding' | 'adult_social_care' | null;
  readonly triageNotes: string | null;
  readonly triagedBy: string | null;
  readonly triagedAt: string | null;
  readonly submittedAt: string;
}

export interface RiskRatingRow {
  readonly id: string;
  readonly serviceId: string;
  readonly scores: RiskScores;
  readonly rationale: string;
  readonly areaRationales: Readonly<Record<string, string>>;
  readonly proposals: Proposals;
  readonly prr: number;
  readonly bandKey: string;
  readonly bandLabel: string;
  readonly regime: Regime;
  readonly ratedOn: string;
  readonly ratedBy: string;
  readonly createdAt: string;
  readonly approval: { readonly id: string; readonly approvedBy: string; readonly approvedOn: string; readonly note: string | null; readonly createdAt: string } | null;
}

export interface CaseEventRow {
  readonly id: string;
  readonly kind: 'opened' | 'escalated' | 'de_escalated' | 'closed';
  readonly fromStage: number | null;
  readonly toStage: number | null;
  readonly reason: string;
  readonly occurredOn: string;
}

export interface CaseRow {
  readonly id: string;
  readonly serviceId: string | null;
  readonly providerId: string | null;
  readonly stage: number;
  readonly status: 'open' | 'closed';
  readonly reason: string;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly events: readonly CaseEventRow[];
  readonly meetings: readonly { readonly id: string; readonly heldOn: string; readonly attendees: readonly { name: string; organisationType: string; organisation: string }[]; readonly notes: string }[];
  readonly decisions: readonly { readonly id: string; readonly meetingId: string | null; readonly decidedOn: string; readonly decision: string }[];
  readonly actions: readonly {
    readonly id: string;
    readonly meetingId: string | null;
    readonly description: string;
    readonly ownerName: string;
    readonly ownerOrganisationType: 'council' | 'provider' | 'cqc' | 'health' | 'placing_council' | 'other';
    readonly dueOn: string;
    readonly completedOn: string | null;
  }[];
  readonly evidence: readonly { readonly id: string; readonly kind: string; readonly recordId: string; readonly occurredOn: string; readonly summary: string }[];
}

export interface SuspensionEventRow {
  readonly id: string;
  readonly kind: 'started' | 'partially_lifted' | 'lifted' | 'reinstated' | 'review_date_changed';
  readonly occurredOn: string;
  readonly scopeAfter: 'full' | 'partial' | null;
  readonly detailAfter: string | null;
  readonly reason: string;
}

export interface SuspensionRow {
  readonly id: string;
  readonly serviceId: string;
  readonly scope: 'full' | 'partial';
  readonly detail: string | null;
  readonly reason: string;
  readonly startsOn: string;
  readonly reviewOn: string | null;
  readonly scopeSince: string;
  readonly liftedOn: string | null;
  readonly events: readonly SuspensionEventRow[];
}

export interface ContractProcessRow {
  readonly id: string;
  readonly serviceId: string;
  readonly kind: 'remedies_for_poor_performance' | 'failure_to_perform';
  readonly reason: string;
  readonly startedOn: string;
  readonly reviewOn: string | null;
  readonly endedOn: string | null;
  readonly outcome: string | null;
}

export interface CouncilHistory {
  readonly councilId: string;
  /** Who the council's own records name: the commissioner decides escalation, approves ratings and publishes. */
  readonly commissionerId: string;
  readonly cqcLocations: readonly CqcLocationRow[];
  readonly cqcRatings: readonly CqcRatingRow[];
  readonly assessments: readonly AssessmentRow[];
  readonly plans: readonly PlanRow[];
  readonly visits: readonly VisitRow[];
  readonly concernReports: readonly ConcernReportRow[];
  readonly intelligence: readonly IntelligenceRow[];
  readonly ratings: readonly RiskRatingRow[];
  readonly cases: readonly CaseRow[];
  readonly suspensions: readonly SuspensionRow[];
  readonly processes: readonly ContractProcessRow[];
}
