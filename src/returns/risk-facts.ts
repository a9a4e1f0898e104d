import type { Tx } from '../core/db/database.ts';
import { periodLabel } from './periods.ts';
import type { ReturnFlag } from './return.rules.ts';
import { flaggedReturns } from './returns.repository.ts';

/**
 * What returns tell the risk proposals (its small named interface, read by the risk capability through
 * returns' index.ts): each return sent in a window whose figures were flagged, newest first. Only the
 * version standing for its quarter counts (a queried one was answered by the next). Runs in the caller's
 * transaction, as the caller, so row-level security decides what it may see; no answers beyond the flags.
 */
export interface ReturnFlagFact {
  readonly period: string;
  readonly year: number;
  readonly quarter: number;
  /** The day it was sent (yyyy-mm-dd). */
  readonly sentOn: string;
  readonly flags: readonly { readonly key: string; readonly message: string }[];
}

/** Also every service's newest return sent in the window, flagged or not, so a clean newest return shows concerns being addressed. */
export interface ReturnFacts {
  readonly flagged: readonly ReturnFlagFact[];
  /** The newest return sent in the window was flagged. */
  readonly newestFlagged: boolean;
}

export async function returnFlagFacts(tx: Tx, serviceIds: readonly string[], sent: { readonly from: string; readonly to: string }): Promise<Map<string, ReturnFacts>> {
  const rows = await flaggedReturns(tx, serviceIds, sent);
  const out = new Map<string, ReturnFacts>();
  for (const id of serviceIds) {
    const mine = rows.filter((r) => r.service_id === id);
    if (!mine.length) continue;
    const flagged = mine
      .filter((r) => (r.flags as ReturnFlag[]).length)
      .map((r) => ({
        period: periodLabel(r),
        year: r.year,
        quarter: r.quarter,
        sentOn: r.submitted_at!.toISOString().slice(0, 10),
        flags: (r.flags as ReturnFlag[]).map((f) => ({ key: f.key, message: f.message })),
      }));
    if (flagged.length) out.set(id, { flagged, newestFlagged: (mine[0]!.flags as ReturnFlag[]).length > 0 });
  }
  return out;
}
