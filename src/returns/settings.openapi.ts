import { errorResponses, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';

/** The OpenAPI paths of a council's return settings, new template versions and uploads (issue 17, continued). */

const PERIOD_TEXT =
  'How often returns are asked for, on financial quarters: quarterly; half_yearly (returns for Q2 and Q4, each covering its half year); annual (Q4, covering the year). Returns stay keyed by the year and the quarter ending their period.';
const PERIOD: JsonSchema = { type: 'string', enum: ['quarterly', 'half_yearly', 'annual'], description: PERIOD_TEXT };

const SETTINGS_FIELDS: Record<string, JsonSchema> = {
  deadlineMonths: { type: 'integer', minimum: 1, maximum: 3, description: 'A return is due by the last day of the month this many months after its period ends' },
  agencyHoursAbove: { type: 'number', minimum: 0, maximum: 100, description: 'Agency hours above this percentage of hours worked are flagged' },
  trainingMandatoryBelow: { type: 'number', minimum: 0, maximum: 100, description: 'Mandatory training below this percentage is flagged' },
  flagNoRegisteredManager: { type: 'boolean', description: 'Whether no registered manager in post is flagged' },
};

export const settingsSchemas: Record<string, JsonSchema> = {
  ReturnSettings: {
    type: 'object',
    required: ['period', 'periodChange', 'deadlineMonths', 'agencyHoursAbove', 'trainingMandatoryBelow', 'flagNoRegisteredManager'],
    properties: {
      period: PERIOD,
      periodChange: {
        type: ['object', 'null'],
        required: ['previous', 'from'],
        description: 'After a change of period: the kind before it, kept for the quarters before `from` (the first quarter of the next period when it was changed). Null when never changed',
        properties: { previous: { type: 'string', enum: ['quarterly', 'half_yearly', 'annual'] }, from: { type: 'object', required: ['year', 'quarter'], properties: { year: { type: 'integer' }, quarter: { type: 'integer', minimum: 1, maximum: 4 } } } },
      },
      ...SETTINGS_FIELDS,
    },
  },
  ReturnSettingsChange: {
    type: 'object',
    required: ['deadlineMonths', 'agencyHoursAbove', 'trainingMandatoryBelow', 'flagNoRegisteredManager'],
    properties: { period: { ...PERIOD, description: `${PERIOD_TEXT} Left out: unchanged. A change applies from the next period under the old one` }, ...SETTINGS_FIELDS },
  },

  NewReturnTemplate: {
    type: 'object',
    required: ['key', 'name', 'categories', 'sections'],
    properties: {
      key: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'An existing template’s key makes its next version; a new key, a new template' },
      name: { type: 'string' },
      categories: { type: 'array', items: { type: 'string' } },
      sections: { type: 'array', items: { type: 'object' }, description: 'As in ReturnTemplate; a question’s `name` (its figure in words, for messages) may be left out' },
    },
  },
};

const ADMIN = 'The council’s administrator only; anyone else gets 403.';
const UPLOAD_BODY = { type: 'string', description: 'A CSV file, or an XLSX workbook (its first worksheet): a header row of service_id, year, quarter and one column per question key' };

export const settingsPaths: OpenApiFragment['paths'] = {
  [paths.api.returnSettings]: {
    get: {
      tags: ['Returns'],
      operationId: 'getReturnSettings',
      summary: 'The council’s return period, deadline and flag thresholds (the defaults until it sets its own)',
      description: 'The council’s officers, commissioners and administrators.',
      responses: { '200': json(ref('ReturnSettings'), 'The settings'), ...errorResponses(401, 403) },
    },
    put: {
      tags: ['Returns'],
      operationId: 'putReturnSettings',
      summary: 'Change the council’s return period, deadline and flag thresholds',
      description: `${ADMIN} The period applies from the next period; the deadline at once; the thresholds to returns sent from then on. Audited.`,
      requestBody: { required: true, ...json(ref('ReturnSettingsChange')) },
      responses: { '200': json(ref('ReturnSettings'), 'Saved'), ...errorResponses(400, 401, 403) },
    },
  },
  [paths.api.returnTemplates]: {
    post: {
      tags: ['Returns'],
      operationId: 'createReturnTemplateVersion',
      summary: 'Save the next version of a return template (or a new template), applying from the quarter in progress',
      description: `${ADMIN} Returns already answered keep their version.`,
      requestBody: { required: true, ...json(ref('NewReturnTemplate')) },
      responses: { '201': json(ref('ReturnTemplate'), 'The new version'), ...errorResponses(400, 401, 403) },
    },
  },
  [paths.api.returnUploads]: {
    post: {
      tags: ['Returns'],
      operationId: 'uploadReturns',
      summary: 'Send many services’ returns in one CSV or XLSX file, all or nothing',
      description:
        'A provider user only. Every row is checked as `POST /api/v1/services/{id}/returns` checks a return; if any row has a problem, nothing is sent and the 400 problem document lists each, with `row` (the header is row 1) and `path` `rows.N`.',
      requestBody: {
        required: true,
        content: {
          'text/csv': { schema: UPLOAD_BODY },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { ...UPLOAD_BODY, format: 'binary' } },
          'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
        },
      },
      responses: {
        '201': json({ type: 'object', required: ['submitted'], properties: { submitted: { type: 'integer', description: 'How many returns were sent' } } }, 'Every row sent'),
        ...errorResponses(400, 401, 403),
      },
    },
  },
};
