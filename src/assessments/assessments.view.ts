import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { ukDate } from '../core/http/views.ts';
import { domainProgress, type DomainProgress } from './assessment.rules.ts';
import type { Assessment, Comment } from './assessment.model.ts';
import { ANSWER_LABELS, EVIDENCE_SOURCE_LABELS, KIND_LABELS, SELF_STATUS_LABELS, STATUS_LABELS, bandLabel, bandTagClass, resultText } from './labels.ts';
import { answersFor, displayPercent, isBelowStandard } from './scoring.ts';

/** View models for the assessment pages: templates see these, never rows or domain objects. */

export function statusLabel(a: Pick<Assessment, 'kind' | 'status'>): string {
  return (a.kind === 'self' ? SELF_STATUS_LABELS : STATUS_LABELS)[a.status];
}

export function scoresView(a: Assessment) {
  const label = a.framework.requiresImprovementLabel;
  const overall = a.scores.overall;
  return {
    percentage: a.framework.scoring === 'percentage',
    riLabel: label,
    overall: {
      rated: overall.band !== null,
      bandText: bandLabel(overall.band, label),
      percent: displayPercent(overall.percent),
      tagClass: bandTagClass(overall.band),
      text: resultText(overall.band, overall.percent, label),
    },
    domains: a.framework.domains.map((d) => {
      const s = a.scores.domains.find((x) => x.domainId === d.id);
      return {
        id: d.id,
        number: d.number,
        name: d.name,
        rated: !!s?.band,
        bandText: bandLabel(s?.band ?? null, label),
        percent: displayPercent(s?.percent),
        tagClass: bandTagClass(s?.band ?? null),
        answered: s?.answered ?? 0,
        questions: d.questions.length,
        notRatedReason: a.imported ? 'None in the imported file' : s && s.answered > 0 && s.applicable === 0 ? 'Every answer is not applicable' : 'No answers yet',
      };
    }),
  };
}

const PROGRESS: Record<DomainProgress, { text: string; classes?: string }> = {
  completed: { text: 'Completed' },
  in_progress: { text: 'In progress', classes: 'govuk-tag--light-blue' },
  not_started: { text: 'Not yet started', classes: 'govuk-tag--blue' },
};

function answeredMap(a: Assessment): Map<string, string> {
  return new Map([...a.answers].flatMap(([q, r]) => (r.answer ? [[q, r.answer] as const] : [])));
}

/** The GOV.UK task list items: one per domain, then checking and completing. */
export function taskListView(a: Assessment, hrefs: { domain: (domainId: string) => string; check: string }) {
  const answered = answeredMap(a);
  const items = a.framework.domains.map((d) => {
    const progress = domainProgress(d, answered);
    return {
      title: { text: `${d.number}. ${d.name}` },
      hint: { text: `${d.questions.filter((q) => answered.has(q.id)).length} of ${d.questions.length} questions answered` },
      href: hrefs.domain(d.id),
      status: progress === 'completed' ? { text: PROGRESS.completed.text } : { tag: PROGRESS[progress] },
    };
  });
  const allDone = a.framework.domains.every((d) => domainProgress(d, answered) === 'completed');
  if (a.status === 'draft') {
    items.push({
      title: { text: a.kind === 'self' ? 'Check your answers and submit' : 'Check answers and complete' },
      hint: { text: allDone ? 'Every question is answered' : 'Answer every question first' },
      ...(allDone ? { href: hrefs.check } : {}),
      status: allDone ? { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } } : { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
    } as (typeof items)[number]);
  }
  return { items, allDone };
}

export function questionsView(a: Assessment, domainId: string, posted?: Record<string, unknown>) {
  const domain = a.framework.domains.find((d) => d.id === domainId);
  if (!domain) return undefined;
  const options = answersFor(a.framework.scoring);
  return {
    domain: { id: domain.id, number: domain.number, name: domain.name, description: domain.description },
    standards: domain.standards.map((s) => ({
      name: s.name,
      questions: s.questions.map((q) => {
        const saved = a.answers.get(q.id);
        const value = (key: string, fallback: unknown) => (posted ? posted[`${key}-${q.id}`] : fallback);
        const chosen = value('answer', saved?.answer);
        return {
          id: q.id,
          number: q.number,
          text: q.text,
          guidance: q.guidance,
          weight: q.weight,
          answerItems: options.map((o) => ({ value: o, text: ANSWER_LABELS[o], checked: chosen === o })),
          evidence: value('evidence', saved?.evidence ?? ''),
          sourceItems: [
            { value: '', text: 'Select where the evidence came from' },
            ...Object.entries(EVIDENCE_SOURCE_LABELS).map(([v, text]) => ({ value: v, text, selected: value('source', saved?.evidenceSource ?? '') === v })),
          ],
          confidential: posted ? posted[`confidential-${q.id}`] === 'yes' : (saved?.confidential ?? false),
        };
      }),
    })),
  };
}

