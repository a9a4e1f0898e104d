/**
 * Quality assessments, as the composition root and other capabilities see them.
 *
 * - The composition root builds the services (`assessmentsServices`), registers the pages and API
 *   (`registerAssessments`) and adds the OpenAPI fragment.
 * - Action plans and visits read assessments through the read models (functions taking the caller's `Tx`,
 *   returning domain values): an assessment's outline and its findings below the standard, the council's
 *   assessments that found something below it, and a service's full assessments.
 * - Scoring's vocabulary (answers, bands) names what an action plan addresses.
 * - Risk reads each service's latest full assessment (`lastFullAssessments`).
 * - Market sets care-home fee bands from the full assessments' overall percents (`fullAssessmentScores`).
 */
export { assessmentsServices, registerAssessments } from './assessments.module.ts';
export { assessmentsOpenApi } from './assessments.openapi.ts';
export type { Domain } from './frameworks.ts';
export type { Answer, Band } from './scoring.ts';
export {
  assessmentOutline,
  assessmentsBelowStandard,
  findingsBelowStandard,
  fullAssessmentScores,
  fullAssessmentsOfService,
  lastFullAssessments,
  publishedFullAssessments,
  reportedAssessments,
  type FullAssessmentScore,
  type LastFullAssessment,
  type OverallBand,
  type PublishedFullAssessment,
  type ReportedAssessment,
} from './assessments.read.ts';
// The demo loader scores its generated answers and dates its reports with these, as the product would.
export { belowStandard, scoreAssessment, type Scores, type ScoringFramework } from './scoring.ts';
export { toScoringFramework, type FrameworkVersion } from './frameworks.ts';
export { currentVersionIds, loadVersion } from './frameworks.repository.ts';
export { DEFAULT_FACTUAL_ACCURACY_DAYS, reviewEndsOn, reviewWindow } from './assessment.rules.ts';
// The command line's `import assessments` (past results from PAMMS or the East of England workbook).
export { importAssessmentsFile, type AssessmentsImportSummary } from './import.ts';
