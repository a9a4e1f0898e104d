import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { HomeSource, ServicePanelSource, TimelineEvent, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { ReturnsOverviewService } from './overview.service.ts';
import { periodLabel } from './periods.ts';
import { kindFor, lastDuePeriod, returnNoun } from './period.rules.ts';
import { STATUS_TAGS, trendTable } from './pages.view.ts';
import type { ReturnsService } from './returns.service.ts';

/** The service page's panel: the latest return sent (not drafts), its status and flags, for those who read returns. */
export function returnsPanel(returns: ReturnsService): ServicePanelSource {
  return async (actor, serviceId) => {
    if (!can(actor, 'returns.read')) return undefined;
    const sent = (await returns.listForService(actor, serviceId)).filter((r) => r.status !== 'draft');
    const latest = sent[0];
    return {
      id: 'returns',
      title: 'Quarterly return',
      template: 'returns/views/service-panel.njk',
      model: latest
        ? {
            latest: { period: periodLabel(latest), version: latest.version, tag: STATUS_TAGS[latest.status], flags: latest.flags.map((f) => f.message), href: paths.returns.show(latest.id) },
            trend: trendTable(sent),
          }
        : { latest: undefined },
    };
  };
}

/** The council's officers and commissioners: returns waiting for a decision, and late ones, for its period most recently ended. */
export function returnsCouncilHome(overview: ReturnsOverviewService): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'council' || !can(actor, 'returns.review')) return [];
    const setting = await overview.periodSetting(actor);
    const period = lastDuePeriod(setting, today());
    const items = await overview.forCouncil(actor, period, today());
    const kind = kindFor(setting, period);
    const label = periodLabel({ ...period, kind });
    const noun = returnNoun(kind).toLowerCase();
    return [
      { group: 'Your work', text: `${returnNoun(kind)} returns for ${label} to review`, count: items.filter((i) => i.status === 'submitted').length, href: paths.returns.list },
      { group: 'Your work', text: `Late ${noun} returns for ${label}`, count: items.filter((i) => i.status === 'late').length, href: paths.returns.list, urgent: true },
    ];
  };
}

/**
 * The service timeline (the council's staff): each return sent, with its flagged figures as intelligence for
 * a person to weigh, and the return for the council's period most recently ended when it is late (once the
 * council collects returns that period: at least one has come in).
 */
export function returnsTimeline(returns: ReturnsService, overview: ReturnsOverviewService): TimelineSource {
  return async (actor, serviceId) => {
    if (actor.orgKind !== 'council' || !can(actor, 'returns.read')) return [];
    const all = await returns.listForService(actor, serviceId);
    const events: TimelineEvent[] = all
      .filter((r) => r.submitted)
      .map((r) => ({
        occurredOn: r.submitted!.at.toISOString().slice(0, 10),
        kind: 'return',
        source: r.flags.length ? 'flagged' : 'received',
        sourceLabel: r.flags.length ? 'Flagged figures' : 'Received',
        summary: `${returnNoun(r.kind)} return for ${periodLabel(r)} received${r.version > 1 ? ` (version ${r.version})` : ''}${r.flags.length ? `: ${r.flags.map((f) => f.message).join('; ')}` : ''}`,
        href: paths.returns.show(r.id),
        recordId: r.id,
      }));
    const late = await overview.lateForService(actor, serviceId, today());
    if (late) {
      events.push({ occurredOn: late.dueOn, kind: 'return', source: 'late', sourceLabel: 'Late', summary: `${returnNoun(late.kind)} return not submitted for ${periodLabel(late)}`, recordId: `${serviceId}:${late.year}-${late.quarter}` });
    }
    return events;
  };
}
