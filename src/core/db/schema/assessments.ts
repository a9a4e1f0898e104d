import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of quality assessments: frameworks, their versions, assessments and answers. Only this capability's repositories query them; others use its interface. */
export interface AssessmentsTables {
  frameworks: FrameworksTable;
  framework_versions: FrameworkVersionsTable;
  framework_domains: FrameworkDomainsTable;
  framework_standards: FrameworkStandardsTable;
  framework_questions: FrameworkQuestionsTable;
  assessment_settings: AssessmentSettingsTable;
  assessments: AssessmentsTable;
  assessment_answers: AssessmentAnswersTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_comments: AssessmentCommentsTable;
}

// Quality assessments (src/assessments): frameworks, their immutable versions, and assessments against them.
export interface FrameworksTable {
  id: Generated<string>;
  /** null for the built-in templates copied to every new council. */
  council_id: string | null;
  template_key: string | null;
  based_on_template: string | null;
  scoring: 'percentage' | 'rating';
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FrameworkVersionsTable {
  id: Generated<string>;
  council_id: string | null;
  framework_id: string;
  version: number;
  name: string;
  description: string | null;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  requires_improvement_label: Generated<'Requires improvement' | 'Adequate'>;
  status: Generated<'draft' | 'published'>;
  change_note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  published_at: Date | null;
  published_by: string | null;
}

export interface FrameworkDomainsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  lineage_id: Generated<string>;
  position: number;
  name: string;
  description: string | null;
}

export interface FrameworkStandardsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  domain_id: string;
  position: number;
  name: string;
}

export interface FrameworkQuestionsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  domain_id: string;
  standard_id: string;
  lineage_id: Generated<string>;
  position: number;
  text: string;
  guidance: string | null;
  weight: ColumnType<number, number | undefined, number>;
}

export interface AssessmentSettingsTable {
  id: Generated<string>;
  council_id: string;
  factual_accuracy_days: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  framework_version_id: string;
  kind: 'full' | 'self';
  status: Generated<'draft' | 'completed' | 'published'>;
  visited_on: DateOnly | null;
  /** Empty only for a result imported by the command line (which acts as the system). */
  created_by: string | null;
  created_by_org_id: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Date | null;
  completed_by: string | null;
  completed_on: DateOnly | null;
  review_ends_on: DateOnly | null;
  published_at: Date | null;
  published_by: string | null;
  published_on: DateOnly | null;
  published_during_review: Generated<boolean>;
  version: Generated<number>;
  supersedes_id: string | null;
  correction_reason: string | null;
  overall_band: 'excellent' | 'good' | 'requires_improvement' | 'poor' | null;
  overall_percent: number | null;
  domain_scores: ColumnType<unknown, string | undefined, string>;
  /** The completion (or publication) date was entered, not the day it was recorded. */
  completed_on_entered: Generated<boolean>;
  published_on_entered: Generated<boolean>;
  /** A past result brought in from another system: bands and dates, no answers. */
  imported: Generated<boolean>;
  imported_from: string | null;
}

export interface AssessmentAnswersTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  question_id: string;
  answer: string;
  answered_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentEvidenceTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  question_id: string;
  body: string | null;
  source: string | null;
  confidential: Generated<boolean>;
  recorded_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentCommentsTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  author_user_id: string;
  author_org_id: string;
  kind: Generated<'comment' | 'accuracy_confirmed'>;
  domain_id: string | null;
  body: string | null;
  created_at: CreatedAt;
}
