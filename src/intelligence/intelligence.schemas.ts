import { z } from 'zod';
import { today } from '../core/clock.ts';
import { Invalid } from '../core/errors.ts';
import { parseApiBody, parseFormBody, type IntelligenceInput } from './intelligence.rules.ts';

/**
 * The bodies of intelligence's pages and API, for the route pipeline. The rules check them across fields
 * (a complaint needs a severity, a date received cannot be after today) and say everything that is wrong
 * at once, in the order of the form; these schemas run those rules, so the messages and their order are
 * the rules' own.
 */
function checkedBy<T>(parse: (body: unknown) => T) {
  return z.unknown().transform((body, context) => {
    try {
      return parse(body);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      for (const { path, message } of error.errors) context.addIssue({ code: 'custom', path: path.split('.'), message });
      return z.NEVER;
    }
  });
}

/** POST /api/v1/services/{id}/intelligence. */
export const intelligenceApiSchema = checkedBy((body): IntelligenceInput => parseApiBody(body, today()));

/** The log and change intelligence form (GOV.UK date inputs already folded into `receivedOn`). */
export const intelligenceFormSchema = checkedBy((body): IntelligenceInput => parseFormBody(isRecord(body) ? body : {}, today()));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
