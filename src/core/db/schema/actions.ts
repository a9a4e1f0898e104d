import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of action plans, actions, milestones and updates. Only this capability's repositories query them; others use its interface. */
export interface ActionsTables {
  action_plans: ActionPlansTable;
  actions: ActionsTable;
  action_milestones: ActionMilestonesTable;
  action_updates: ActionUpdatesTable;
}

export interface ActionPlansTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  assessment_id: string;
  status: Generated<'draft' | 'shared' | 'agreed' | 'in_progress' | 'completed' | 'closed'>;
  assessed_on: DateOnly;
  shared_on: DateOnly | null;
  shared_by: string | null;
  agreed_on: DateOnly | null;
  agreed_by: string | null;
  agreed_by_name: string | null;
  change_request: string | null;
  change_requested_by: string | null;
  change_requested_by_name: string | null;
  change_requested_at: Date | null;
  completed_on: DateOnly | null;
  closed_on: DateOnly | null;
  closed_by: string | null;
  close_reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionsTable {
  id: Generated<string>;
  council_id: string;
  plan_id: string;
  position: number;
  question_id: string | null;
  domain_id: string;
  description: string;
  owner_org: Generated<'provider' | 'council'>;
  owner_name: string | null;
  due_on: DateOnly;
  status: Generated<'open' | 'in_progress' | 'done' | 'verified' | 'rejected'>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionMilestonesTable {
  id: Generated<string>;
  council_id: string;
  action_id: string;
  description: string;
  due_on: DateOnly;
  done_on: DateOnly | null;
  done_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionUpdatesTable {
  id: Generated<string>;
  council_id: string;
  action_id: string;
  author_user_id: string;
  author_org_id: string;
  author_name: string;
  body: string;
  reported_status: 'in_progress' | 'done';
  created_at: CreatedAt;
  decision: 'verified' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
}
