import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAdultSocialCare, serviceCategoryFor } from './classify.ts';

test('adult social care is told by directorate, then category, then organisation type, then service types', () => {
  const cases: [Parameters<typeof isAdultSocialCare>[0], boolean | undefined][] = [
    [{ inspectionDirectorate: 'Adult social care' }, true],
    [{ inspectionDirectorate: 'Primary medical services', serviceTypes: ['Domiciliary care service'] }, false],
    [{ inspectionCategories: ['Residential social care'] }, true],
    [{ inspectionCategories: ['Community based adult social care services'] }, true],
    [{ inspectionCategories: ['Independent consulting doctors'], serviceTypes: ['Mobile doctors service'] }, false],
    [{ inspectionCategories: ['Dentists'] }, false],
    // CQC leaves the category blank for some new home care agencies
    [{ inspectionCategories: [''], serviceTypes: ['Domiciliary care service'] }, true],
    [{ organisationType: 'Social Care Org' }, true],
    [{ organisationType: 'Primary Dental Care' }, false],
    [{ serviceTypes: ['Residential homes'] }, true],
    [{ serviceTypes: ['Homecare agencies', 'Doctors/GPs'] }, true],
    [{ serviceTypes: ['Doctors/GPs'] }, false],
    [{ serviceTypes: ['Community healthcare service'] }, false],
    [{}, undefined],
  ];
  for (const [evidence, expected] of cases) assert.equal(isAdultSocialCare(evidence), expected, JSON.stringify(evidence));
});

test('a new service gets the register category that fits what CQC says it does', () => {
  const cases: [Parameters<typeof serviceCategoryFor>[0], string][] = [
    [{ careHome: true, serviceTypes: ['Care home service with nursing'], specialisms: ['Caring for adults over 65 yrs', 'Dementia'] }, 'care_home_older_people'],
    [{ careHome: true, serviceTypes: ['Care home service without nursing'], specialisms: ['Caring for adults under 65 yrs', 'Learning Disabilities or autistic spectrum disorder'] }, 'care_home_adults_with_disabilities'],
    [{ careHome: true, serviceTypes: [], specialisms: [] }, 'care_home_older_people'],
    [{ serviceTypes: ['Nursing homes'], specialisms: ['Dementia'] }, 'care_home_older_people'],
    [{ careHome: false, serviceTypes: ['Domiciliary care service', 'Supported living service'] }, 'home_care'],
    [{ serviceTypes: ['Homecare agencies'] }, 'home_care'],
    [{ serviceTypes: ['Supported living service'] }, 'supported_living'],
    [{ serviceTypes: ['Shared Lives'] }, 'supported_living'],
    [{ serviceTypes: ['Extra Care housing services', 'Domiciliary care service'] }, 'extra_care'],
    [{ serviceTypes: ['Community based services for people with a learning disability'] }, 'day_opportunities_adults_with_disabilities'],
    [{ serviceTypes: [] }, 'home_care'],
  ];
  for (const [location, expected] of cases) assert.equal(serviceCategoryFor(location), expected, JSON.stringify(location));
});
