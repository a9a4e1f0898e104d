import type { HomeSource, HomeTask } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { PlansAndVisitsDueService } from './due.service.ts';

/**
 * Action plans' and visits' lines on an officer's (or commissioner's) home page: what is theirs and due, as
 * the plans-and-visits list counts it (visits they make, plans they drafted, on services they lead).
 */
export function actionPlansHome(due: PlansAndVisitsDueService): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'council' || (actor.role !== 'officer' && actor.role !== 'commissioner')) return [];
    const { items } = await due.due(actor, 'mine');
    const count = (kinds: readonly string[], states?: readonly string[]) => items.filter((i) => kinds.includes(i.kind) && (!states || states.includes(i.state))).length;
    const tasks: HomeTask[] = [
      { group: 'Your work', text: 'Visits overdue', count: count(['visit'], ['overdue']), href: paths.actionPlans.due, urgent: true },
      { group: 'Your work', text: 'Visits due soon or to arrange', count: count(['visit'], ['due_soon', 'to_do']), href: paths.actionPlans.due },
      { group: 'Your work', text: 'Action plan updates to verify', count: count(['update']), href: paths.actionPlans.due },
      { group: 'Your work', text: 'Action plans to draft or share', count: count(['assessment', 'plan'], ['overdue', 'due_soon', 'to_do']), href: paths.actionPlans.due },
      { group: 'Your work', text: 'Actions overdue', count: count(['action'], ['overdue']), href: paths.actionPlans.due, urgent: true },
    ];
    return tasks;
  };
}
