import { DEFAULT_FACTUAL_ACCURACY_DAYS, reviewEndsOn, reviewWindow } from '../../assessments/index.ts';
import type { Random } from '../random.ts';
import { addDays, addMonths, instantOn, maxDate, minDate, workingDay, type Window } from './calendar.ts';
import { answerRows, answersFor, bandFor, corrected, evidenceFor, partly, storedScores, type Answered, type Framework } from './answers.ts';
import type { AssessmentRow, CommentRow, RiskRatingRow } from './model.ts';
import { changedProposals, proposeScores } from '../../risk/index.ts';
import { factsOn, rateOn, type RatingContext, type RecordOfService } from './risk.ts';
import { qualityOn } from './stories.ts';
import { CORRECTION_REASONS, PROVIDER_COMMENTS } from './texts.ts';

/**
 * A service's five years of full assessments and risk ratings, worked out together in date order: the
 * risk band a rating gives sets when the next full assessment is due (every 3, 2 or 1 years, or within
 * the concerns procedure), and each published assessment, CQC report, turn of a case or suspension and
 * serious piece of intelligence brings a re-rating.
 */

export interface ScheduleContext extends RatingContext {
  readonly councilId: string;
  readonly framework: Framework | undefined;
  /** The provider's own portal user, where it has one: it completes self-assessments and comments. */
  readonly providerUser: { readonly id: string; readonly orgId: string } | undefined;
  readonly selfAssessmentMonthsBefore: number;
}

export interface ServiceSchedule {
  readonly assessments: AssessmentRow[];
  readonly ratings: RiskRatingRow[];
  /** The next full monitoring visit, where it falls in the coming months. */
  readonly nextFullVisit: string | null;
}

/** Dates that bring a re-rating, apart from assessments. */
function triggers(record: RecordOfService, window: Window, random: Random): string[] {
  const dates: string[] = [addDays(window.start, random.int(0, 45))];
  record.cqc.forEach((r, i) => {
    if (r.publishedOn > window.start && r.overall !== record.cqc[i - 1]?.overall) dates.push(addDays(r.publishedOn, random.int(5, 30)));
  });
  for (const c of record.cases) for (const e of c.events) if (e.kind !== 'de_escalated') dates.push(addDays(e.occurredOn, random.int(0, 5)));
  for (const s of record.suspensions) for (const e of s.events) dates.push(addDays(e.occurredOn, random.int(0, 5)));
  for (const e of record.intelligence) if (e.severity === 'red' && random.chance(0.4)) dates.push(addDays(e.receivedOn, random.int(3, 15)));
  return dates.filter((d) => d <= window.today).sort();
}

