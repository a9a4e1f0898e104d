import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { settingsApiSchema, settingsFormSchema } from './settings.schemas.ts';
import type { ReturnSettingsService } from './settings.service.ts';
import type { ReturnSettings } from './settings.rules.ts';
import { returnNoun } from './period.rules.ts';
import { periodLabel } from './periods.ts';

/** "Quarterly returns until Q3 2026/27; annual returns from Q4 2026/27." when a change of period waits or applies. */
function changeText(s: ReturnSettings): string | undefined {
  const c = s.periodChange;
  if (!c) return undefined;
  const from = c.from.quarter === 1 ? { year: c.from.year - 1, quarter: 4 } : { year: c.from.year, quarter: c.from.quarter - 1 };
  return `${returnNoun(c.previous)} returns up to the quarter ending ${periodLabel(from)}; ${returnNoun(s.period).toLowerCase()} returns from ${periodLabel(c.from)} on.`;
}

const asForm = (s: ReturnSettings) => ({
  period: s.period,
  deadlineMonths: String(s.deadlineMonths),
  agencyHoursAbove: String(s.agencyHoursAbove),
  trainingMandatoryBelow: String(s.trainingMandatoryBelow),
  flagNoRegisteredManager: s.flagNoRegisteredManager ? 'yes' : 'no',
});

/** The council's settings for returns: a page (its administrator changes them; its staff read them) and the API. */
export function settingsRoutes(app: FastifyInstance, settings: ReturnSettingsService) {
  const route = router(app);

  async function render(reply: FastifyReply, actor: Actor, extra: { values?: Record<string, unknown>; errors?: FormErrors; saved?: boolean } = {}) {
    const current = await settings.get(actor);
    const values = extra.values ?? asForm(current);
    return reply.code(extra.errors ? 400 : 200).render('returns/views/settings.njk', {
      title: 'Settings for returns',
      periodChange: changeText(current),
      periodText: returnNoun(current.period),
      backLink: paths.returns.list,
      values,
      canChange: can(actor, 'returns.configure'),
      saved: extra.saved,
      errors: extra.errors,
    });
  }

  route.get(paths.returns.settings, { access: 'returns.read' }, ({ actor, request, reply }) => render(reply, actor, { saved: (request.query as { saved?: string }).saved === '1' }));

  route.post(
    paths.returns.settings,
    { access: 'returns.configure', body: settingsFormSchema, invalid: ({ actor, values, reply }, errors) => render(reply, actor, { values, errors }) },
    async ({ actor, body, reply }) => {
      await settings.save(actor, body);
      return reply.redirect(`${paths.returns.settings}?saved=1`, 303);
    },
  );

  route.get(paths.api.returnSettings, { access: 'returns.read' }, async ({ actor }) => settings.get(actor));
  route.put(paths.api.returnSettings, { access: 'returns.configure', body: settingsApiSchema }, async ({ actor, body }) => settings.save(actor, body));
}
