/**
 * The two default quality frameworks every council starts with, frozen with the migration that loads them
 * (20261123T1740_assessments). Written for Care Oversight: the five domains follow the outcome areas
 * councils in the East of England use, the questions are our own. Councils change them by publishing new
 * versions; this text never changes once shipped.
 */
export interface DefaultQuestion {
  readonly text: string;
  readonly guidance: string;
  readonly weight?: number;
}
export interface DefaultStandard {
  readonly name: string;
  readonly questions: readonly DefaultQuestion[];
}
export interface DefaultDomain {
  readonly name: string;
  readonly description: string;
  readonly standards: readonly DefaultStandard[];
}
export interface DefaultFramework {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly scoring: 'percentage' | 'rating';
  readonly categories: readonly string[];
  readonly domains: readonly DefaultDomain[];
}

const careHomes: DefaultFramework = {
  key: 'care_homes',
  name: 'Care homes quality framework',
  description:
    'For residential and nursing homes. Each criterion is met in full, met in part or not met; the home scores a percentage per domain and overall.',
  scoring: 'percentage',
  categories: ['care_home_older_people', 'care_home_adults_with_disabilities'],
  domains: [
    {
      name: 'Involvement and information',
      description: 'People living in the home are involved in decisions, told what they need to know, and listened to.',
      standards: [
        {
          name: 'Respecting and involving people',
          questions: [
            {
              text: 'People, and their families where they wish, are involved in planning their care, and their views are recorded in their care plan.',
              guidance:
                'Speak with at least three residents or relatives and compare what they tell you with their care plans. Look for the person’s own words, dated reviews they took part in, and preferences that were acted on.',
            },
            {
              text: 'People are treated with dignity and respect, and their privacy is protected.',
              guidance:
                'Observe communal areas and a mealtime: staff knock before entering rooms, offer personal care discreetly, use people’s preferred names and do not talk over them.',
            },
            {
              text: 'Residents’ and relatives’ meetings or surveys take place at least twice a year, and the home can show what changed as a result.',
              guidance: 'Ask for minutes or survey results from the last 12 months and a record of the changes made in response.',
            },
          ],
        },
        {
          name: 'Information, consent and complaints',
          questions: [
            {
              text: 'People receive information about the home, its fees and how to complain, in a format they can understand.',
              guidance: 'Check the residents’ guide and terms, and whether large print, easy read or translated versions are available where people need them.',
            },
            {
              text: 'Consent is sought before care is given; where a person may lack capacity for a decision, a capacity assessment and best-interests decision are recorded.',
              guidance:
                'Sample care files for decision-specific capacity assessments. Check that Deprivation of Liberty Safeguards applications and authorisations are in date and any conditions are met.',
              weight: 2,
            },
            {
              text: 'Complaints are recorded, investigated and answered within the home’s stated timescales, and lessons are learned.',
              guidance: 'Review the complaints log for the last 12 months: dates received and answered, outcome, and what the home changed.',
            },
          ],
        },
      ],
    },
    {
      name: 'Personalised care and support',
      description: 'Care is planned around each person, delivered as planned, and meets their health needs.',
      standards: [
        {
          name: 'Assessment and care planning',
          questions: [
            {
              text: 'Each person’s needs were assessed before they moved in, and a care plan was in place within 48 hours of their arrival.',
              guidance: 'Sample the files of people admitted in the last six months. Compare the dates of the pre-admission assessment, admission and care plan.',
            },
            {
              text: 'Care plans cover every assessed need, including communication, mobility, continence, nutrition, skin care and end-of-life wishes, and are reviewed at least monthly or when needs change.',
              guidance: 'Look for review dates and for changes made after falls, hospital stays or changes in health.',
            },
            {
              text: 'Daily records show that care was delivered as planned.',
              guidance: 'Compare daily notes, repositioning charts and food and fluid charts with what the care plan says should happen.',
            },
          ],
        },
        {
          name: 'Health and wellbeing',
          questions: [
            {
              text: 'People are supported to see GPs, dentists, opticians, chiropodists and other health professionals, and their advice is followed.',
              guidance: 'Trace two or three recent professional visits from the record of the visit to the change in the care plan.',
            },
            {
              text: 'Nutrition and hydration risks are screened with a recognised tool, and people at risk are weighed and monitored.',
              guidance: 'Check screening scores, weight records and the action taken when weight fell.',
              weight: 2,
            },
            {
              text: 'People take part in meaningful activity that reflects their interests, including people who spend most of their time in their rooms.',
              guidance: 'Observe the day, read the activity records, and ask people what they did this week.',
            },
          ],
        },
        {
          name: 'Medicines',
          questions: [
            {
              text: 'Medicines are ordered, stored, given and recorded safely, and medicine administration records have no unexplained gaps.',
              guidance: 'Check storage temperatures, controlled drugs register and balances, and a sample of administration records against stock.',
              weight: 2,
            },
            {
              text: '“When required” medicines and any covert administration follow written protocols agreed with the prescriber.',
              guidance: 'Look for a protocol for each “when required” medicine, and for covert administration a best-interests decision with pharmacist advice.',
            },
          ],
        },
      ],
    },
    {
      name: 'Safeguarding and safety',
      description: 'People are protected from abuse, avoidable harm and unsafe premises.',
      standards: [
        {
          name: 'Safeguarding',
          questions: [
            {
              text: 'Staff can describe the signs of abuse and neglect and know how to report concerns inside and outside the home, including how to whistle-blow.',
              guidance: 'Ask at least three staff, including one on nights if possible.',
              weight: 2,
            },
            {
              text: 'Safeguarding concerns are referred to the council promptly, and CQC is notified as required.',
              guidance: 'Compare the home’s incident records with safeguarding referrals and statutory notifications over the last six months.',
            },
            {
              text: 'Any restriction of a person’s liberty is lawful, the least restrictive option, and reviewed.',
              guidance: 'Check bed rails, sensor mats, locked doors and restraint against assessments and authorisations.',
            },
          ],
        },
        {
          name: 'Managing risk',
          questions: [
            {
              text: 'Individual risk assessments for falls, pressure damage, choking and moving and handling are in place, up to date and followed.',
              guidance: 'Check that equipment named in the plan is present and used as described.',
              weight: 2,
            },
            {
              text: 'Accidents and incidents are recorded, analysed for patterns, and acted on to prevent them happening again.',
              guidance: 'Ask for the monthly analysis of falls and incidents and the actions that followed.',
            },
            {
              text: 'Fire safety checks, personal emergency evacuation plans and equipment servicing (hoists, lifts, gas, electrics, water) are in date.',
              guidance: 'Check certificates and the fire log; make sure each resident has an evacuation plan that matches their mobility.',
            },
          ],
        },
        {
          name: 'Infection prevention and premises',
          questions: [
            {
              text: 'The home is clean and free from odours, and infection prevention audits are completed with actions followed up.',
              guidance: 'Walk the building including sluices and laundry; read the last two audits.',
            },
            {
              text: 'The premises are safe, well maintained and suit the people living there, including dementia-friendly design where it is needed.',
              guidance: 'Look at signage, lighting, flooring, outdoor space and the maintenance log.',
            },
          ],
        },
      ],
    },
    {
      name: 'Suitability of staffing',
      description: 'There are enough suitable, trained and supported staff to meet people’s needs.',
      standards: [
        {
          name: 'Safe recruitment',
          questions: [
            {
              text: 'Staff files show safe recruitment: an enhanced DBS check, two references including the last employer in care, a full employment history with gaps explained, and right to work.',
              guidance: 'Sample at least three files, including the most recent starters and any agency or bank staff the home employs directly.',
              weight: 2,
            },
          ],
        },
        {
          name: 'Staffing levels',
          questions: [
            {
              text: 'Staffing levels are set with a dependency tool, and rotas show the planned levels are achieved, day and night.',
              guidance: 'Compare the last four weeks of rotas with the dependency assessment and call-bell response times.',
            },
            {
              text: 'Use of agency staff is monitored, and agency workers receive an induction to the home.',
              guidance: 'Ask for agency hours by month and the induction checklist used for agency workers.',
            },
          ],
        },
        {
          name: 'Training and supervision',
          questions: [
            {
              text: 'New staff complete an induction that meets the Care Certificate standards before they work unsupervised.',
              guidance: 'Check induction records against start dates and the first shifts worked alone.',
            },
            {
              text: 'At least 90% of staff are up to date with required training, including safeguarding, moving and handling, medicines, infection control, fire safety and dementia awareness.',
              guidance: 'Use the training matrix, and check a sample of certificates.',
            },
            {
              text: 'Staff have supervision at least every three months and an annual appraisal.',
              guidance: 'Check the supervision schedule and a sample of records for content, not just dates.',
            },
          ],
        },
      ],
    },
    {
      name: 'Quality of management',
      description: 'The home is well led, checks its own quality, keeps good records and meets its contract.',
      standards: [
        {
          name: 'Leadership',
          questions: [
            {
              text: 'A registered manager is in post, or an application to CQC is under way, and staff and residents know who is in charge.',
              guidance: 'Check CQC registration and ask staff who they go to with a problem.',
            },
            {
              text: 'The home’s latest CQC rating is displayed in the home and on its website.',
              guidance: 'Look at the entrance and the provider’s website.',
            },
          ],
        },
        {
          name: 'Governance and records',
          questions: [
            {
              text: 'The provider audits care plans, medicines, infection control and health and safety regularly, and acts on what the audits find.',
              guidance: 'Follow two audit findings through to the action taken and the next audit.',
              weight: 2,
            },
            {
              text: 'Records are accurate, complete and legible, and are stored securely in line with data protection law.',
              guidance: 'Note where records are kept, who can reach them, and whether electronic systems are password protected.',
            },
            {
              text: 'Policies and procedures are reviewed at least every two years, and staff know where to find them.',
              guidance: 'Check review dates on a sample of policies and ask staff to find one.',
            },
          ],
        },
        {
          name: 'Business continuity and contract',
          questions: [
            {
              text: 'A current business continuity plan covers staff shortages, loss of utilities, severe weather and outbreaks.',
              guidance: 'Ask when it was last tested or used.',
            },
            {
              text: 'The provider meets its contract obligations: notifications to the council, quarterly returns and requested information arrive on time.',
              guidance: 'Check the council’s own records of returns and notifications before the visit.',
            },
          ],
        },
      ],
    },
  ],
};