function fullAssessment(ctx: ScheduleContext, record: RecordOfService, visitedOn: string, assessedBy: string): AssessmentRow[] {
  const { random, window } = ctx;
  const framework = ctx.framework!;
  const band = bandFor(qualityOn(record.story, visitedOn, window), random);
  const answered = answersFor(framework, band, random);
  const createdOn = addDays(visitedOn, -random.int(0, 10));
  const completedOn = workingDay(addDays(visitedOn, random.int(4, 24)));
  const review = reviewEndsOn(completedOn, DEFAULT_FACTUAL_ACCURACY_DAYS, false);
  const quick = random.chance(0.1);
  const publishedOn = workingDay(quick ? addDays(completedOn, random.int(3, 12)) : addDays(review ?? completedOn, random.int(1, 21)));
  const comments: CommentRow[] = [];
  let confirmed = false;
  if (ctx.providerUser && review && completedOn <= window.today) {
    const on = addDays(completedOn, random.int(2, 9));
    confirmed = random.chance(0.5);
    if (on <= window.today && on < publishedOn) {
      comments.push({
        id: random.uuid(),
        authorUserId: ctx.providerUser.id,
        authorOrgId: ctx.providerUser.orgId,
        kind: confirmed ? 'accuracy_confirmed' : 'comment',
        body: confirmed ? null : random.pick(PROVIDER_COMMENTS),
        createdAt: instantOn(random, on),
      });
    } else {
      confirmed = false;
    }
  }
  const status = completedOn > window.today ? 'draft' : publishedOn > window.today ? 'completed' : 'published';
  const kept: Answered = status === 'draft' ? partly(answered, framework, random.float()) : answered;
  const duringReview = status === 'published' && reviewWindow({ kind: 'full', status: 'completed', reviewEndsOn: review, accuracyConfirmed: confirmed }, publishedOn) === 'open';
  const row: AssessmentRow = {
    id: random.uuid(),
    serviceId: record.story.service.id,
    frameworkVersionId: framework.version.id,
    kind: 'full',
    status,
    visitedOn: visitedOn <= window.today ? visitedOn : null,
    createdBy: assessedBy,
    createdByOrgId: ctx.councilId,
    createdAt: instantOn(random, createdOn),
    completedAt: status === 'draft' ? null : instantOn(random, completedOn),
    completedBy: status === 'draft' ? null : assessedBy,
    completedOn: status === 'draft' ? null : completedOn,
    reviewEndsOn: status === 'draft' ? null : review,
    publishedAt: status === 'published' ? instantOn(random, publishedOn) : null,
    publishedBy: status === 'published' ? ctx.commissionerId : null,
    publishedOn: status === 'published' ? publishedOn : null,
    publishedDuringReview: duringReview,
    version: 1,
    supersedesId: null,
    correctionReason: null,
    ...storedScores(kept.scores),
    answers: answerRows(kept.answers),
    evidence: evidenceFor(kept.answers, random),
    answeredBy: assessedBy,
    comments: status === 'draft' ? [] : comments,
  };
  const rows = [row];
  // Now and then a published report is corrected: a new version that counts instead of it.
  const correctOn = addDays(publishedOn, random.int(7, 60));
  if (status === 'published' && correctOn <= window.today && random.chance(0.03)) {
    const fixed = corrected(framework, answered.answers, random);
    const completed = addDays(correctOn, random.int(1, 3));
    const published = addDays(completed, random.int(2, 10));
    const cStatus = completed > window.today ? 'draft' : published > window.today ? 'completed' : 'published';
    rows.push({
      ...row,
      id: random.uuid(),
      status: cStatus,
      createdAt: instantOn(random, correctOn),
      completedAt: cStatus === 'draft' ? null : instantOn(random, completed),
      completedBy: cStatus === 'draft' ? null : assessedBy,
      completedOn: cStatus === 'draft' ? null : completed,
      reviewEndsOn: null,
      publishedAt: cStatus === 'published' ? instantOn(random, published) : null,
      publishedBy: cStatus === 'published' ? ctx.commissionerId : null,
      publishedOn: cStatus === 'published' ? published : null,
      publishedDuringReview: false,
      version: 2,
      supersedesId: row.id,
      correctionReason: random.pick(CORRECTION_REASONS),
      ...storedScores(fixed.scores),
      answers: answerRows(fixed.answers),
      evidence: evidenceFor(fixed.answers, random),
      comments: [],
    });
  }
  return rows;
}

/** The provider's self-assessment, a month before the council's visit: a little kinder to itself. */
function selfAssessment(ctx: ScheduleContext, record: RecordOfService, visitedOn: string): AssessmentRow | undefined {
  const { random, window } = ctx;
  const user = ctx.providerUser;
  const framework = ctx.framework!;
  const due = addMonths(visitedOn, -ctx.selfAssessmentMonthsBefore);
  const createdOn = addDays(due, -random.int(7, 20));
  if (!user || createdOn > window.today || random.chance(0.2)) return undefined;
  const band = bandFor(qualityOn(record.story, due, window) + 0.4, random);
  const answered = answersFor(framework, band, random);
  const completedOn = addDays(due, -random.int(0, 5));
  const done = completedOn <= window.today;
  const kept = done ? answered : partly(answered, framework, 0.6);
  return {
    id: random.uuid(),
    serviceId: record.story.service.id,
    frameworkVersionId: framework.version.id,
    kind: 'self',
    status: done ? 'completed' : 'draft',
    visitedOn: null,
    createdBy: user.id,
    createdByOrgId: user.orgId,
    createdAt: instantOn(random, createdOn),
    completedAt: done ? instantOn(random, completedOn) : null,
    completedBy: done ? user.id : null,
    completedOn: done ? completedOn : null,
    reviewEndsOn: null,
    publishedAt: null,
    publishedBy: null,
    publishedOn: null,
    publishedDuringReview: false,
    version: 1,
    supersedesId: null,
    correctionReason: null,
    ...storedScores(kept.scores),
    answers: answerRows(kept.answers),
    evidence: [],
    answeredBy: user.id,
    comments: [],
  };
}

