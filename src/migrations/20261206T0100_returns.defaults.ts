/**
 * The two default quarterly return templates every council starts with (issue 17), frozen with the migration
 * that loads them (20261206T0100_returns). Their question keys are stable and documented (docs/returns.md):
 * providers' own systems post answers by these keys. Councils change a template by adding a new version;
 * this text never changes once shipped.
 *
 * `name` is the figure in words for error messages ("Enter the number of care staff posts filled"); `flag`
 * is the council's default threshold (agency above 20 % of hours, mandatory training below 80 %, no
 * registered manager in post).
 */
export interface DefaultReturnQuestion {
  readonly key: string;
  readonly label: string;
  readonly name: string;
  readonly hint?: string;
  readonly type: 'whole_number' | 'percentage' | 'money' | 'yes_no' | 'date' | 'choice' | 'text';
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
  readonly flag?: { readonly above?: number; readonly below?: number; readonly equals?: boolean; readonly message: string };
}
export interface DefaultReturnSection {
  readonly title: string;
  readonly questions: readonly DefaultReturnQuestion[];
}
export interface DefaultReturnTemplate {
  readonly key: string;
  readonly name: string;
  readonly categories: readonly string[];
  readonly sections: readonly DefaultReturnSection[];
}

const count = (key: string, label: string, name: string, hint?: string, required = true): DefaultReturnQuestion => ({
  key,
  label,
  name,
  ...(hint ? { hint } : {}),
  type: 'whole_number',
  required,
  min: 0,
  max: 100000,
});
const percent = (key: string, label: string, name: string, hint: string, flag?: DefaultReturnQuestion['flag']): DefaultReturnQuestion => ({
  key,
  label,
  name,
  hint,
  type: 'percentage',
  required: true,
  min: 0,
  max: 100,
  ...(flag ? { flag } : {}),
});

const staffing = (nurses: boolean): DefaultReturnSection => ({
  title: 'Staff and vacancies',
  questions: [
    count('care_posts_filled', 'Care staff posts filled', 'care staff posts filled', 'Full-time equivalent, at the end of the quarter'),
    count('care_posts_vacant', 'Care staff posts vacant', 'care staff posts vacant', 'Full-time equivalent, at the end of the quarter'),
    ...(nurses
      ? [
          count('nurse_posts_filled', 'Nurse posts filled', 'nurse posts filled', 'Leave blank if the home has no nursing', false),
          count('nurse_posts_vacant', 'Nurse posts vacant', 'nurse posts vacant', 'Leave blank if the home has no nursing', false),
        ]
      : []),
    count('manager_posts_filled', 'Manager posts filled', 'manager posts filled'),
    count('manager_posts_vacant', 'Manager posts vacant', 'manager posts vacant'),
    percent('agency_hours_percent', 'Agency hours as a percentage of all hours worked', 'agency hours percentage', 'For example, 12.5', {
      above: 20,
      message: 'Agency staff worked more than 20% of hours',
    }),
    count('staff_starters', 'Staff who started in the quarter', 'staff who started'),
    count('staff_leavers', 'Staff who left in the quarter', 'staff who left'),
    percent('staff_turnover_percent', 'Staff turnover in the last 12 months, as a percentage', 'staff turnover percentage', 'Leavers in the last 12 months as a percentage of average staff'),
  ],
});

const training: DefaultReturnSection = {
  title: 'Training',
  questions: [
    percent('training_mandatory_percent', 'Staff up to date with mandatory training, as a percentage', 'mandatory training percentage', 'For example, 92', {
      below: 80,
      message: 'Fewer than 80% of staff are up to date with mandatory training',
    }),
    percent('training_safeguarding_percent', 'Staff up to date with safeguarding training, as a percentage', 'safeguarding training percentage', 'For example, 95'),
    percent('training_medicines_percent', 'Staff who give medicines and are up to date with medicines training, as a percentage', 'medicines training percentage', 'For example, 100'),
  ],
};

const management: DefaultReturnSection = {
  title: 'Management and continuity',
  questions: [
    {
      key: 'registered_manager_in_post',
      label: 'Is a manager registered with CQC in post?',
      name: 'whether a registered manager is in post',
      type: 'yes_no',
      required: true,
      flag: { equals: false, message: 'No registered manager in post' },
    },
    {
      key: 'business_continuity_issues',
      label: 'Did the service use its business continuity plan in the quarter?',
      name: 'whether the service used its business continuity plan',
      hint: 'For example, because of staff shortages, a power cut or an outbreak',
      type: 'yes_no',
      required: true,
    },
    {
      key: 'business_continuity_details',
      label: 'What happened, and what did you do?',
      name: 'what happened',
      hint: 'Leave blank if you did not use the plan',
      type: 'text',
      required: false,
      max: 2000,
    },
  ],
};

const safety: DefaultReturnSection = {
  title: 'Complaints, safeguarding and incidents',
  questions: [
    count('complaints_received', 'Complaints received in the quarter', 'complaints received'),
    count('safeguarding_concerns_raised', 'Safeguarding concerns raised in the quarter', 'safeguarding concerns raised', 'Concerns the service raised with the council'),
    count('incidents_falls', 'Falls', 'falls'),
    count('incidents_medication_errors', 'Medication errors', 'medication errors'),
    count('incidents_pressure_ulcers', 'Pressure ulcers (category 2 or above)', 'pressure ulcers'),
    count('hospital_admissions', 'Unplanned hospital admissions', 'unplanned hospital admissions'),
  ],
};

const careHomes: DefaultReturnTemplate = {
  key: 'care_homes',
  name: 'Care homes quarterly return',
  categories: ['care_home_older_people', 'care_home_adults_with_disabilities'],
  sections: [
    staffing(true),
    training,
    management,
    {
      title: 'Beds',
      questions: [
        count('beds_occupied', 'Beds occupied on the last day of the quarter', 'beds occupied'),
        count('beds_funded_council', 'Of those, beds funded by a council', 'beds funded by a council'),
        count('beds_funded_health', 'Of those, beds funded by the NHS', 'beds funded by the NHS'),
        count('beds_self_funded', 'Of those, beds paid for by the people living there', 'self-funded beds'),
      ],
    },
    safety,
  ],
};

const community: DefaultReturnTemplate = {
  key: 'community',
  name: 'Home care and supported living quarterly return',
  categories: ['home_care', 'supported_living', 'extra_care'],
  sections: [
    staffing(false),
    training,
    management,
    {
      title: 'Care delivered',
      questions: [
        count('hours_delivered', 'Hours of care delivered in the quarter', 'hours of care delivered'),
        count('packages_handed_back', 'Packages of care handed back in the quarter', 'packages handed back', 'Packages the service asked the council to place elsewhere'),
      ],
    },
    safety,
  ],
};

export const DEFAULT_RETURN_TEMPLATES: readonly DefaultReturnTemplate[] = [careHomes, community];
