import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Store } from '../../src/core/db/database.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ NODE_ENV: 'test' }, { cookieSecure: false, dataDir: 'memory://', ...overrides });
}

export async function testApp(store: Store, overrides: Partial<Config> = {}) {
  const { app, services } = await buildApp(testConfig(overrides), store);
  await app.ready();
  return { app, services };
}

/** A browser-like client for inject(): keeps cookies, and reads each form's CSRF token. */
export class PageClient {
  private readonly cookies = new Map<string, string>();
  private readonly app: FastifyInstance;
  /** The client's address, as rate limits see it (inject's default is 127.0.0.1). */
  private readonly remoteAddress: string | undefined;
  constructor(app: FastifyInstance, options: { remoteAddress?: string } = {}) {
    this.app = app;
    this.remoteAddress = options.remoteAddress;
  }

  private get address() {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), accept: 'text/html' }, ...this.address });
    this.remember(response);
    return response;
  }

  /** Posts a form as a browser would: the CSRF token comes from the page the form is on. */
  async post(url: string, form: Record<string, string | string[]>, options: { from?: string; csrf?: string } = {}) {
    const csrf = options.csrf ?? (await this.csrfFrom(options.from ?? url));
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...form, _csrf: csrf })) {
      for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      ...this.address,
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a file upload as a browser would: multipart, the CSRF token from the page the form is on as its
   * first field (as the form's hidden input comes first), then the fields and the file.
   */
  async upload(url: string, fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }, options: { from?: string; csrf?: string } = {}) {
    const csrf = options.csrf ?? (await this.csrfFrom(options.from ?? url));
    const boundary = '----care-oversight-test-boundary';
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: csrf, ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
      parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' },
      ...this.address,
    });
    this.remember(response);
    return response;
  }

  async csrfFrom(url: string): Promise<string> {
    const page = await this.get(url);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
    return match[1]!;
  }

  async signIn(email: string, password: string) {
    const response = await this.post('/sign-in', { email, password, returnTo: '/' }, { from: '/sign-in' });
    if (response.statusCode !== 303) throw new Error(`sign-in failed with ${response.statusCode}`);
    return response;
  }
}

/** An API client with a Bearer token. */
export function apiClient(app: FastifyInstance, token: string) {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown) => call('POST', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
  };
}
