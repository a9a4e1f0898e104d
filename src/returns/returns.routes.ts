import type ExcelJS from 'exceljs';
import { lazyRequire } from '../core/lazy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { sendCsv } from '../core/http/lists.ts';
import type { PeriodItem, ReturnsOverviewService } from './overview.service.ts';
import { periodLabel, type Period } from './periods.ts';
import { endsPeriod, kindFor, lastDuePeriod, notDueMessage, recentDuePeriods, returnNoun, type PeriodSetting } from './period.rules.ts';
import { itemView, returnHeading, STATUS_TAGS, summarySections } from './pages.view.ts';
import type { ReturnsService } from './returns.service.ts';
import { periodQuerySchema, queryReturnSchema } from './returns.schemas.ts';

// loaded the first time a workbook is read or written, not when the app starts (core/lazy.ts)
const excel = lazyRequire<typeof ExcelJS>('exceljs');

const COUNTED = ['submitted', 'queried', 'accepted', 'late', 'missing'] as const;

function chosenPeriod(setting: PeriodSetting, query: { year?: number | undefined; quarter?: number | undefined }): Period {
  return query.year !== undefined && query.quarter !== undefined ? { year: query.year, quarter: query.quarter } : lastDuePeriod(setting, today());
}

const labelOf = (setting: PeriodSetting, p: Period) => periodLabel({ ...p, kind: kindFor(setting, p) });

/** The council's last eight ended periods, for the period picker. */
function periodChoices(setting: PeriodSetting, chosen: Period) {
  return recentDuePeriods(setting, today(), 8).map((p) => ({ value: `${p.year}-${p.quarter}`, text: labelOf(setting, p), selected: p.year === chosen.year && p.quarter === chosen.quarter }));
}

function csvRows(items: readonly PeriodItem[]) {
  return items.map((i) => [i.serviceName, i.providerName, itemView(i).category, periodLabel(i), i.dueOn, STATUS_TAGS[i.status].text, i.latest?.submitted?.at.toISOString().slice(0, 10) ?? '', i.flags.map((f) => f.message).join('; ')]);
}

