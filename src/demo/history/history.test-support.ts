import type { FrameworkVersion } from '../../assessments/index.ts';
import { DEFAULT_FRAMEWORKS } from '../../migrations/20261123T1740_assessments.defaults.ts';
import { DEFAULT_MATRIX } from '../../risk/matrix.ts';
import { generateDemo, type DemoScale } from '../generate.ts';
import type { DemoData } from '../model.ts';
import { historyWindow } from './calendar.ts';
import { generateCouncilHistory } from './council.ts';
import type { CouncilHistory } from './model.ts';

/**
 * For pure tests of the history: each council's copy of the default frameworks as the database would hold
 * it (ids made up, in the same order), so the history can be generated without a database.
 */
export function defaultFrameworks(councilId: string): FrameworkVersion[] {
  return DEFAULT_FRAMEWORKS.map((template, f) => {
    const versionId = `${councilId.slice(0, 8)}-0000-4000-8000-${String(f).padStart(12, '0')}`;
    let n = 0;
    const id = () => `${councilId.slice(0, 8)}-${String(f).padStart(4, '0')}-4000-8000-${String(++n).padStart(12, '0')}`;
    return {
      id: versionId,
      frameworkId: versionId,
      councilId,
      version: 1,
      name: template.name,
      description: template.description,
      scoring: template.scoring,
      categories: template.categories,
      requiresImprovementLabel: 'Requires improvement',
      status: 'published',
      changeNote: null,
      publishedAt: null,
      domains: template.domains.map((d, di) => {
        const domainId = id();
        const standards = d.standards.map((s) => {
          const standardId = id();
          return { id: standardId, name: s.name, questions: s.questions.map((q) => ({ id: id(), lineageId: id(), number: '', domainId, standardId, text: q.text, guidance: q.guidance, weight: q.weight ?? 1 })) };
        });
        let qn = 0;
        const numbered = standards.map((s) => ({ ...s, questions: s.questions.map((q) => ({ ...q, number: `${di + 1}.${++qn}` })) }));
        return { id: domainId, lineageId: id(), number: di + 1, name: d.name, description: d.description, standards: numbered, questions: numbered.flatMap((s) => s.questions) };
      }),
    };
  });
}

/** The demo and every council's history, generated as a load on `today` would. */
export function demoWithHistory(scale: DemoScale, today: string, seed?: string): { data: DemoData; histories: CouncilHistory[] } {
  const data = seed === undefined ? generateDemo(scale) : generateDemo(scale, seed);
  const references = new Map<number, number>();
  const histories = data.councils.map((council, i) =>
    generateCouncilHistory({ data, council, isMain: i === 0, window: historyWindow(today), frameworks: defaultFrameworks(council.id), matrix: DEFAULT_MATRIX, references }),
  );
  return { data, histories };
}
