import type { Random } from './random.ts';

/**
 * Identifiers that must be unique across the whole demo (CQC ids, company numbers), drawn from the
 * random stream and retried on the rare repeat, so they stay deterministic.
 */
export class Identifiers {
  private readonly cqc = new Set<string>();
  private readonly companies = new Set<string>();
  private readonly random: Random;
  constructor(random: Random) {
    this.random = random;
  }

  /** Like CQC's: "1-" and 9 to 11 digits, the first of them not zero. */
  cqcId(): string {
    for (;;) {
      const length = this.random.weighted({ 9: 0.55, 10: 0.35, 11: 0.1 });
      const id = `1-${this.random.int(1, 9)}${this.random.digits(Number(length) - 1)}`;
      if (!this.cqc.has(id)) {
        this.cqc.add(id);
        return id;
      }
    }
  }

  /** An England and Wales company number: eight digits. */
  companyNumber(): string {
    for (;;) {
      const id = `${this.random.pick(['0', '1'])}${this.random.digits(7)}`;
      if (!this.companies.has(id)) {
        this.companies.add(id);
        return id;
      }
    }
  }
}
