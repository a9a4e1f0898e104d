import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { today } from '../core/clock.ts';
import { changePeriod } from './period.rules.ts';
import { settingsFor, saveSettings } from './settings.repository.ts';
import type { ReturnSettings, ReturnSettingsInput } from './settings.rules.ts';

/**
 * A council's settings for returns: its staff read them; its administrator changes them, one audited write.
 * A change applies to what is worked out from then on: deadlines and late lists at once, flags on returns
 * sent from then on (a return keeps the flags it was sent with), a change of period from the next period
 * (the quarters before keep the old one, and so do the returns sent for them).
 */
export function returnSettingsService(store: Store) {
  return {
    async get(actor: Actor): Promise<ReturnSettings> {
      authorise(actor, 'returns.read');
      if (actor.orgKind !== 'council') throw new Forbidden();
      return store.asUser(actor, (tx) => settingsFor(tx, actor.orgId));
    },

    async save(actor: Actor, input: ReturnSettingsInput): Promise<ReturnSettings> {
      authorise(actor, 'returns.configure');
      if (actor.orgKind !== 'council') throw new Forbidden();
      return store.asUser(actor, async (tx) => {
        const current = await settingsFor(tx, actor.orgId);
        const { period: next, ...rest } = input;
        const { period, periodChange } = changePeriod(current, next ?? current.period, today());
        await saveSettings(tx, actor.orgId, actor.userId, { ...rest, period, periodChange });
        return settingsFor(tx, actor.orgId);
      });
    },
  };
}

export type ReturnSettingsService = ReturnType<typeof returnSettingsService>;
