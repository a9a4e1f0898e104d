/**
 * The live status's public face: what the composition root and the command line may use. The Live Status
 * List, sharing with councils and partners, alerts, and the Healthwatch Enter and View list.
 */
export { registerStatus, statusServices } from './status.module.ts';
export { statusOpenApi } from './status.openapi.ts';
export { shareWith } from './status.commands.ts';
// Reports shows the headline figures of the councils that share them with the reader's council (benchmarking).
export { councilsSharingReportsWith } from './status.repository.ts';
