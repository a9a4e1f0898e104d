import type { ScoringFramework, ScoringMethod } from './scoring.ts';

/** A framework version as the rest of the app sees it: domains, standards and questions in order. */
export interface Question {
  readonly id: string;
  /** Stays the same across versions, so answers to "the same question" can be compared. */
  readonly lineageId: string;
  /** "2.3": the domain's number and the question's number within the domain. */
  readonly number: string;
  readonly domainId: string;
  readonly standardId: string;
  readonly text: string;
  readonly guidance: string | null;
  readonly weight: number;
}

export interface Standard {
  readonly id: string;
  readonly name: string;
  readonly questions: readonly Question[];
}

export interface Domain {
  readonly id: string;
  readonly lineageId: string;
  readonly number: number;
  readonly name: string;
  readonly description: string | null;
  readonly standards: readonly Standard[];
  /** Every question of the domain, across its standards, in order. */
  readonly questions: readonly Question[];
}

export interface FrameworkVersion {
  readonly id: string;
  readonly frameworkId: string;
  readonly councilId: string | null;
  readonly version: number;
  readonly name: string;
  readonly description: string | null;
  readonly scoring: ScoringMethod;
  readonly categories: readonly string[];
  readonly requiresImprovementLabel: 'Requires improvement' | 'Adequate';
  readonly status: 'draft' | 'published';
  readonly changeNote: string | null;
  readonly publishedAt: Date | null;
  readonly domains: readonly Domain[];
}

interface DomainRow {
  readonly id: string;
  readonly lineage_id: string;
  readonly position: number;
  readonly name: string;
  readonly description: string | null;
}
interface StandardRow {
  readonly id: string;
  readonly domain_id: string;
  readonly position: number;
  readonly name: string;
}
interface QuestionRow {
  readonly id: string;
  readonly lineage_id: string;
  readonly domain_id: string;
  readonly standard_id: string;
  readonly position: number;
  readonly text: string;
  readonly guidance: string | null;
  readonly weight: number;
}

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/** Assembles the tree of a version from its flat rows, numbering domains and questions as people read them. */
export function assembleDomains(domains: readonly DomainRow[], standards: readonly StandardRow[], questions: readonly QuestionRow[]): Domain[] {
  return [...domains].sort(byPosition).map((d, index) => {
    let questionNumber = 0;
    const domainStandards = standards
      .filter((s) => s.domain_id === d.id)
      .sort(byPosition)
      .map((s) => ({
        id: s.id,
        name: s.name,
        questions: questions
          .filter((q) => q.standard_id === s.id)
          .sort(byPosition)
          .map((q) => ({
            id: q.id,
            lineageId: q.lineage_id,
            number: `${index + 1}.${++questionNumber}`,
            domainId: d.id,
            standardId: s.id,
            text: q.text,
            guidance: q.guidance,
            weight: Number(q.weight),
          })),
      }));
    return {
      id: d.id,
      lineageId: d.lineage_id,
      number: index + 1,
      name: d.name,
      description: d.description,
      standards: domainStandards,
      questions: domainStandards.flatMap((s) => s.questions),
    };
  });
}

export function toScoringFramework(version: Pick<FrameworkVersion, 'scoring' | 'domains'>): ScoringFramework {
  return {
    scoring: version.scoring,
    domains: version.domains.map((d) => ({ id: d.id, name: d.name, questions: d.questions.map((q) => ({ id: q.id, weight: q.weight, text: q.text })) })),
  };
}

export function allQuestions(version: Pick<FrameworkVersion, 'domains'>): Question[] {
  return version.domains.flatMap((d) => d.questions);
}

/** What stops a draft version from being published; empty when it can be. */
export function publicationProblems(version: Pick<FrameworkVersion, 'domains' | 'categories'>): string[] {
  const problems: string[] = [];
  if (version.categories.length === 0) problems.push('Select at least one service category the framework applies to');
  if (version.domains.length === 0) problems.push('Add at least one domain');
  for (const domain of version.domains) {
    if (domain.standards.length === 0) problems.push(`Add a standard to the domain “${domain.name}”`);
    for (const standard of domain.standards) {
      if (standard.questions.length === 0) problems.push(`Add a question to the standard “${standard.name}”`);
    }
  }
  return problems;
}
