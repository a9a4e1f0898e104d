import type { Random } from '../random.ts';
import type { IntelligenceSource } from './model.ts';

/**
 * The words of the demo's records: short, plain and in the register officers write in. No real person,
 * service or incident; personal details are invented and kept to what the forms ask for.
 */

export type Theme =
  | 'staffing'
  | 'management'
  | 'medication'
  | 'care_planning'
  | 'missed_or_late_calls'
  | 'safeguarding'
  | 'infection_control'
  | 'nutrition_and_hydration'
  | 'moving_and_handling'
  | 'premises'
  | 'record_keeping'
  | 'communication'
  | 'finance'
  | 'other';

/** Themes each source tends to raise, most likely first. */
export const SOURCE_THEMES: Record<IntelligenceSource, readonly Theme[]> = {
  cqc: ['management', 'staffing', 'medication', 'record_keeping', 'care_planning'],
  safeguarding: ['safeguarding', 'moving_and_handling', 'medication', 'nutrition_and_hydration'],
  complaint: ['communication', 'care_planning', 'staffing', 'missed_or_late_calls', 'nutrition_and_hydration'],
  whistleblowing: ['staffing', 'management', 'safeguarding', 'medication'],
  people_and_families: ['communication', 'care_planning', 'staffing', 'nutrition_and_hydration', 'other'],
  gp_and_district_nurse: ['medication', 'care_planning', 'infection_control', 'nutrition_and_hydration'],
  health_commissioner: ['care_planning', 'medication', 'infection_control', 'management'],
  healthwatch: ['communication', 'premises', 'nutrition_and_hydration', 'other'],
  environmental_health: ['infection_control', 'premises', 'nutrition_and_hydration'],
  fire_service: ['premises', 'management'],
  financial_check: ['finance', 'management'],
  other_council: ['staffing', 'management', 'safeguarding', 'care_planning'],
  operational_team: ['care_planning', 'communication', 'missed_or_late_calls', 'staffing'],
  officer: ['management', 'record_keeping', 'staffing', 'care_planning'],
  member_of_public: ['communication', 'staffing', 'premises', 'other'],
};

const SUMMARIES: Record<IntelligenceSource, readonly string[]> = {
  cqc: ['CQC inspection report published', 'CQC shared concerns from a recent inspection', 'CQC engagement call: issues raised', 'CQC notification of a serious incident'],
  safeguarding: ['Safeguarding alert raised', 'Safeguarding concern about unexplained bruising', 'Safeguarding alert: medication error', 'Safeguarding concern: fall not reported to family'],
  complaint: ['Complaint from a relative about care', 'Complaint about late and shortened calls', 'Complaint about how a concern was handled', 'Complaint about food and drink'],
  whistleblowing: ['Whistle-blowing: staff say shifts are short', 'Whistle-blowing about the manager’s conduct', 'Whistle-blowing: training not given'],
  people_and_families: ['Relative raised concerns at a review', 'Person using the service unhappy with care', 'Family praised the staff team', 'Relative worried about weight loss'],
  gp_and_district_nurse: ['District nurses concerned about pressure care', 'GP practice raised medication concerns', 'District nurses report good wound care'],
  health_commissioner: ['ICB quality team raised concerns', 'Continuing healthcare review found gaps', 'Health commissioner shared a hospital discharge concern'],
  healthwatch: ['Healthwatch Enter and View report', 'Healthwatch passed on feedback from residents', 'Healthwatch visit: positive feedback'],
  environmental_health: ['Food hygiene rating lowered', 'Environmental health inspection: kitchen cleanliness', 'Food hygiene rating 5 confirmed'],
  fire_service: ['Fire safety audit: actions required', 'Fire service notice about fire doors', 'Fire risk assessment out of date'],
  financial_check: ['Credit check: score fallen', 'Late payment to staff reported', 'Accounts filed late at Companies House', 'Credit check: no concerns'],
  other_council: ['Neighbouring council shared a concern', 'Placing council reported a quality issue', 'Another council suspended placements here'],
  operational_team: ['Social worker raised concerns at a review', 'Brokerage reports packages handed back', 'Care management concerned about record keeping'],
  officer: ['Officer’s own observation at a visit', 'Manager left: interim arrangements unclear', 'Officer noted agency staff on every shift', 'Officer noted improvement since last visit'],
  member_of_public: ['Concern reported through the public form', 'Member of the public reported a concern'],
};

