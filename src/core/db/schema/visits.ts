import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of visits to services. Only this capability's repositories query them; others use its interface. */
export interface VisitsTables {
  visits: VisitsTable;
}

export interface VisitsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  kind: 'full' | 'drop_in' | 'support' | 'follow_up' | 'joint' | 'relatives_surgery';
  joint_with: ColumnType<string[], string[] | undefined, string[]>;
  joint_detail: string | null;
  purpose: string | null;
  due_by: DateOnly | null;
  planned_on: DateOnly | null;
  visited_on: DateOnly | null;
  officer_id: string | null;
  outcome: string | null;
  assessment_id: string | null;
  action_plan_id: string | null;
  cancelled_on: DateOnly | null;
  cancel_reason: string | null;
  created_by: string;
  recorded_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
