import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openStore, type Store } from '../../src/core/db/database.ts';
import { testConfig } from '../../test/support/http.ts';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** The real app listening on a random local port over a fresh PGlite database, with production cookie settings. */
export async function startServer(): Promise<{ app: FastifyInstance; store: Store; baseUrl: string }> {
  const store = await openStore({ dataDir: 'memory://' });
  await store.migrate();
  const { app } = await buildApp(testConfig({ cookieSecure: true }), store);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, store, baseUrl: `http://127.0.0.1:${address.port}` };
}

export const JS_MODES = [
  { name: 'JavaScript on', javaScriptEnabled: true },
  { name: 'JavaScript off', javaScriptEnabled: false },
] as const;

/**
 * Wraps a browser page so that every page the journey lands on is checked by axe (WCAG 2.2 AA rules)
 * and must report no violations.
 */
export class CheckedPage {
  readonly visited: string[] = [];
  readonly page: Page;
  private readonly baseUrl: string;
  /** axe runs as a script, so pages seen with JavaScript off are checked as loaded into a second, scripted page. */
  private readonly checker: Page | undefined;
  constructor(page: Page, baseUrl: string, checker?: Page) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.checker = checker;
  }

  static async open(browser: Browser, baseUrl: string, javaScriptEnabled: boolean) {
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled, baseURL: baseUrl });
    const checker = javaScriptEnabled ? undefined : await (await browser.newContext({ baseURL: baseUrl })).newPage();
    return new CheckedPage(await context.newPage(), baseUrl, checker);
  }

  async goto(path: string) {
    await this.page.goto(path);
    await this.checkAccessibility();
  }

  /** Call after any navigation the journey causes (a form post, a link). */
  async checkAccessibility() {
    await this.page.waitForLoadState('load');
    const url = this.page.url().replace(this.baseUrl, '');
    this.visited.push(url);
    let target = this.page;
    if (this.checker) {
      // The same markup, without the scripts that would switch on JavaScript-only styles.
      const html = (await this.page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
      await this.checker.goto('/healthz');
      await this.checker.setContent(html, { waitUntil: 'load' });
      target = this.checker;
    }
    const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    assert.deepEqual(problems, [], `axe violations on ${url}`);
  }

  async clickAndCheck(action: () => Promise<unknown>) {
    await Promise.all([this.page.waitForNavigation(), action()]);
    await this.checkAccessibility();
  }

  async signIn(email: string, password: string) {
    await this.goto('/sign-in');
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.clickAndCheck(() => this.page.getByRole('button', { name: 'Sign in' }).click());
  }

  async close() {
    await this.page.context().close();
    await this.checker?.context().close();
  }
}
