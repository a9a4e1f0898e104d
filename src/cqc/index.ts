/**
 * CQC open data: what the composition root, the command line and other capabilities may use. Its services
 * and its contributions to the service page and API (panels, detail fields, timeline events) come from
 * `cqcServices`; `registerCqc` adds its pages and API routes; the commands are `import cqc` and `cqc sync`.
 */
export { cqcServices, registerCqc, type CqcServices } from './cqc.module.ts';
export { cqcOpenApi } from './cqc.openapi.ts';
export { importCqc, syncCqc, type CouncilArea, type ImportCqcOptions, type SyncCqcOptions } from './cqc.commands.ts';
export type { FilesSummary } from './import-files.ts';
export { estimateRows } from './import.job.ts';
export { cqcOverallHistory, serviceCqcFacts, type CqcOverallRating, type LatestCqcRating, type ServiceCqcFacts } from './cqc.read.ts';
// CQC's rating names, for reports that count services by rating.
export { RATING_LABELS, REAL_RATINGS, isRealRating } from './ratings.ts';
