import { z } from 'zod';
import { authorise } from '../../core/auth/permissions.ts';
import { now, today } from '../../core/clock.ts';
import type { Actor, Store } from '../../core/db/database.ts';
import { enqueueEmail } from '../../core/email/outbox.ts';
import { Conflict, Invalid, NotFound } from '../../core/errors.ts';
import { asList, optionalText, parse, requiredText, uuid } from '../../core/forms.ts';
import { isUuid } from '../../core/ids.ts';
import * as intelligenceRepo from '../intelligence.repository.ts';
import { THEME_KEYS, type IntelligenceInput } from '../intelligence.rules.ts';
import type { IntelligenceService } from '../intelligence.service.ts';
import * as repo from './concerns.repository.ts';
import {
  confirmationEmail,
  formatReference,
  intelligenceDetail,
  intelligenceSummary,
  MESSAGES,
  statusAfterLink,
  triageActions,
  validateReport,
  type Consent,
  type ReportStatus,
  type Route,
  type RoutedTo,
} from './concern.rules.ts';

/** One public report as triage sees it. Personal details are here: only triage roles ever get one. */
export interface ConcernReport {
  readonly id: string;
  readonly reference: string;
  readonly route: Route;
  readonly service: { readonly id: string; readonly name: string } | null;
  readonly serviceNameGiven: string | null;
  readonly whatHappened: string;
  readonly happenedWhen: string | null;
  readonly person: { readonly name: string | null; readonly address: string | null; readonly consent: Consent | null };
  readonly reporter: { readonly name: string | null; readonly email: string | null; readonly phone: string | null; readonly relationship: string | null };
  readonly status: ReportStatus;
  readonly routedTo: RoutedTo | null;
  readonly triageNotes: string | null;
  readonly triagedAt: Date | null;
  readonly triagedBy: string | null;
  readonly submittedAt: Date;
  readonly linked: { readonly intelligenceId: string; readonly serviceId: string; readonly serviceName: string | null } | null;
}

function toReport(row: repo.ReportRow): ConcernReport {
  return {
    id: row.id,
    reference: row.reference,
    route: row.route,
    service: row.service_id ? { id: row.service_id, name: row.service_display_name ?? 'A service of this council' } : null,
    serviceNameGiven: row.service_name,
    whatHappened: row.what_happened,
    happenedWhen: row.happened_when,
    person: { name: row.person_name, address: row.person_address, consent: row.consent },
    reporter: { name: row.reporter_name, email: row.reporter_email, phone: row.reporter_phone, relationship: row.reporter_relationship },
    status: row.status,
    routedTo: row.routed_to,
    triageNotes: row.triage_notes,
    triagedAt: row.triaged_at,
    triagedBy: row.triaged_by_name,
    submittedAt: row.submitted_at,
    linked: row.intelligence_id && row.linked_service_id ? { intelligenceId: row.intelligence_id, serviceId: row.linked_service_id, serviceName: row.linked_service_name } : null,
  };
}

const TRIAGE_MESSAGES = {
  service: 'Select the service the report is about',
  routedTo: 'Select where the report was sent',
  routeNote: 'Enter a note about where the report was sent and why',
  closeNote: 'Enter why the report is being closed',
  notNew: 'This report has already been dealt with. Reload the page to see what happened.',
} as const;

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

export const linkSchema = z.object({
  serviceId: uuid(TRIAGE_MESSAGES.service),
  themes: z.preprocess(asList, z.array(z.enum(THEME_KEYS, { error: 'Select themes from the list' }))),
  severity: z.preprocess(blank, z.enum(['red', 'amber', 'green'], { error: 'Select red, amber or green' }).optional()),
  linkNote: optionalText('Note', 5000),
});

export const routeOnwardSchema = z.object({
  routedTo: z.enum(['safeguarding', 'adult_social_care'], { error: TRIAGE_MESSAGES.routedTo }),
  routeNote: requiredText(TRIAGE_MESSAGES.routeNote, 5000),
});

export const closeSchema = z.object({ closeNote: requiredText(TRIAGE_MESSAGES.closeNote, 5000) });

const PAGE_SIZE = 25;

