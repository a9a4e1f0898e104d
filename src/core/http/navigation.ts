import type { Actor } from '../db/database.ts';
import { paths } from './paths.ts';

/**
 * The service navigation by job (issue 15): at most seven top-level items for any role, each the start of a
 * section whose other pages are reached from it and from the home page. A page says which section it is in
 * (`section` in its view model); the item holding that section is marked current.
 */
export interface NavigationItem {
  readonly href: string;
  readonly text: string;
  readonly active: boolean;
}

export const MAX_NAVIGATION_ITEMS = 7;

interface Item {
  readonly href: string;
  readonly text: string;
  /** The pages' sections (their `section`) within this item. */
  readonly sections: readonly string[];
}

const work: Item = { href: paths.work, text: 'Your work', sections: ['work', 'triage'] };
const services: Item = { href: paths.services.list, text: 'Services', sections: ['services', 'providers'] };
const assessments: Item = { href: paths.assessments.list, text: 'Assessments', sections: ['assessments', 'action-plans'] };
const risk: Item = { href: paths.risk.register, text: 'Risk', sections: ['risk', 'escalation'] };
const liveStatus: Item = { href: paths.status.list, text: 'Live status', sections: ['live-status', 'alerts', 'enter-and-view'] };
// The reports capability's start page: the quarterly summary, benchmarking and the dashboards.
const reports: Item = { href: paths.reports.home, text: 'Reports', sections: ['reports', 'dashboards', 'returns'] };
// Market oversight (issue 18): care-home fee bands, market events and provider failure contingency plans.
const market: Item = { href: paths.market, text: 'Market', sections: ['market', 'contingency'] };
const admin: Item = {
  href: paths.admin.home,
  text: 'Administration',
  sections: ['admin', 'users', 'organisations', 'frameworks', 'sharing', 'cqc', 'backup', 'brand', 'risk-matrix', 'sign-in-settings'],
};

/** Each role's items, in the order of its day. */
function itemsFor(actor: Actor): readonly Item[] {
  if (actor.orgKind === 'partner') {
    return [
      { ...liveStatus, sections: ['live-status', 'alerts'] },
      { href: paths.status.enterAndView, text: 'Enter and View', sections: ['enter-and-view'] },
    ];
  }
  if (actor.orgKind === 'provider') {
    return [
      services,
      { ...assessments, sections: ['assessments'] },
      { href: paths.actionPlans.list, text: 'Action plans', sections: ['action-plans'] },
      { href: paths.returns.list, text: 'Quarterly returns', sections: ['returns'] },
      { href: paths.feeBands.list, text: 'Fee bands', sections: ['market'] },
    ];
  }
  switch (actor.role) {
    case 'officer':
    case 'commissioner':
      return [work, services, assessments, risk, liveStatus, reports, market];
    case 'placer':
      // Placing officers find services; the council's reports are for its quality team (reports.read).
      return [liveStatus, services, assessments];
    case 'admin':
      return [admin, services, assessments, risk, liveStatus, reports, market];
    default:
      return [];
  }
}

export function navigationFor(actor: Actor | undefined, section: string | undefined): NavigationItem[] {
  if (!actor) return [];
  return itemsFor(actor).map((i) => ({ href: i.href, text: i.text, active: section !== undefined && i.sections.includes(section) }));
}
