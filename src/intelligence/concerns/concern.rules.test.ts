import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Invalid } from '../../core/errors.ts';
import { MESSAGES, checkReport, confirmationEmail, formatReference, intelligenceDetail, parseReference, reportSchema, statusAfterLink, triageActions, validateReport } from './concern.rules.ts';
import { MAXIMUM_AGE_MS, MINIMUM_FILL_MS, checkSubmission, signFormStarted, signReference, verifyReference } from './spam.ts';

const SECRET = 'test secret';
const OTHER_SECRET = 'another secret';

describe('references', () => {
  test('year and a six-digit number, growing past six digits rather than wrapping', () => {
    const table: [number, number, string][] = [
      [2026, 1, 'CO-2026-000001'],
      [2026, 123, 'CO-2026-000123'],
      [2027, 999999, 'CO-2027-999999'],
      [2027, 1000000, 'CO-2027-1000000'],
    ];
    for (const [year, number, expected] of table) {
      assert.equal(formatReference(year, number), expected);
      assert.deepEqual(parseReference(expected), { year, number });
    }
  });

  test('nonsense years and numbers are programming errors', () => {
    for (const [year, number] of [[26, 1], [2026, 0], [2026, -1], [2026, 1.5], [10000, 1]] as [number, number][]) {
      assert.throws(() => formatReference(year, number), RangeError);
    }
  });

  test('parsing tolerates case and spaces, and refuses anything else', () => {
    assert.deepEqual(parseReference(' co-2026-000042 '), { year: 2026, number: 42 });
    for (const bad of ['CO-2026-42', 'CO-26-000042', 'XX-2026-000042', 'CO-2026-000000', 'CO-2026-00004a', '']) {
      assert.equal(parseReference(bad), undefined, bad);
    }
  });
});

describe('honeypot and minimum fill time', () => {
  const renderedAt = 1_800_000_000_000;
  const started = signFormStarted(SECRET, renderedAt);

  test('a person who took a while and left the honeypot empty is accepted', () => {
    assert.equal(checkSubmission({ honeypot: '', started }, SECRET, renderedAt + MINIMUM_FILL_MS), 'accepted');
    assert.equal(checkSubmission({ honeypot: undefined, started }, SECRET, renderedAt + 60_000), 'accepted');
    assert.equal(checkSubmission({ honeypot: '   ', started }, SECRET, renderedAt + 60_000), 'accepted');
    assert.equal(checkSubmission({ honeypot: '', started }, SECRET, renderedAt + MAXIMUM_AGE_MS), 'accepted');
  });

  test('anything in the honeypot is a robot, whatever the timing', () => {
    assert.equal(checkSubmission({ honeypot: 'http://spam.example', started }, SECRET, renderedAt + 60_000), 'honeypot');
    assert.equal(checkSubmission({ honeypot: ['a', 'b'], started }, SECRET, renderedAt + 60_000), 'honeypot');
  });

  test('too fast, too old, forged or missing timestamps are refused', () => {
    assert.equal(checkSubmission({ honeypot: '', started }, SECRET, renderedAt + MINIMUM_FILL_MS - 1), 'too_fast');
    assert.equal(checkSubmission({ honeypot: '', started }, SECRET, renderedAt), 'too_fast');
    assert.equal(checkSubmission({ honeypot: '', started }, SECRET, renderedAt + MAXIMUM_AGE_MS + 1), 'expired');
    const [at, mac] = started.split('.') as [string, string];
    const earlier = `${Number(at) - 600_000}.${mac}`;
    assert.equal(checkSubmission({ honeypot: '', started: earlier }, SECRET, renderedAt + 1_000), 'tampered');
    assert.equal(checkSubmission({ honeypot: '', started: signFormStarted(OTHER_SECRET, renderedAt) }, SECRET, renderedAt + 60_000), 'tampered');
    for (const bad of [undefined, '', 'abc', `${at}.`, `${at}.${mac}x`, ['x']]) {
      assert.equal(checkSubmission({ honeypot: '', started: bad }, SECRET, renderedAt + 60_000), 'tampered', String(bad));
    }
  });

  test('confirmation links are signed per reference', () => {
    const signature = signReference(SECRET, 'CO-2026-000001');
    assert.equal(verifyReference(SECRET, 'CO-2026-000001', signature), true);
    assert.equal(verifyReference(SECRET, 'CO-2026-000002', signature), false);
    assert.equal(verifyReference(OTHER_SECRET, 'CO-2026-000001', signature), false);
    assert.equal(verifyReference(SECRET, undefined, signature), false);
    assert.equal(verifyReference(SECRET, 'CO-2026-000001', undefined), false);
  });
});

