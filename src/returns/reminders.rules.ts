
/**
 * Which reminder a quarter's return calls for on a day: one in the week before its deadline, one once it is
 * overdue, none otherwise. Pure: "today" is a parameter.
 */
export type ReminderKind = 'week_before' | 'overdue';

/** `due`: the return's deadline (its council's setting), yyyy-mm-dd. */
export function reminderDue(due: string, today: string): ReminderKind | undefined {
  if (today > due) return 'overdue';
  const weekBefore = new Date(`${due}T12:00:00Z`);
  weekBefore.setUTCDate(weekBefore.getUTCDate() - 7);
  return today >= weekBefore.toISOString().slice(0, 10) ? 'week_before' : undefined;
}
