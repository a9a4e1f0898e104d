import type { FilesSummary } from './import-files.ts';

/** What the upload page shows of an import: also the stored result of an upload's job (plain JSON). */
const counted = (counts: Record<string, number>) => Object.entries(counts).map(([reason, count]) => ({ reason, count }));

export function summaryView(summary: FilesSummary, file: string) {
  return {
    file,
    refused: summary.refusedFiles.length > 0,
    /** Why the file gave nothing, when it had rows but none could be taken. */
    nothingTaken: summary.nothingTaken.map((n) => n.reason).join('; ') || undefined,
    rowsRead: summary.rowsRead,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    ratingsAdded: summary.ratingsAdded,
    ratingsChanged: summary.ratingsChanged,
    skipped: summary.skipped,
    skippedReasons: counted(summary.skippedReasons),
    servicesCreated: summary.servicesCreated,
    providersAwaitingName: summary.providersAwaitingName,
    providerNamesCompleted: summary.providerNamesCompleted,
    rejectedCount: summary.rejected.length,
    rejected: summary.rejected.slice(0, 500).map((r) => [{ text: String(r.row) }, { text: r.reason }]),
    notCreated: counted(summary.servicesNotCreated),
  };
}

export type ImportSummaryView = ReturnType<typeof summaryView>;