/** Every answer, by domain, as summary lists for check-your-answers, the report and the PDF. */
export function answersView(a: Assessment) {
  return a.framework.domains.map((d) => ({
    id: d.id,
    number: d.number,
    name: d.name,
    questions: d.questions.map((q) => {
      const r = a.answers.get(q.id);
      return {
        id: q.id,
        number: q.number,
        text: q.text,
        weight: q.weight,
        answer: r?.answer ? ANSWER_LABELS[r.answer] : undefined,
        belowStandard: r?.answer ? isBelowStandard(r.answer) : false,
        evidence: r?.evidence ?? null,
        source: r?.evidenceSource ? EVIDENCE_SOURCE_LABELS[r.evidenceSource] : null,
        confidential: r?.confidential ?? false,
      };
    }),
  }));
}

export function detailsView(a: Assessment) {
  const rows: { key: { text: string }; value: { text: string } }[] = [
    { key: { text: 'Service' }, value: { text: a.service.name } },
    { key: { text: 'Provider' }, value: { text: a.service.providerName ?? '' } },
    { key: { text: 'Kind' }, value: { text: KIND_LABELS[a.kind] } },
    { key: { text: 'Framework' }, value: { text: `${a.framework.name} (version ${a.framework.version})` } },
    { key: { text: 'Status' }, value: { text: statusLabel(a) } },
  ];
  if (a.kind === 'full') rows.push({ key: { text: 'Date of visit' }, value: { text: a.visitedOn ? ukDate(a.visitedOn) : 'Not entered yet' } });
  rows.push({ key: { text: a.imported ? 'Imported by' : a.kind === 'self' ? 'Started by' : 'Officer' }, value: { text: a.createdBy } });
  if (a.completedOn) rows.push({ key: { text: a.kind === 'self' ? 'Submitted' : 'Completed' }, value: { text: ukDate(a.completedOn) } });
  if (a.publishedOn) rows.push({ key: { text: 'Published' }, value: { text: `${ukDate(a.publishedOn)}${a.publishedBy ? ` by ${a.publishedBy}` : ''}` } });
  if (a.imported) rows.push({ key: { text: 'Imported from' }, value: { text: a.importedFrom ?? 'Another system' } });
  if (a.version > 1) {
    rows.push({ key: { text: 'Version' }, value: { text: String(a.version) } });
    rows.push({ key: { text: 'Reason for correction' }, value: { text: a.correctionReason ?? '' } });
  }
  return rows;
}

export function commentsView(comments: readonly Comment[], a: Assessment) {
  const names = new Map(a.framework.domains.map((d) => [d.id, `${d.number}. ${d.name}`]));
  return comments.map((c) => ({
    confirmation: c.kind === 'accuracy_confirmed',
    body: c.body,
    domain: c.domainId ? names.get(c.domainId) : undefined,
    author: c.author,
    fromProvider: c.fromProvider,
    createdAt: c.createdAt,
  }));
}

/** What the actor may do next on this assessment; the services check each again. */
export function actionsFor(actor: Actor, a: Assessment) {
  const assessor = can(actor, 'assessments.conduct');
  const editable = a.kind === 'full' ? assessor && a.status !== 'published' : can(actor, 'assessments.self') && a.status === 'draft';
  return {
    editable,
    canDiscard: editable && a.status === 'draft',
    canPublish: can(actor, 'assessments.publish') && a.kind === 'full' && a.status === 'completed',
    // An imported result has bands and dates but no answers: nothing to correct, compare, comment on or plan from.
    canCorrect: assessor && a.kind === 'full' && a.status === 'published' && !a.supersededById && !a.imported,
    canComment: a.kind === 'full' && a.status === 'completed' && (assessor || (actor.role === 'provider' && a.reviewWindow === 'open')),
    canConfirm: actor.role === 'provider' && a.kind === 'full' && a.status === 'completed' && a.reviewWindow === 'open',
    seesComments: a.kind === 'full' && a.status !== 'draft' && (assessor || actor.role === 'provider') && !a.imported,
    canCompare: (assessor || actor.role === 'provider') && !a.imported,
    // A correction keeps the action plan of the report it corrects, so only the first version links to one.
    canOpenActionPlan: assessor && a.kind === 'full' && a.status !== 'draft' && a.supersedesId === null && !a.imported,
    /** The full report and its PDF set out the answers; an imported result shows its bands on its own page. */
    hasReport: !a.imported,
  };
}

/** Everything the printable report and the PDF show: the same model for both. */
export function reportModel(a: Assessment) {
  return {
    serviceName: a.service.name,
    providerName: a.service.providerName ?? '',
    category: a.service.categoryLabel,
    kind: KIND_LABELS[a.kind],
    status: statusLabel(a),
    draft: a.status !== 'published',
    superseded: a.supersededById !== null,
    frameworkName: `${a.framework.name} (version ${a.framework.version})`,
    percentage: a.framework.scoring === 'percentage',
    visitedOn: a.visitedOn,
    completedOn: a.completedOn,
    publishedOn: a.publishedOn,
    version: a.version,
    correctionReason: a.correctionReason,
    details: detailsView(a),
    scores: scoresView(a),
    domains: answersView(a),
  };
}

export type ReportModel = ReturnType<typeof reportModel>;