export function concernsService(store: Store, intelligence: IntelligenceService) {
  async function loadReport(actor: Actor, id: string) {
    return store.asUser(actor, async (tx) => {
      const row = await repo.findReport(tx, id);
      if (!row) throw new NotFound('Report');
      return toReport(row);
    });
  }

  return {
    /** The public form's council list: names only. */
    councils: () => store.asSystem((tx) => repo.publicCouncils(tx)),

    /** The public form's service finder: names and places, which are public facts. */
    async findServices(text: string) {
      const query = text.trim().slice(0, 100);
      if (query.length < 2) return [];
      return store.asSystem((tx) => repo.publicServiceSearch(tx, query));
    },

    publicService: (id: string) => (isUuid(id) ? store.asSystem((tx) => repo.publicService(tx, id)) : Promise.resolve(undefined)),

    /**
     * A member of the public's report. There is no signed-in user, so this runs as the system with
     * explicit checks: the service or council must exist, and the reference comes from the database.
     * The confirmation email joins the outbox in the same transaction.
     */
    async submit(body: Record<string, unknown>): Promise<{ reference: string; councilName: string }> {
      const input = validateReport(body);
      const aboutService = input.route === 'care_service';
      return store.asSystem(async (tx) => {
        const service = aboutService && input.serviceId ? await repo.publicService(tx, input.serviceId) : undefined;
        if (aboutService && input.serviceId && !service) throw new Invalid([{ path: 'serviceName', message: MESSAGES.service }]);
        const council = service ? { id: service.council_id, name: service.council_name } : input.councilId ? await repo.publicCouncil(tx, input.councilId) : undefined;
        if (!council) throw new Invalid([{ path: 'councilId', message: MESSAGES.council }]);
        // One clock for the reference's year and the time received, so they always agree.
        const submittedAt = now();
        const year = Number(today(submittedAt).slice(0, 4));
        const reference = formatReference(year, await repo.nextReferenceNumber(tx, year));
        await repo.insertReport(tx, {
          reference,
          submitted_at: submittedAt,
          council_id: council.id,
          route: input.route,
          service_id: service?.id ?? null,
          service_name: aboutService && !service ? (input.serviceName ?? null) : null,
          what_happened: input.whatHappened,
          happened_when: input.happenedWhen ?? null,
          person_name: input.personName ?? null,
          person_address: input.personAddress ?? null,
          consent: input.consent ?? null,
          reporter_name: input.reporterName ?? null,
          reporter_email: input.reporterEmail ?? null,
          reporter_phone: input.reporterPhone ?? null,
          reporter_relationship: input.reporterRelationship ?? null,
        });
        if (input.reporterEmail) {
          const email = confirmationEmail(reference, council.name);
          await enqueueEmail(tx, { to: input.reporterEmail, subject: email.subject, body: email.body });
        }
        return { reference, councilName: council.name };
      });
    },

    async queue(actor: Actor, status: ReportStatus, page: number) {
      authorise(actor, 'concerns.triage');
      return store.asUser(actor, async (tx) => {
        const counts = await repo.countByStatus(tx);
        const total = counts[status] ?? 0;
        const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
        const current = Math.min(Math.max(1, page), pageCount);
        const rows = await repo.listReports(tx, status, (current - 1) * PAGE_SIZE, PAGE_SIZE);
        return {
          counts,
          page: current,
          pageCount,
          total,
          items: rows.map((r) => ({
            id: r.id,
            reference: r.reference,
            route: r.route,
            status: r.status,
            submittedAt: r.submitted_at,
            service: r.service_display_name ?? r.service_name,
          })),
        };
      });
    },

    async report(actor: Actor, id: string) {
      authorise(actor, 'concerns.triage');
      const report = await loadReport(actor, id);
      return store.asUser(actor, async (tx) => {
        const trail = await intelligenceRepo.auditTrail(tx, 'concern_reports', id);
        const history = trail
          .filter((e) => e.action === 'update')
          .map((e) => {
            const after = (e.after ?? {}) as Record<string, unknown>;
            return { at: e.occurred_at, by: e.actor_name ?? 'The system', status: after.status as ReportStatus, routedTo: (after.routed_to ?? null) as RoutedTo | null, note: (after.triage_notes ?? null) as string | null };
          });
        const services = await intelligenceRepo.listServices(tx);
        return { report, history, services, actions: triageActions(report.status, !!report.linked) };
      });
    },

    /** Makes the report intelligence on one of the council's services, in one transaction. */
    async link(actor: Actor, id: string, body: Record<string, unknown>) {
      authorise(actor, 'concerns.triage');
      authorise(actor, 'intelligence.write');
      const form = parse(linkSchema, body);
      return store.asUser(actor, async (tx) => {
        const row = await repo.findReport(tx, id);
        if (!row) throw new NotFound('Report');
        const report = toReport(row);
        if (!triageActions(report.status, !!report.linked).canLink) throw new Conflict(TRIAGE_MESSAGES.notNew);
        const service = await intelligenceRepo.findService(tx, form.serviceId);
        if (!service) throw new Invalid([{ path: 'serviceId', message: TRIAGE_MESSAGES.service }]);
        const input: IntelligenceInput = {
          receivedOn: today(report.submittedAt),
          source: 'member_of_public',
          summary: intelligenceSummary(report.reference, report.route),
          detail: intelligenceDetail(report),
          themes: form.themes,
          severity: form.severity,
          substantiated: 'unknown',
          safeguarding: report.route === 'abuse_or_neglect',
          section42: undefined,
          status: 'open',
        };
        const intelligenceId = await intelligence.recordIn(tx, actor, service.id, input, report.id);
        await repo.updateTriage(tx, id, { status: statusAfterLink(report.status), routedTo: report.routedTo, note: form.linkNote ?? null, by: actor.userId });
        return { intelligenceId };
      });
    },

    async routeOnward(actor: Actor, id: string, body: Record<string, unknown>) {
      authorise(actor, 'concerns.triage');
      const form = parse(routeOnwardSchema, body);
      return store.asUser(actor, async (tx) => {
        const row = await repo.findReport(tx, id);
        if (!row) throw new NotFound('Report');
        if (!triageActions(row.status, !!row.intelligence_id).canRouteOnward) throw new Conflict(TRIAGE_MESSAGES.notNew);
        await repo.updateTriage(tx, id, { status: 'routed_onward', routedTo: form.routedTo, note: form.routeNote, by: actor.userId });
      });
    },

    async close(actor: Actor, id: string, body: Record<string, unknown>) {
      authorise(actor, 'concerns.triage');
      const form = parse(closeSchema, body);
      return store.asUser(actor, async (tx) => {
        const row = await repo.findReport(tx, id);
        if (!row) throw new NotFound('Report');
        if (!triageActions(row.status, !!row.intelligence_id).canClose) throw new Conflict(TRIAGE_MESSAGES.notNew);
        await repo.updateTriage(tx, id, { status: 'closed', routedTo: row.routed_to, note: form.closeNote, by: actor.userId });
      });
    },
  };
}

export type ConcernsService = ReturnType<typeof concernsService>;