const communityCare: DefaultFramework = {
  key: 'community_care',
  name: 'Care at home quality framework',
  description:
    'For home care, supported living and extra care. Each question is rated excellent, good, requires improvement or poor; domain and overall ratings follow the rule in the scoring guide.',
  scoring: 'rating',
  categories: ['home_care', 'supported_living', 'extra_care'],
  domains: [
    {
      name: 'Involvement and information',
      description: 'People who receive care at home are involved, informed and listened to.',
      standards: [
        {
          name: 'Involving people',
          questions: [
            {
              text: 'People are involved in agreeing their care and support, and their care plan records what matters to them.',
              guidance: 'Visit or phone at least three people. Compare what they tell you with their plans.',
            },
            {
              text: 'People are treated with dignity and respect in their own homes, and staff respect their property and routines.',
              guidance: 'Ask people and families; look at compliments and complaints about staff conduct.',
            },
            {
              text: 'People are asked for feedback at least once a year, and the provider can show what it changed as a result.',
              guidance: 'Ask for the latest survey, review calls or quality visits and the changes made.',
            },
          ],
        },
        {
          name: 'Information, consent and complaints',
          questions: [
            {
              text: 'People have their care plan, the provider’s contact details including out of hours, and know how to complain.',
              guidance: 'Check what is kept in people’s homes and whether it is in a format they can use.',
            },
            {
              text: 'Consent is sought, and the Mental Capacity Act is followed where a person may lack capacity for a decision.',
              guidance: 'Sample files for capacity assessments and best-interests decisions where they are needed.',
              weight: 2,
            },
            {
              text: 'Complaints are logged, investigated and answered within agreed timescales, and learning is shared with staff.',
              guidance: 'Review the complaints log for the last 12 months and team meeting notes.',
            },
          ],
        },
      ],
    },
    {
      name: 'Personalised care and support',
      description: 'Care is planned with each person, arrives when agreed and supports their health.',
      standards: [
        {
          name: 'Planning care',
          questions: [
            {
              text: 'A care plan and risk assessments are available to staff in the person’s home, or securely on a device, from the first visit.',
              guidance: 'Check start dates of recent packages against the date the plan was written.',
            },
            {
              text: 'Care plans are reviewed within six weeks of the package starting, at least once a year after that, and whenever needs change.',
              guidance: 'Look for reviews after hospital stays, falls or changes in the package.',
            },
            {
              text: 'Daily notes record the care given, the person’s wellbeing and anything the next care worker needs to know.',
              guidance: 'Read a week of notes for two or three people.',
            },
          ],
        },
        {
          name: 'Reliable visits',
          questions: [
            {
              text: 'Visits start within 30 minutes of the agreed time and last the agreed length.',
              guidance: 'Use three months of electronic call monitoring data: the share of visits on time and the share cut short.',
              weight: 2,
            },
            {
              text: 'No visits were missed in the last three months, or every missed visit was investigated and reported to the council.',
              guidance: 'Compare the provider’s missed-visit log with call monitoring data and council records.',
              weight: 2,
            },
            {
              text: 'People have continuity of care from a small team of regular care workers they know.',
              guidance: 'Count the different care workers who visited two or three people in the last month, and ask the people themselves.',
            },
          ],
        },
        {
          name: 'Health and medicines',
          questions: [
            {
              text: 'Support with medicines follows the provider’s policy, administration records are accurate, and staff competency is checked.',
              guidance: 'Check records in people’s homes and the competency assessments of the staff who support them.',
              weight: 2,
            },
            {
              text: 'Staff notice and report changes in health such as skin damage, falls, weight loss or dehydration, and referrals are made.',
              guidance: 'Follow a recent change in someone’s health from the daily notes to the referral.',
            },
            {
              text: 'People who need help to eat and drink are supported to have enough, and intake is recorded where the plan requires it.',
              guidance: 'Compare food and fluid records with the plan; check that visits are long enough to prepare a meal.',
            },
          ],
        },
      ],
    },
    {
      name: 'Safeguarding and safety',
      description: 'People are protected from abuse and avoidable harm in their own homes.',
      standards: [
        {
          name: 'Safeguarding',
          questions: [
            {
              text: 'Staff know how to recognise and report abuse and neglect, including financial abuse, and how to whistle-blow.',
              guidance: 'Ask at least three care workers.',
              weight: 2,
            },
            {
              text: 'Safeguarding concerns are reported to the council promptly, and the provider cooperates with enquiries.',
              guidance: 'Compare the provider’s records with the council’s safeguarding referrals.',
            },
            {
              text: 'Where staff handle people’s money or shopping, every transaction is recorded with receipts and checked.',
              guidance: 'Sample financial transaction records and the audit of them.',
            },
          ],
        },
        {
          name: 'Safe care at home',
          questions: [
            {
              text: 'Each person’s home has an environmental risk assessment, covering access, key safes and lone working, that is kept up to date.',
              guidance: 'Check assessments for recently started packages and after changes at home.',
            },
            {
              text: 'Moving and handling plans state the equipment and number of staff needed, and visits needing two care workers are always attended by two trained staff.',
              guidance: 'Use call monitoring data to check double-handed visits.',
              weight: 2,
            },
            {
              text: 'Accidents, incidents and near misses are recorded and analysed, and action is taken.',
              guidance: 'Ask for the incident log and the last analysis of it.',
            },
            {
              text: 'Staff follow infection prevention practice and have the protective equipment they need.',
              guidance: 'Ask care workers how they get equipment; observe practice during a spot check if possible.',
            },
          ],
        },
      ],
    },
    {
      name: 'Suitability of staffing',
      description: 'There are enough suitable, trained and supported care workers for the care accepted.',
      standards: [
        {
          name: 'Recruitment and capacity',
          questions: [
            {
              text: 'Safe recruitment checks, including an enhanced DBS check, references, full employment history and right to work, are completed before staff work alone.',
              guidance: 'Sample at least three staff files, including recent starters.',
              weight: 2,
            },
            {
              text: 'The branch has enough staff for the packages it has accepted, and declines new packages it cannot cover.',
              guidance: 'Compare hours delivered, hours commissioned and staff hours available over the last three months.',
            },
            {
              text: 'Rotas allow realistic travel time between visits.',
              guidance: 'Check a sample of runs for back-to-back visits with no travel time.',
            },
          ],
        },
        {
          name: 'Training, supervision and spot checks',
          questions: [
            {
              text: 'New staff complete an induction meeting the Care Certificate standards and shadow experienced colleagues before working alone.',
              guidance: 'Check induction and shadowing records against the first visits worked alone.',
            },
            {
              text: 'Required and specialist training, such as catheter care or epilepsy, is up to date for the staff who need it.',
              guidance: 'Use the training matrix and match specialist training to the people who need it.',
            },
            {
              text: 'Staff receive supervision at least every three months and observed spot checks of their practice in people’s homes.',
              guidance: 'Check the supervision and spot check schedule and a sample of records.',
            },
          ],
        },
      ],
    },
    {
      name: 'Quality of management',
      description: 'The branch is well led, checks its own quality and meets its contract.',
      standards: [
        {
          name: 'Leadership and oversight',
          questions: [
            {
              text: 'A registered manager is in post, and an out-of-hours on-call service that people and staff can reach is in place.',
              guidance: 'Check CQC registration; ask people and staff whether they have reached on-call when they needed to.',
            },
            {
              text: 'The provider audits care records, medicines records and call monitoring data at least monthly, and acts on what it finds.',
              guidance: 'Follow two audit findings through to the action taken.',
              weight: 2,
            },
          ],
        },
        {
          name: 'Records, continuity and contract',
          questions: [
            {
              text: 'Records are accurate, up to date and stored securely, both in the office and in people’s homes.',
              guidance: 'Check how records in people’s homes are returned and archived.',
            },
            {
              text: 'A business continuity plan covers staff shortages, severe weather and IT failure, and ranks people by risk so the most vulnerable are visited first.',
              guidance: 'Ask when the plan was last used or tested and see the risk list.',
            },
            {
              text: 'The provider meets its contract obligations: notifications, quarterly returns and call monitoring data reach the council on time.',
              guidance: 'Check the council’s own records before the visit.',
            },
          ],
        },
      ],
    },
  ],
};

export const DEFAULT_FRAMEWORKS: readonly DefaultFramework[] = [careHomes, communityCare];