const DETAILS: readonly string[] = [
  'Passed to the lead officer to follow up with the registered manager.',
  'Discussed with the provider, who has sent a written response.',
  'The provider was asked for records covering the dates given.',
  'To be looked at during the next visit.',
  'Shared with CQC and the safeguarding adults team.',
  'The provider has acknowledged the issue and set out what it will do.',
];

export function intelligenceText(source: IntelligenceSource, random: Random): { summary: string; detail: string | null } {
  return { summary: random.pick(SUMMARIES[source]), detail: random.chance(0.6) ? random.pick(DETAILS) : null };
}

export const CASE_REASONS = {
  minor: [
    'Several complaints and a safeguarding alert in a short time; the provider’s response has been slow.',
    'Concerns about staffing levels and the quality of care plans raised by families and social workers.',
    'Repeated medication errors reported by district nurses.',
    'Late and missed calls reported by people using the service and their families.',
  ],
  serious: [
    'Concerns not resolved through contract monitoring: care planning, medicines and leadership all below the standard.',
    'A pattern of safeguarding alerts and substantiated complaints, with no effective response from the provider.',
    'The home has had no registered manager for months and standards have fallen across the board.',
  ],
  suspension: [
    'Serious concerns about the safety of people using the service: safeguarding enquiries under way and CQC rated the service Inadequate.',
    'Serious concerns after an unannounced visit: unsafe staffing, poor moving and handling and medicines not given as prescribed.',
    'Serious concerns about neglect, with Section 42 enquiries open and the provider not addressing the council’s concerns.',
  ],
  group: [
    'The parent company has applied for a Company Voluntary Arrangement; concerns about the continuity and quality of care across the group.',
  ],
} as const;

export const MEETING_NOTES = [
  'Provider presented its improvement plan. Council and health colleagues reviewed progress against each action.',
  'Recent visits and intelligence reviewed. Some progress, but staffing remains a concern.',
  'Evidence of sustained improvement considered. Partners agreed the next review date.',
  'Safeguarding enquiries updated. CQC confirmed its next inspection is planned.',
];

export const DECISIONS = [
  'Continue at the current stage and review in four weeks.',
  'Escalate: the concerns have not been addressed.',
  'Increase monitoring to weekly contact and fortnightly visits.',
  'Suspend new placements until improvement is sustained.',
  'De-escalate: improvement has been sustained for two months.',
  'Close the procedure: the concerns have been resolved.',
];

export const CASE_ACTIONS = [
  'Send an updated improvement plan with named leads and dates',
  'Recruit a permanent registered manager',
  'Complete medication competency checks for all staff',
  'Review every care plan with the person and their family',
  'Provide weekly staffing rotas to the council',
  'Arrange moving and handling refresher training',
  'Visit unannounced and report back to the next meeting',
  'Share the outcome of the Section 42 enquiries',
];

export const SUSPENSION_REASONS = [
  'Serious concerns about the safety of care: no new placements until improvement is sustained.',
  'CQC rated the service Inadequate and safeguarding enquiries are open.',
  'The provider cannot currently staff new packages of care safely.',
];

export const LIFT_REASONS = [
  'Two unannounced visits and the latest audit show improvement sustained for three months.',
  'CQC re-inspected and the service is no longer Inadequate; council visits confirm the improvement has held.',
  'The improvement plan is complete and verified; staffing has been stable for twelve weeks.',
];

export const PARTIAL_LIFT_REASONS = [
  'Residential care has improved and held for two months; nursing care is still being checked.',
  'Improvement sustained for most placements; the remaining concerns are limited to one part of the service.',
];

export const REINSTATE_REASONS = ['Care slipped again after the partial lift: new concerns from an unannounced visit.'];