/** A service's full assessments and risk ratings over the five years. */
export function scheduleService(ctx: ScheduleContext, record: RecordOfService, assessedBy: string): ServiceSchedule {
  const { random, window } = ctx;
  const out = { assessments: [] as AssessmentRow[], ratings: [] as RiskRatingRow[], nextFullVisit: null as string | null };
  const pending = triggers(record, window, random);
  const assessments: AssessmentRow[] = [];
  const live: RecordOfService = { ...record, assessments };
  let lastAssessed: string | null = null;
  let nextVisit: string | null = null;
  // Most visits happen around the due date; some services slip behind (overdue against the regime).
  const drawSlip = () => (random.chance(0.1) ? random.int(40, 140) : random.int(-40, 25));
  let slip = drawSlip();
  let currentDue: string | null = null;
  const monthsFor = (rating: RiskRatingRow) => rating.regime.fullAssessmentEveryMonths ?? 6;

  const rate = (on: string) => {
    const rating = rateOn(ctx, live, on, out.ratings.at(-1));
    out.ratings.push(rating);
    if (!ctx.framework) return;
    const months = monthsFor(rating);
    // Before the first assessment on record, the last one was some time within the regime's interval.
    lastAssessed ??= addDays(on, -random.int(0, Math.round(months * 30.4)));
    const due = addMonths(lastAssessed, months);
    // A rating that leaves the due date where it was leaves the planned visit alone.
    if (due === currentDue && nextVisit !== null) return;
    currentDue = due;
    nextVisit = maxDate(addDays(due, slip), addDays(on, random.int(20, 60)));
  };

  for (;;) {
    const last = out.ratings.at(-1)?.ratedOn;
    // Events close together are taken in one re-rating.
    while (pending.length && last && pending[0]! < addDays(last, 40)) pending.shift();
    const annual = last ? addDays(last, 365 + random.int(-20, 20)) : null;
    const trigger = [pending[0], annual].filter((d): d is string => !!d).sort()[0];
    if (nextVisit && (!trigger || nextVisit <= trigger) && nextVisit <= window.today) {
      const visitedOn = workingDay(nextVisit);
      const self = selfAssessment(ctx, record, visitedOn);
      if (self) assessments.push(self);
      const rows = fullAssessment(ctx, record, visitedOn, assessedBy);
      assessments.push(...rows);
      lastAssessed = visitedOn;
      slip = drawSlip();
      currentDue = null;
      nextVisit = null;
      const completedOn = rows[0]!.completedOn;
      const after = completedOn ? addDays(rows[0]!.publishedOn ?? completedOn, random.int(0, 10)) : null;
      if (after && after <= window.today) {
        pending.push(after);
        pending.sort();
      } else {
        // Re-rated once the assessment is published; until then the current regime stands.
        nextVisit = addMonths(visitedOn, out.ratings.length ? monthsFor(out.ratings.at(-1)!) : 24);
      }
      continue;
    }
    if (!trigger || trigger > window.today) break;
    if (pending[0] === trigger) pending.shift();
    rate(trigger);
  }
  // Officers keep most ratings up to date: where the record now proposes something else, most re-rate.
  const last = out.ratings.at(-1);
  if (last && last.ratedOn < addDays(window.today, -14) && random.chance(0.8)) {
    const now = proposeScores(ctx.matrix, factsOn(live, window.today, last.scores), window.today);
    if (changedProposals(last.proposals, now).length > 0) rate(maxDate(addDays(last.ratedOn, 14), addDays(window.today, -random.int(0, 12))));
  }
  // A visit coming up soon has its draft started, and the provider's self-assessment may be under way.
  if (ctx.framework && nextVisit !== null && nextVisit > window.today) {
    const visit = workingDay(nextVisit);
    out.nextFullVisit = visit;
    const self = selfAssessment(ctx, record, visit);
    if (self) assessments.push(self);
    if (visit <= addDays(window.today, 21)) {
      const draft = fullAssessment(ctx, record, visit, assessedBy)[0]!;
      const createdAt = instantOn(random, minDate(addDays(visit, -random.int(3, 15)), window.today));
      assessments.push({ ...draft, createdAt, answers: [], evidence: [], overallBand: null, overallPercent: null, domainScores: [] });
    }
  }
  out.assessments.push(...assessments);
  return out;
}
