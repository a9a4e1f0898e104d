import { repeatWhileListening } from '../core/http/repeat.ts';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions } from '../core/http/extensions.ts';
import { fillRoutes } from './fill.routes.ts';
import { remindersRoutes } from './reminders.routes.ts';
import { returnsHome } from './home.ts';
import { returnsCouncilHome, returnsPanel, returnsTimeline } from './returns.extensions.ts';
import { returnsRoutes } from './returns.routes.ts';
import { returnsOverviewService } from './overview.service.ts';
import { returnsApi } from './returns.api.ts';
import { remindersService } from './reminders.service.ts';
import { returnsService } from './returns.service.ts';
import { today } from '../core/clock.ts';
import { uploadRoutes } from './upload.routes.ts';
import { uploadService } from './upload.ts';
import { returnSettingsService } from './settings.service.ts';
import { settingsRoutes } from './settings.routes.ts';
import { templatesService } from './templates.service.ts';
import { templatesRoutes } from './templates.routes.ts';

/** The returns capability as the composition root sees it: its services and what it adds to others' pages. */
export function returnsServices(store: Store, options: { readonly publicBaseUrl: string }) {
  const returns = returnsService(store);
  const returnsOverview = returnsOverviewService(store);
  // The provider's home lists what each service owes; the council's what waits for it; the service page the latest return.
  const extensions: Partial<ServiceExtensions> = { home: [returnsHome(returnsOverview), returnsCouncilHome(returnsOverview)], panels: [returnsPanel(returns)], timeline: [returnsTimeline(returns, returnsOverview)] };
  return { returns, returnsOverview, returnsUpload: uploadService(store), returnSettings: returnSettingsService(store), returnTemplates: templatesService(store), returnsReminders: remindersService(store, options), returnsExtensions: extensions };
}

export type ReturnsServices = ReturnType<typeof returnsServices>;

export function registerReturns(app: FastifyInstance, services: ReturnsServices) {
  returnsApi(app, services.returns, services.returnsOverview);
  returnsRoutes(app, services.returns, services.returnsOverview, (actor) => services.returnsReminders.isSubscribed(actor));
  fillRoutes(app, services.returns);
  uploadRoutes(app, services.returnsUpload, services.returns, services.returnsOverview);
  remindersRoutes(app, services.returnsReminders);
  settingsRoutes(app, services.returnSettings);
  templatesRoutes(app, services.returnTemplates);
  scheduleReminders(app, services.returnsReminders);
}

const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/** Queues the reminders due, when the server starts listening and every hour after (none is sent twice). */
function scheduleReminders(app: FastifyInstance, reminders: ReturnsServices['returnsReminders']) {
  repeatWhileListening(app, { everyMs: REMINDER_INTERVAL_MS, name: 'return reminders' }, () => reminders.send(today()));
}
