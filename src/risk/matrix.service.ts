import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import { SERVICE_CATEGORIES } from '../providers/index.ts';
import type { RiskMatrix } from './matrix.ts';
import { matrixProblems } from './prr.ts';
import type { MatrixInUse } from './risk.domain.ts';
import { matrixIn } from './risk.reads.ts';
import * as repo from './risk.repository.ts';

/** The council's risk matrix: everyone on the council's staff reads it; administrators change it. */
export function matrixService(store: Store) {
  return {
    /** The council's matrix, for GET /api/v1/risk-matrix and the matrix pages. */
    async matrix(actor: Actor): Promise<MatrixInUse> {
      authorise(actor, 'risk.read');
      return store.asUser(actor, (tx) => matrixIn(tx, actor.orgId));
    },

    /** An administrator saves the council's matrix as a new version; ratings keep the version they used. */
    async saveMatrix(actor: Actor, matrix: RiskMatrix): Promise<MatrixInUse> {
      authorise(actor, 'risk.matrix');
      const problems = matrixProblems(matrix, SERVICE_CATEGORIES);
      if (problems.length) throw new Invalid(problems);
      return store.asUser(actor, async (tx) => {
        await repo.insertMatrix(tx, actor.orgId, matrix, actor.userId);
        return matrixIn(tx, actor.orgId);
      });
    },
  };
}

export type MatrixServiceApi = ReturnType<typeof matrixService>;
