import { can } from '../core/auth/permissions.ts';
import type { Router } from '../core/http/route.ts';
import { paths } from '../core/http/paths.ts';
import { suspensionView } from './escalation.pages.ts';
import type { EscalationService } from './escalation.service.ts';

/** The group view: suspensions across a provider group's services, and its group-wide concerns cases. */
export function groupRoutes(route: Router, escalation: EscalationService) {
  route.get(paths.escalation.groupSuspensions(':id'), { access: 'escalation.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const group = await escalation.groupSuspensions(actor, ids.id);
    const views = group.suspensions.map((s) => suspensionView(s));
    return reply.render('escalation/views/group.njk', {
      reviewsOverdue: views.filter((s) => s.reviewOverdue).length,
      title: `Suspensions across ${group.provider.name}`,
      section: 'providers',
      provider: group.provider,
      providerHref: paths.providers.show(group.provider.id),
      active: views.filter((s) => s.status === 'active'),
      lifted: views.filter((s) => s.status === 'lifted'),
      cases: group.cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      openGroupCaseHref: can(actor, 'escalation.decide') && !group.cases.some((c) => c.status === 'open') ? paths.escalation.openGroupCase(group.provider.id) : undefined,
    });
  });
}
