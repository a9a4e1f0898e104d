import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.ts';

/** Tables of reports: the lead team's commentary on the quarterly summary. Only this capability's repositories query them. */
export interface ReportsTables {
  report_commentaries: ReportCommentariesTable;
}

export interface ReportCommentariesTable {
  id: Generated<string>;
  council_id: string;
  category: string;
  year: number;
  quarter: number;
  body: string;
  written_by: string;
  written_at: Timestamp;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
