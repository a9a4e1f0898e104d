import { deadline, type Period } from './periods.ts';

/**
 * Which reminder a quarter's return calls for on a day: one in the week before its deadline, one once it is
 * overdue, none otherwise. Pure: "today" is a parameter.
 */
export type ReminderKind = 'week_before' | 'overdue';

export function reminderDue(period: Period, today: string): ReminderKind | undefined {
  const due = deadline(period);
  if (today > due) return 'overdue';
  const weekBefore = new Date(`${due}T12:00:00Z`);
  weekBefore.setUTCDate(weekBefore.getUTCDate() - 7);
  return today >= weekBefore.toISOString().slice(0, 10) ? 'week_before' : undefined;
}
