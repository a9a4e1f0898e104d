import type { Actor } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { Forbidden } from '../errors.ts';

/**
 * What each role may do. Row-level security in the database confines each role to its organisation's
 * records; these permissions decide which pages and actions a role is offered at all.
 */
const grants = {
  'register.read': ['admin', 'commissioner', 'officer', 'placer', 'provider'],
  'register.write': ['admin', 'commissioner', 'officer'],
  'audit.read': ['admin', 'commissioner', 'officer'],
  'accounts.manage': ['admin'],
  'intelligence.read': ['admin', 'commissioner', 'officer'],
  'intelligence.write': ['admin', 'commissioner', 'officer'],
  'concerns.triage': ['admin', 'commissioner', 'officer'],
  'timeline.read': ['admin', 'commissioner', 'officer', 'placer'],
  'assessments.read': ['admin', 'commissioner', 'officer', 'placer', 'provider'],
  'assessments.conduct': ['admin', 'commissioner', 'officer'],
  'assessments.publish': ['admin', 'commissioner'],
  'assessments.self': ['provider'],
  // Past results come in already published, so only those who may publish bring them in.
  'assessments.import': ['admin', 'commissioner'],
  'frameworks.manage': ['admin'],
  'risk.read': ['admin', 'commissioner', 'officer', 'placer'],
  'risk.rate': ['commissioner', 'officer'],
  'risk.approve': ['commissioner'],
  'risk.reports': ['admin', 'commissioner', 'officer'],
  'risk.matrix': ['admin'],
  // Action plans: the council's assessors draft, share and verify; the provider agrees and reports progress.
  'actions.read': ['admin', 'commissioner', 'officer', 'provider'],
  'actions.manage': ['admin', 'commissioner', 'officer'],
  'actions.respond': ['provider'],
  // Visits are the council's own record: never shown to providers (an unannounced visit stays unannounced).
  'visits.read': ['admin', 'commissioner', 'officer'],
  'visits.write': ['admin', 'commissioner', 'officer'],
  // CQC data is public: anyone signed in sees a visible service's ratings; imports and the council report are narrower.
  'cqc.import': ['admin'],
  'cqc.report': ['admin', 'commissioner', 'officer'],
  // Escalation: commissioners decide (cases, suspensions, contractual processes); officers minute meetings and actions.
  'escalation.read': ['admin', 'commissioner', 'officer'],
  'escalation.decide': ['commissioner'],
  'escalation.record': ['commissioner', 'officer'],
  // Live status: the council's staff, and other councils' staff and partners the council shares it with.
  'status.read': ['admin', 'commissioner', 'officer', 'placer', 'partner'],
  'status.enterAndView': ['admin', 'commissioner', 'officer', 'partner'],
  'status.share': ['admin'],
  'alerts.read': ['admin', 'commissioner', 'officer', 'placer', 'partner'],
  // A backup holds every record of the council, its users' password hashes and its audit trail.
  'backup.export': ['admin'],
  // Reports: the quarterly summary and its exempt appendix are the council's; its lead team writes the commentary.
  'reports.read': ['admin', 'commissioner', 'officer'],
  'reports.exempt': ['admin', 'commissioner', 'officer'],
  'reports.comment': ['commissioner'],
  // Dashboards count the council's escalation records and officers' work: the roles that see those records.
  'dashboards.read': ['admin', 'commissioner', 'officer'],
  'dashboards.settings': ['admin', 'commissioner'],
  // Quarterly returns: the provider of a service sends them; the council's officers and commissioners query or accept.
  'returns.read': ['admin', 'commissioner', 'officer', 'provider'],
  'returns.submit': ['provider'],
  'returns.review': ['commissioner', 'officer'],
  // Fee bands (issue 18): the council's quality team reads the schedule, commissioners set it; a provider sees its own homes' approved bands.
  'feeBands.read': ['admin', 'commissioner', 'officer', 'provider'],
  'feeBands.manage': ['commissioner'],
  // A council's administrator sets its returns' deadline and thresholds and edits its templates.
  'returns.configure': ['admin'],
  'market.read': ['admin', 'commissioner', 'officer'],
  'market.write': ['commissioner', 'officer'],
  'assurance.submit': ['provider'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;

export function can(actor: Actor | undefined | null, permission: Permission): boolean {
  return !!actor && (grants[permission] as readonly Role[]).includes(actor.role);
}

export function authorise(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new Forbidden();
}

export const ROLES: readonly Role[] = ['admin', 'commissioner', 'officer', 'placer', 'provider', 'partner'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  commissioner: 'Commissioner or manager',
  officer: 'Quality officer',
  placer: 'Placing officer',
  provider: 'Provider user',
  partner: 'Partner',
};

/** Which kind of organisation each role belongs to. */
export const ROLE_ORG_KIND: Record<Role, 'council' | 'provider' | 'partner'> = {
  admin: 'council',
  commissioner: 'council',
  officer: 'council',
  placer: 'council',
  provider: 'provider',
  partner: 'partner',
};

/**
 * The council whose records the actor works in, when the actor is a council's staff. Lists name it so that
 * the council's indexes find its rows: row-level security would show the same rows, but only after checking
 * every row in the database against the policy.
 */
export function councilOf(actor: Actor): string | undefined {
  return actor.orgKind === 'council' ? actor.orgId : undefined;
}