export const PROCESS_REASONS = {
  remedies_for_poor_performance: 'Contract performance below the standard: late and missed calls, and care plans not kept up to date.',
  failure_to_perform: 'The provider has failed to deliver the contracted care safely despite the remedies process.',
} as const;

export const PROCESS_OUTCOMES = [
  'Performance improved and was sustained: process ended.',
  'The agreed action plan was completed: process ended.',
];

export const VISIT_OUTCOMES: Record<string, readonly string[]> = {
  full: ['Full monitoring visit completed; report and any action plan to follow.', 'Two days on site; findings discussed with the manager at feedback.'],
  drop_in: ['Unannounced visit: no immediate concerns found.', 'Unannounced visit: concerns raised with the manager on the day.', 'Drop-in visit following intelligence: records checked.'],
  support: ['Support visit: worked through the action plan with the manager.', 'Support visit: shared good practice on care planning.'],
  follow_up: ['Update visit: actions checked against the plan.', 'Update visit: most actions complete; the rest are on track.'],
  joint: ['Joint visit completed; findings shared between partners.', 'Joint visit: agreed a shared view of the risks.'],
  relatives_surgery: ['Relatives’ surgery held: feedback mostly positive.', 'Relatives’ surgery: concerns about communication passed to the manager.'],
};

export const VISIT_PURPOSES: Record<string, readonly string[]> = {
  full: ['Annual contract monitoring visit and full assessment.'],
  drop_in: ['Unannounced visit prompted by recent intelligence.', 'Unannounced visit to check care at the weekend handover.'],
  support: ['Support the manager with the action plan.', 'Support visit on care planning and records.'],
  follow_up: ['Check that every action of the action plan has been completed.'],
  joint: ['Joint visit to share findings and agree next steps.'],
  relatives_surgery: ['Relatives’ surgery alongside the monitoring visit.'],
};

export const EVIDENCE_NOTES = [
  'Two of the three care plans sampled had not been reviewed in the last six months.',
  'Staff could not say how to raise a safeguarding concern out of hours.',
  'Medicine records had gaps on four days in the sample period.',
  'Rotas showed shifts below the agreed staffing level on several nights.',
  'Supervision records were missing for most of the staff team.',
  'The complaints log did not record the outcome or learning.',
  'Audits were done but the actions they found were not followed up.',
  'People told us they were not asked about their preferences.',
];

export const UPDATE_BODIES = {
  in_progress: ['Work has started: first sessions held and the rest booked.', 'Half of the care plans reviewed so far; the rest are booked in.', 'New audit tool in use since last month.'],
  done: ['Completed: evidence sent to the council by email.', 'All staff have now completed the training; certificates attached.', 'Done: the new process has been in place for six weeks.'],
  rejected: ['The evidence sent does not show the change has been made in practice.', 'Only part of the action is complete.'],
} as const;

export const MILESTONES = ['Plan agreed with the staff team', 'Halfway review with the manager', 'Evidence sent to the council'];

export const CORRECTION_REASONS = ['A finding on medicines was recorded against the wrong question.', 'The provider showed records that were not available on the day.'];

export const PROVIDER_COMMENTS = ['We have checked the report and agree it is accurate.', 'The staffing figures on page 3 do not include our bank staff; we have sent the rotas.'];

export const CONCERN_TEXTS = {
  care_service: ['My mother’s calls are often over an hour late.', 'The home is short of staff at weekends and my father waits for help.', 'I am worried about how residents are spoken to.', 'Nobody answers the phone at the home.'],
  self_neglect: ['My neighbour is not eating and the house is very cold.', 'An older man on our street seems unable to look after himself.'],
  abuse_or_neglect: ['I think someone is taking money from my aunt.', 'A care worker was rough with my grandmother.'],
} as const;

export const RATING_RATIONALES = [
  'Scores confirmed from the record and the last visit.',
  'Reviewed after the latest assessment was published.',
  'Re-rated after new intelligence and the CQC report.',
  'Annual review of the rating; nothing new to change it.',
  'Re-rated as the service moved through the concerns procedure.',
];
