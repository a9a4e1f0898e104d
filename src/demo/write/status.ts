import { sql } from 'kysely';
import type { Tx } from '../../core/db/database.ts';
import { addDays, type Window } from '../history/calendar.ts';
import { insertRows } from './bulk.ts';

/**
 * Sharing between the demo's councils and with Healthwatch, and the dates of the alerts the database's
 * triggers wrote while the history loaded: each alert takes the day of the event it is about, and alerts
 * older than three weeks have been read.
 */

export interface Agreement {
  readonly id: string;
  readonly councilId: string;
  readonly withOrgId: string;
  readonly liveStatus: boolean;
  readonly alerts: boolean;
  readonly enterAndView: boolean;
  readonly createdBy: string;
}

/** Agreements made before the history starts, so every alert of the five years reached the partners too. */
export async function writeSharing(tx: Tx, agreements: readonly Agreement[], window: Window): Promise<void> {
  await insertRows<Agreement>(tx, 'sharing_agreements', [
    { name: 'id', type: 'uuid', value: (a) => a.id },
    { name: 'council_id', type: 'uuid', value: (a) => a.councilId },
    { name: 'with_org_id', type: 'uuid', value: (a) => a.withOrgId },
    { name: 'live_status', type: 'bool', value: (a) => a.liveStatus },
    { name: 'alerts', type: 'bool', value: (a) => a.alerts },
    { name: 'enter_and_view', type: 'bool', value: (a) => a.enterAndView },
    { name: 'created_by', type: 'uuid', value: (a) => a.createdBy },
    { name: 'created_at', type: 'timestamptz', value: () => `${addDays(window.start, -90)}T10:00:00Z` },
    { name: 'updated_at', type: 'timestamptz', value: () => `${addDays(window.start, -90)}T10:00:00Z` },
  ], agreements);
}

/**
 * Every alert written in this transaction (created_at is the transaction's start) gets the day of its event:
 * suspensions and concerns cases by the day their summary names, safeguarding enquiries by the entry.
 */
export async function dateAlerts(tx: Tx, window: Window): Promise<void> {
  const readAfter = addDays(window.today, -21);
  const stamp = sql`(e.occurred_on + time '12:05')::timestamp at time zone 'UTC'`;
  const read = sql`case when e.occurred_on < ${readAfter}::date then (e.occurred_on + 2 + time '09:30')::timestamp at time zone 'UTC' end`;
  const reader = sql`case when e.occurred_on < ${readAfter}::date then (select u.id from users u where u.org_id = a.recipient_org_id
      and u.role in ('officer', 'commissioner', 'admin', 'partner', 'placer') order by u.role = 'officer' desc, u.email limit 1) end`;
  await sql`update alerts a set created_at = ${stamp}, read_at = ${read}, read_by = ${reader}
    from (select s.service_id, ev.occurred_on, 'suspension_' || ev.kind as event from suspension_events ev join suspensions s on s.id = ev.suspension_id
          where ev.kind <> 'review_date_changed') e
    where a.created_at = now() and a.service_id = e.service_id and a.event = e.event
      and position(uk_day(e.occurred_on) in a.summary) > 0`.execute(tx);
  await sql`update alerts a set created_at = ${stamp}, read_at = ${read}, read_by = ${reader}
    from (select c.service_id, c.provider_id, ev.occurred_on, case ev.kind when 'opened' then 'concerns_opened' else 'concerns_escalated' end as event
          from concerns_case_events ev join concerns_cases c on c.id = ev.case_id where ev.kind in ('opened', 'escalated')) e
    where a.created_at = now() and a.event = e.event and a.service_id is not distinct from e.service_id and a.provider_id is not distinct from e.provider_id
      and position(uk_day(e.occurred_on) in a.summary) > 0`.execute(tx);
  await sql`update alerts a set created_at = ${stamp}, read_at = ${read}, read_by = ${reader}
    from (select i.service_id, i.received_on as occurred_on from intelligence i where i.section42_status = 'open') e
    where a.created_at = now() and a.event = 'safeguarding_enquiry_started' and a.service_id = e.service_id`.execute(tx);
}
