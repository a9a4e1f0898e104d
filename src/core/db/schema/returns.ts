import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.ts';

/** Tables of quarterly provider returns. Only this capability's repositories query them; others use its interface. */
export interface ReturnsTables {
  return_templates: ReturnTemplatesTable;
  returns: ReturnsTable;
  return_reminder_subscriptions: ReturnReminderSubscriptionsTable;
  return_reminders_sent: ReturnRemindersSentTable;
  return_settings: ReturnSettingsTable;
}

/** A council's deadline and flag thresholds for returns (no row: the defaults). */
export interface ReturnSettingsTable {
  id: Generated<string>;
  council_id: string;
  deadline_months: number;
  /** numeric: read as text by node-postgres, as a number by PGlite. */
  agency_hours_above: ColumnType<string | number, number, number>;
  training_mandatory_below: ColumnType<string | number, number, number>;
  flag_no_registered_manager: boolean;
  /** How often returns are asked for; a change waiting or in force keeps the previous kind before period_from. */
  period: ColumnType<'quarterly' | 'half_yearly' | 'annual', 'quarterly' | 'half_yearly' | 'annual' | undefined, 'quarterly' | 'half_yearly' | 'annual'>;
  previous_period: 'quarterly' | 'half_yearly' | 'annual' | null;
  period_from_year: number | null;
  period_from_quarter: number | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A provider user who asked for email reminders of returns. */
export interface ReturnReminderSubscriptionsTable {
  user_id: string;
  created_at: CreatedAt;
}

/** A reminder sent, so none is sent twice. */
export interface ReturnRemindersSentTable {
  user_id: string;
  service_id: string;
  year: number;
  quarter: number;
  kind: 'week_before' | 'overdue';
  sent_at: CreatedAt;
}

/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** One version of a council's return template (council_id null: a built-in, copied to every council). */
export interface ReturnTemplatesTable {
  id: Generated<string>;
  council_id: string | null;
  template_key: string;
  version: number;
  name: string;
  categories: string[];
  sections: Json<unknown>;
  applies_from_year: Generated<number>;
  applies_from_quarter: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
}

/** One version of one service's return for one financial quarter. */
export interface ReturnsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  template_id: string;
  year: number;
  quarter: number;
  version: number;
  status: 'draft' | 'submitted' | 'queried' | 'accepted';
  answers: Json<unknown>;
  flags: Json<unknown>;
  submitted_by: string | null;
  submitted_by_name: string | null;
  submitted_at: Date | null;
  query_message: string | null;
  queried_by: string | null;
  queried_by_name: string | null;
  queried_at: Date | null;
  accepted_by: string | null;
  accepted_by_name: string | null;
  accepted_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
