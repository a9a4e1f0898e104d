import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Text with its runs of white space made one space, as a reader sees it. */
export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The page's main region as text. */
export const mainText = async (p: Page) => squash(await p.getByRole('main').innerText());

/** The page is titled "Error: …" and its error summary lists exactly these messages, in this order. */
export async function assertErrors(p: Page, messages: string[]) {
  assert.match(await p.title(), /^Error: /);
  const summary = p.getByRole('alert').filter({ has: p.getByRole('heading', { name: 'There is a problem' }) });
  assert.deepEqual((await summary.getByRole('listitem').allInnerTexts()).map(squash), messages);
}
