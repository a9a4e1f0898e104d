import type { FastifyInstance } from 'fastify';
import type { WorkListSection, WorkListSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { AREA_LABELS } from './matrix.ts';
import { formatPrr } from './prr.ts';
import { DUE_TAGS, bandTag, dueView } from './risk.view.ts';
import type { WorkListServiceApi } from './work-list.service.ts';

/** The officer's work list: risk's own section, then what other capabilities add (`workList`). */
export function workListRoutes(app: FastifyInstance, work: WorkListServiceApi, workList: readonly WorkListSource[] = []) {
  const route = router(app);

  route.get(paths.work, { access: 'risk.reports' }, async ({ actor, reply }) => {
    const list = await work.workList(actor);
    const sections = (await Promise.all(workList.map((source) => source(actor)))).filter((s): s is WorkListSection => s !== undefined);
    return reply.render('risk/views/work.njk', {
      title: 'Your work list',
      section: 'work',
      work: list,
      items: list.items.map((i) => ({
        serviceName: i.serviceName,
        providerName: i.providerName,
        categoryLabel: i.categoryLabel,
        href: paths.risk.service(i.serviceId),
        rateHref: paths.risk.rate(i.serviceId),
        prr: i.latest ? formatPrr(i.latest.prr) : null,
        tag: bandTag(i.latest?.band ?? null),
        due: i.schedule
          ? [
              dueView('Full assessment', i.schedule.fullAssessment, 'Within the concerns procedure'),
              dueView('Self-assessment', i.schedule.selfAssessment, 'Not required'),
              dueView('Monitoring meeting', i.schedule.monitoringMeeting, 'None set'),
              dueView('Contact', i.schedule.contact, 'Open lines'),
            ]
          : [],
        rerate: i.changes.map((c) => `${AREA_LABELS[c.area]}: now proposed ${c.now}`),
      })),
      dueTags: DUE_TAGS,
      sections,
    });
  });
}
