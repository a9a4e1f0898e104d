import { z } from 'zod';
import { cqcLocationId, isoDate, optionalAmount, optionalText, optionalUuid, optionalWholeNumber, postcode, requiredText } from '../core/forms.ts';
import { CONTRACT_KINDS, SERVICE_CATEGORIES, countsHours, isCareHome } from './categories.ts';

/**
 * One schema per record for both the web forms (strings) and the JSON API (typed values), with
 * GOV.UK-worded messages. Field names are the API's camelCase names and the forms' input names.
 */

export const MESSAGES = {
  providerName: 'Enter the provider name',
  companyNumber: 'Enter a company number in the correct format, like 01234567 or SC123456',
  cqcProviderId: 'Enter a CQC provider ID in the correct format, like 1-101641521',
  parent: 'Select a parent provider from your council’s providers',
  portal: 'Select a provider organisation that your council manages',
  serviceName: 'Enter the service name',
  provider: 'Select the provider that runs the service',
  category: 'Select the type of service',
  leadOfficer: 'Select a lead officer from your council’s quality officers and commissioners',
  inCounty: 'Select whether the service is in the county',
  bedsNotCareHome: 'Only care homes have beds: leave beds blank for this type of service',
  hoursNotHomeCare: 'Hours per week are for home care, supported living and extra care: leave them blank for this type of service',
  contractKind: 'Select the kind of contract',
  endBeforeStart: 'The end date must be after the start date',
} as const;

const blankToUndefined = (value: unknown) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value);
const trimmedUpper = (value: unknown) => {
  const v = blankToUndefined(value);
  return typeof v === 'string' ? v.trim().toUpperCase().replace(/\s+/g, '') : v;
};

/** Companies House numbers are 8 characters; people often drop the leading zeros of English ones. */
function normaliseCompanyNumber(value: string): string {
  return /^\d{1,8}$/.test(value) ? value.padStart(8, '0') : value;
}

const companyNumber = z.preprocess(
  (v) => {
    const value = trimmedUpper(v);
    return typeof value === 'string' ? normaliseCompanyNumber(value) : value;
  },
  z.string({ error: MESSAGES.companyNumber }).regex(/^(\d{8}|[A-Z]{2}\d{6})$/, { error: MESSAGES.companyNumber }).optional(),
);

const cqcProviderId = z.preprocess(
  trimmedUpper,
  z.string({ error: MESSAGES.cqcProviderId }).regex(/^1-\d{3,12}$/, { error: MESSAGES.cqcProviderId }).optional(),
);

export const providerSchema = z.object({
  name: requiredText(MESSAGES.providerName),
  companyNumber,
  cqcProviderId,
  parentProviderId: optionalUuid(MESSAGES.parent),
  portalOrganisationId: optionalUuid(MESSAGES.portal),
});
export type ProviderInput = z.output<typeof providerSchema>;

const yesNo = (message: string) =>
  z.preprocess(
    (v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : blankToUndefined(v)),
    z.boolean({ error: message }),
  );

const hoursPerWeek = z.preprocess(
  (v) => {
    const value = blankToUndefined(v);
    return typeof value === 'string' && /^\d{1,6}(\.\d)?$/.test(value.trim()) ? Number(value.trim()) : value;
  },
  z
    .number({ error: 'Hours per week must be a number, like 120 or 37.5' })
    .min(0, { error: 'Hours per week must be 0 or more' })
    .max(100000, { error: 'Hours per week must be 100,000 or fewer' })
    .refine((n) => Number.isInteger(n * 10), { error: 'Hours per week can have at most one decimal place, like 37.5' })
    .optional(),
);

export const serviceSchema = z
  .object({
    name: requiredText(MESSAGES.serviceName),
    providerId: z.preprocess(blankToUndefined, z.string({ error: MESSAGES.provider }).uuid({ error: MESSAGES.provider })),
    category: z.preprocess(blankToUndefined, z.enum(SERVICE_CATEGORIES, { error: MESSAGES.category })),
    cqcLocationId: z.preprocess(trimmedUpper, cqcLocationId()),
    addressLine1: optionalText('Address line 1'),
    addressLine2: optionalText('Address line 2'),
    town: optionalText('Town or city', 100),
    postcode: postcode(),
    beds: optionalWholeNumber('Beds', 2000),
    hoursPerWeek,
    fundedPeople: z.preprocess(blankToUndefined, optionalWholeNumber('Number of council-funded people', 100000)),
    inCounty: z.preprocess((v) => (v === undefined || v === null ? true : v), yesNo(MESSAGES.inCounty)),
    notCommissioned: z.preprocess((v) => (v === undefined || v === null || v === '' ? false : v), yesNo('Select whether the council commissions the service')),
    leadOfficerId: optionalUuid(MESSAGES.leadOfficer),
  })
  .superRefine((service, ctx) => {
    if (service.beds !== undefined && !isCareHome(service.category)) {
      ctx.addIssue({ code: 'custom', path: ['beds'], message: MESSAGES.bedsNotCareHome });
    }
    if (service.hoursPerWeek !== undefined && !countsHours(service.category)) {
      ctx.addIssue({ code: 'custom', path: ['hoursPerWeek'], message: MESSAGES.hoursNotHomeCare });
    }
  });
export type ServiceInput = z.output<typeof serviceSchema>;

export const contractSchema = z
  .object({
    kind: z.preprocess(blankToUndefined, z.enum(CONTRACT_KINDS, { error: MESSAGES.contractKind })),
    reference: optionalText('Contract reference', 100),
    annualValue: optionalAmount('Annual value'),
    startsOn: isoDate('the start date'),
    endsOn: isoDate('the end date', false),
  })
  .superRefine((contract, ctx) => {
    if (contract.endsOn && contract.startsOn && contract.endsOn <= contract.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: MESSAGES.endBeforeStart });
    }
  });
export type ContractInput = z.output<typeof contractSchema>;

/** JSON `null` means "clear this field"; the schemas treat it like a blank form field. */
export function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
}