/** The list of returns (a provider's own, or the council's overview of a period), a return's page and the council's decisions. */
export function returnsRoutes(app: FastifyInstance, returns: ReturnsService, overview: ReturnsOverviewService, isSubscribed: (actor: Actor) => Promise<boolean>) {
  const route = router(app);

  route.get(paths.returns.list, { access: 'returns.read', query: periodQuerySchema }, async ({ actor, query, request, reply }) => {
    if (actor.orgKind === 'provider') {
      const items = (await overview.forProvider(actor, today())).map(itemView);
      const { saved, reminders: changed } = request.query as { saved?: string; reminders?: string };
      const remind = await isSubscribed(actor);
      return reply.render('returns/views/provider-list.njk', { title: 'Returns', items, saved: !!saved, changed, remind, period: items[0]?.period });
    }
    // `?period=2026-2` from the picker (a GET form that works without JavaScript), or year and quarter.
    const picked = /^(\d{4})-([1-4])$/.exec((request.query as { period?: string }).period ?? '');
    const setting = await overview.periodSetting(actor);
    const period = picked ? { year: Number(picked[1]), quarter: Number(picked[2]) } : chosenPeriod(setting, query);
    const items = (await overview.forCouncil(actor, period, today())).map(itemView);
    const counts = COUNTED.map((status) => ({ status, text: STATUS_TAGS[status].text, count: items.filter((i) => i.status === status).length }));
    return reply.render('returns/views/overview.njk', {
      title: `${returnNoun(kindFor(setting, period))} returns, ${labelOf(setting, period)}`,
      heading: `${returnNoun(kindFor(setting, period))} returns, ${labelOf(setting, period)}`,
      notDue: endsPeriod(setting, period) ? undefined : `${notDueMessage(setting, period)}. ${periodLabel(period)} ends no period, so no return is due for it.`,
      notCommissioned: await overview.notCommissioned(actor),
      periodItems: periodChoices(setting, period),
      counts,
      flaggedCount: items.filter((i) => i.flags.length).length,
      items,
      csvHref: withQuery(paths.returns.csv, { year: period.year, quarter: period.quarter }),
      xlsxHref: withQuery(paths.returns.xlsx, { year: period.year, quarter: period.quarter }),
    });
  });

  const HEADER = ['Service', 'Provider', 'Category', 'Quarter', 'Due', 'Status', 'Submitted on', 'Flags'];
  route.get(paths.returns.csv, { access: 'returns.read', query: periodQuerySchema }, async ({ actor, query, reply }) => {
    const period = chosenPeriod(await overview.periodSetting(actor), query);
    const items = await overview.forCouncil(actor, period, today());
    return sendCsv(reply, `returns-${period.year}-q${period.quarter}.csv`, HEADER, csvRows(items));
  });

  route.get(paths.returns.xlsx, { access: 'returns.read', query: periodQuerySchema }, async ({ actor, query, reply }) => {
    const setting = await overview.periodSetting(actor);
    const period = chosenPeriod(setting, query);
    const items = await overview.forCouncil(actor, period, today());
    const workbook = new (excel().Workbook)();
    const sheet = workbook.addWorksheet(`Returns ${labelOf(setting, period).replace('/', '-')}`);
    sheet.addRow(HEADER).font = { bold: true };
    for (const row of csvRows(items)) sheet.addRow(row);
    sheet.columns.forEach((column) => (column.width = 24));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="returns-${period.year}-q${period.quarter}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(await workbook.xlsx.writeBuffer()));
  });

  async function renderReturn(reply: FastifyReply, actor: Actor, id: string, extra: { sent?: boolean; decided?: string; values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const { ret, template } = await returns.get(actor, id);
    const versions = await returns.listForService(actor, ret.serviceId);
    const sameperiod = versions.filter((v) => v.year === ret.year && v.quarter === ret.quarter);
    const newest = sameperiod[0]?.id === ret.id;
    return reply.code(extra.errors ? 400 : 200).render('returns/views/return.njk', {
      title: returnHeading(ret),
      heading: returnHeading(ret),
      backLink: paths.returns.list,
      ret: {
        id: ret.id,
        version: ret.version,
        tag: STATUS_TAGS[ret.status],
        status: ret.status,
        dueOn: ret.dueOn,
        submitted: ret.submitted,
        query: ret.query,
        accepted: ret.accepted,
        flags: ret.flags.map((f) => f.message),
        serviceHref: paths.services.show(ret.serviceId),
        serviceName: ret.serviceName,
      },
      sections: summarySections(template, ret, false),
      versions: sameperiod.map((v) => ({ version: v.version, href: paths.returns.show(v.id), tag: STATUS_TAGS[v.status], current: v.id === ret.id })),
      canDecide: can(actor, 'returns.review') && ret.status === 'submitted',
      canContinue: can(actor, 'returns.submit') && ret.status === 'draft',
      canAmend: can(actor, 'returns.submit') && ret.status === 'queried' && newest,
      continueHref: paths.returns.section(ret.id, 1),
      startAction: paths.returns.start(ret.serviceId),
      queryAction: paths.returns.query(ret.id),
      acceptAction: paths.returns.accept(ret.id),
      period: { year: ret.year, quarter: ret.quarter },
      sent: extra.sent,
      decided: extra.decided,
      values: extra.values ?? {},
      errors: extra.errors,
    });
  }

  route.get(paths.returns.show(':id'), { access: 'returns.read', ids: ['id'] }, ({ actor, ids, request, reply }) => {
    const q = request.query as { sent?: string; decided?: string };
    return renderReturn(reply, actor, ids.id, { sent: q.sent === '1', ...(q.decided ? { decided: q.decided } : {}) });
  });

  route.post(
    paths.returns.query(':id'),
    { access: 'returns.review', ids: ['id'], body: queryReturnSchema, invalid: ({ actor, ids, values, reply }, errors) => renderReturn(reply, actor, ids.id, { values, errors }) },
    async ({ actor, ids, body, reply }) => {
      await returns.query(actor, ids.id, body.message);
      return reply.redirect(withQuery(paths.returns.show(ids.id), { decided: 'queried' }), 303);
    },
  );

  route.post(paths.returns.accept(':id'), { access: 'returns.review', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await returns.accept(actor, ids.id);
    return reply.redirect(withQuery(paths.returns.show(ids.id), { decided: 'accepted' }), 303);
  });
}
