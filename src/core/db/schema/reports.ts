import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.ts';

/** Tables of reports and dashboards. Only this capability's repositories query them; others use its interface. */
export interface ReportsTables {
  report_commentaries: ReportCommentariesTable;
  report_settings: ReportSettingsTable;
}

/** The lead team's commentary on one category of one quarter's summary. */
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

/** A council's dashboard settings (a council without a row uses the defaults). */
export interface ReportSettingsTable {
  id: Generated<string>;
  council_id: string;
  visits_target_per_officer: number;
  updated_by: string | null;
  updated_at: Timestamp;
}
