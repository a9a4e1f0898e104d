import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.ts';

/** Tables of the Live Status List: sharing agreements and alerts. Only this capability's repositories query them; others use its interface. */
export interface StatusTables {
  sharing_agreements: SharingAgreementsTable;
  alerts: AlertsTable;
  alert_subscriptions: AlertSubscriptionsTable;
}

export interface SharingAgreementsTable {
  id: Generated<string>;
  council_id: string;
  with_org_id: string;
  live_status: boolean;
  alerts: boolean;
  enter_and_view: boolean;
  /** The quarterly summary's headline figures, for benchmarking (councils only). */
  reports: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
  updated_at: Timestamp;
}

export interface AlertsTable {
  id: Generated<string>;
  recipient_org_id: string;
  council_id: string;
  service_id: string | null;
  provider_id: string | null;
  event: string;
  summary: string;
  created_at: CreatedAt;
  read_at: Date | null;
  read_by: string | null;
}

export interface AlertSubscriptionsTable {
  user_id: string;
  created_at: CreatedAt;
}
