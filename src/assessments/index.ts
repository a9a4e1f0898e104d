/** Assessments and frameworks: what the composition root, the command line and other capabilities may use. */
export { lastFullAssessments, type LastFullAssessment, type OverallBand } from './assessments.read.ts';
