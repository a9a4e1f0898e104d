import { paths } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import type { ComparisonDomain, Difference } from './assessment.rules.ts';
import type { Assessment } from './assessment.model.ts';
import { ANSWER_LABELS, bandLabel, bandTagClass } from './labels.ts';

const DIFFERENCE_TEXT: Record<Difference, string> = {
  same: 'Same',
  provider_higher: 'Provider rated higher',
  provider_lower: 'Provider rated lower',
  different: 'Different',
  missing: 'Not answered by both',
};

/** The side-by-side comparison: the provider's answer, the officer's, and each difference called out. */
export function compareView(result: {
  officer: Assessment | undefined;
  provider: Assessment | undefined;
  comparison: { domains: ComparisonDomain[]; differences: number; comparable: boolean } | undefined;
}) {
  const describe = (a: Assessment | undefined, what: string) =>
    a
      ? {
          href: paths.assessments.show(a.id),
          text: `${what}, ${a.framework.name} version ${a.framework.version}${a.completedOn ? `, ${a.kind === 'self' ? 'submitted' : 'completed'} ${ukDate(a.completedOn)}` : ''}`,
        }
      : undefined;
  const label = result.officer?.framework.requiresImprovementLabel;
  return {
    officer: describe(result.officer, 'Officer’s assessment'),
    provider: describe(result.provider, 'Provider’s self-assessment'),
    missing: !result.comparison ? (result.officer ? 'The provider has not submitted a self-assessment for this service.' : 'No full assessment of this service has been shared yet.') : undefined,
    comparable: result.comparison?.comparable ?? true,
    differences: result.comparison?.differences ?? 0,
    domains: (result.comparison?.domains ?? []).map((d) => ({
      name: `${d.domain.number}. ${d.domain.name}`,
      provider: { text: bandLabel(d.provider, label), tagClass: bandTagClass(d.provider) },
      officer: { text: bandLabel(d.officer, label), tagClass: bandTagClass(d.officer) },
      bandsDiffer: d.provider !== d.officer,
      differences: d.differences,
      rows: d.rows.map((r) => ({
        number: r.question.number,
        text: r.question.text,
        provider: r.provider ? ANSWER_LABELS[r.provider] : 'No answer',
        officer: r.officer ? ANSWER_LABELS[r.officer] : 'No answer',
        differs: r.difference !== 'same',
        difference: DIFFERENCE_TEXT[r.difference],
      })),
    })),
  };
}