describe('the report form by route', () => {
  const council = '00000000-0000-4000-8000-000000000001';
  const service = '00000000-0000-4000-8000-000000000002';
  const check = (body: Record<string, unknown>) => {
    const parsed = reportSchema.safeParse(body);
    if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return checkReport(parsed.data).map((e) => `${e.path}: ${e.message}`);
  };

  test('a care service concern names a picked service, or a typed name with a council', () => {
    assert.deepEqual(check({ route: 'care_service', serviceId: service, whatHappened: 'Call missed' }), []);
    assert.deepEqual(check({ route: 'care_service', serviceName: 'Oak House', councilId: council, whatHappened: 'Call missed' }), []);
    assert.deepEqual(check({ route: 'care_service', whatHappened: 'Call missed' }), [`serviceName: ${MESSAGES.serviceName}`, `councilId: ${MESSAGES.council}`]);
  });

  test('a concern about a person says who they are and whether they know, and which council', () => {
    assert.deepEqual(check({ route: 'self_neglect', councilId: council, personAddress: '1 High Street', consent: 'not_sure', whatHappened: 'Not eating' }), []);
    assert.deepEqual(check({ route: 'abuse_or_neglect', whatHappened: 'Bruises' }), [`personName: ${MESSAGES.person}`, `consent: ${MESSAGES.consent}`, `councilId: ${MESSAGES.council}`]);
  });

  test('what happened is required; email and phone must look like themselves; unknown routes are refused', () => {
    assert.deepEqual(check({ route: 'care_service', serviceId: service, whatHappened: '  ' }), [`whatHappened: ${MESSAGES.whatHappened}`]);
    assert.deepEqual(check({ route: 'care_service', serviceId: service, whatHappened: 'x', reporterEmail: 'not-an-email' }), [`reporterEmail: ${MESSAGES.reporterEmail}`]);
    assert.deepEqual(check({ route: 'care_service', serviceId: service, whatHappened: 'x', reporterPhone: 'call me' }), [`reporterPhone: ${MESSAGES.reporterPhone}`]);
    assert.deepEqual(check({ route: 'care_service', serviceId: service, whatHappened: 'x', reporterPhone: '07700 900 982', reporterEmail: 'a@example.com' }), []);
    assert.deepEqual(check({ route: 'gossip', serviceId: service, whatHappened: 'x' }), [`route: ${MESSAGES.route}`]);
  });
});

describe('triage', () => {
  test('what an officer may do next, by status and whether it is already linked', () => {
    const table: [Parameters<typeof triageActions>[0], boolean, ReturnType<typeof triageActions>][] = [
      ['new', false, { canLink: true, canRouteOnward: true, canClose: true }],
      ['linked', true, { canLink: false, canRouteOnward: true, canClose: true }],
      ['routed_onward', false, { canLink: true, canRouteOnward: false, canClose: true }],
      ['routed_onward', true, { canLink: false, canRouteOnward: false, canClose: true }],
      ['closed', false, { canLink: false, canRouteOnward: false, canClose: false }],
      ['closed', true, { canLink: false, canRouteOnward: false, canClose: false }],
    ];
    for (const [status, linked, expected] of table) assert.deepEqual(triageActions(status, linked), expected, `${status} ${linked}`);
    assert.equal(statusAfterLink('new'), 'linked');
    assert.equal(statusAfterLink('routed_onward'), 'routed_onward');
  });

  test('the intelligence detail carries the report’s words and when; the email carries no details of the concern', () => {
    assert.equal(intelligenceDetail({ whatHappened: 'Left alone', happenedWhen: null }), 'Left alone');
    assert.equal(intelligenceDetail({ whatHappened: 'Left alone', happenedWhen: 'last night' }), 'When: last night\n\nLeft alone');
    const email = confirmationEmail('CO-2026-000007', 'Northmoor Council');
    assert.match(email.subject, /CO-2026-000007/);
    assert.match(email.body, /Your reference number is CO-2026-000007\./);
    assert.match(email.body, /call 999/);
  });
});

describe('validateReport', () => {
  test('says everything at once, including the route’s own rules when a field also failed, in form order', () => {
    try {
      validateReport({ route: 'abuse_or_neglect', whatHappened: '', reporterEmail: 'nope' });
      assert.fail('expected Invalid');
    } catch (error) {
      assert.ok(error instanceof Invalid);
      assert.deepEqual(
        error.errors.map((e) => e.path),
        ['councilId', 'whatHappened', 'personName', 'consent', 'reporterEmail'],
      );
    }
  });

  test('a good report comes back parsed and trimmed', () => {
    const input = validateReport({ route: 'self_neglect', councilId: '00000000-0000-4000-8000-000000000001', personName: '  Ted  ', consent: 'yes', whatHappened: ' Cold house ' });
    assert.equal(input.personName, 'Ted');
    assert.equal(input.whatHappened, 'Cold house');
  });
});
