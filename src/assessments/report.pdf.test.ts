import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pdfText } from './pdf-text.test-support.ts';
import { reportPdf } from './report.pdf.ts';
import type { ReportModel } from './assessments.view.ts';

const model: ReportModel = {
  serviceName: 'Oakwood House',
  providerName: 'Oakwood Care Ltd',
  category: 'Care home for older people',
  kind: 'Full assessment',
  status: 'Shared with provider',
  draft: true,
  superseded: false,
  frameworkName: 'Care homes quality framework (version 1)',
  percentage: true,
  visitedOn: '2026-11-18',
  completedOn: '2026-11-20',
  publishedOn: null,
  version: 1,
  correctionReason: null,
  details: [],
  scores: {
    percentage: true,
    riLabel: 'Requires improvement',
    overall: { rated: true, bandText: 'Good', percent: 82, tagClass: '', text: 'Good (82%)' },
    domains: [
      { id: 'd1', number: 1, name: 'Safeguarding and safety', rated: true, bandText: 'Requires improvement', percent: 70, tagClass: '', answered: 2, questions: 2, notRatedReason: '' },
      { id: 'd2', number: 2, name: 'Quality of management', rated: false, bandText: 'Not rated', percent: undefined, tagClass: '', answered: 1, questions: 1, notRatedReason: 'Every answer is not applicable' },
    ],
  },
  domains: [
    {
      id: 'd1',
      number: 1,
      name: 'Safeguarding and safety',
      questions: [
        { id: 'q1', number: '1.1', text: 'Staff know how to report abuse.', weight: 2, answer: 'Met in part', belowStandard: true, evidence: 'Two of three staff could explain it.', source: 'Staff', confidential: false },
        { id: 'q2', number: '1.2', text: 'Concerns are referred promptly.', weight: 1, answer: 'Met in full', belowStandard: false, evidence: 'Named whistle-blower said so.', source: 'Staff', confidential: true },
      ],
    },
  ],
};

describe('the PDF report', () => {
  test('is a PDF with the service, the overall result, each domain and the answers, and nothing confidential', async () => {
    const pdf = await reportPdf(model, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdf).join('\n');
    assert.match(text, /Oakwood House/);
    assert.match(text, /Good \(82%\)/);
    assert.match(text, /SHARED WITH PROVIDER: NOT A PUBLISHED REPORT/);
    assert.match(text, /Safeguarding and safety/);
    assert.match(text, /Not rated \(every answer is not applicable\)/);
    assert.match(text, /Two of three staff could explain it\./);
    assert.doesNotMatch(text, /whistle-blower/);
  });

  test('compressed, the same text is still there once inflated', async () => {
    const text = pdfText(await reportPdf(model)).join('\n');
    assert.match(text, /Oakwood House/);
    assert.match(text, /Good \(82%\)/);
  });
});
