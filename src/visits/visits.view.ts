import { paths } from '../core/http/paths.ts';
import type { Visit } from './visit.model.ts';
import type { VisitState } from './visit.rules.ts';

/** View models of the visit pages: templates get words, links and flags. */

const STATE_TAGS: Record<VisitState, string> = {
  done: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
  overdue: 'govuk-tag--red',
  due_soon: 'govuk-tag--orange',
  planned: 'govuk-tag--blue',
  to_arrange: 'govuk-tag--yellow',
};

export function visitView(v: Visit) {
  return {
    ...v,
    tag: { text: v.stateLabel, classes: STATE_TAGS[v.state] },
    href: paths.visits.show(v.id),
    serviceHref: paths.services.show(v.serviceId),
    recordHref: paths.visits.record(v.id),
    rearrangeHref: paths.visits.rearrange(v.id),
    cancelHref: paths.visits.cancel(v.id),
    assessmentHref: v.assessmentId ? paths.assessments.show(v.assessmentId) : null,
    actionPlanHref: v.actionPlanId ? paths.actionPlans.show(v.actionPlanId) : null,
    open: v.state !== 'done' && v.state !== 'cancelled',
  };
}
