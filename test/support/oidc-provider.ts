import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small but real OpenID Connect provider for tests, on 127.0.0.1: discovery, JWKS, the authorization
 * endpoint (it signs in whoever the test says, at once), the token endpoint (client secret, single-use codes,
 * PKCE S256 checked) and RS256-signed ID tokens. `tamper` makes it misbehave in one chosen way, so a test
 * can show the app refuses it.
 */

export interface TestLogin {
  readonly sub: string;
  readonly email: string;
  readonly name?: string;
  readonly groups?: readonly string[];
  readonly emailVerified?: boolean;
}

export type Tamper = 'audience' | 'expired' | 'unsigned' | 'signature' | 'nonce' | 'issuer';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export class TestIdentityProvider {
  readonly clientId = `client-${randomBytes(4).toString('hex')}`;
  readonly clientSecret = randomBytes(16).toString('base64url');
  /** Who the next authorization signs in. */
  nextLogin: TestLogin | undefined;
  /** One way the next ID token is wrong (cleared after each token). */
  tamper: Tamper | undefined;
  /** The query of the last authorization request, for the test to check. */
  lastAuthorization: URLSearchParams | undefined;
  /** Sign-outs received at the end-session endpoint. */
  readonly endSessions: URLSearchParams[] = [];

  private readonly server: Server;
  private readonly key: KeyObject;
  private readonly otherKey: KeyObject;
  private readonly kid = randomBytes(4).toString('hex');
  private readonly codes = new Map<string, { login: TestLogin; nonce: string; challenge: string; redirectUri: string; used: boolean }>();
  private readonly redirectUris: readonly string[];
  issuer = '';

  constructor(redirectUris: readonly string[]) {
    this.redirectUris = redirectUris;
    this.key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.server = createServer((request, response) => {
      this.handle(request)
        .then(({ status, headers, body }) => {
          response.writeHead(status, headers);
          response.end(body);
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(request.url ?? '/', this.issuer);
    const json = (status: number, value: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          jwks_uri: `${this.issuer}/jwks`,
          end_session_endpoint: `${this.issuer}/end-session`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
          scopes_supported: ['openid', 'email', 'profile'],
        });
      case '/jwks':
        return json(200, { keys: [{ ...createPublicKey(this.key).export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] });
      case '/authorize':
        return this.authorize(url.searchParams);
      case '/token':
        return this.token(request);
      case '/end-session':
        this.endSessions.push(url.searchParams);
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'signed out' };
      default:
        return json(404, { error: 'not_found' });
    }
  }

  private authorize(query: URLSearchParams) {
    this.lastAuthorization = query;
    const redirectUri = query.get('redirect_uri') ?? '';
    const bad = (error: string) => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: error });
    if (query.get('client_id') !== this.clientId) return bad('unknown client');
    if (!this.redirectUris.includes(redirectUri)) return bad('unregistered redirect_uri');
    if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) return bad('code flow with PKCE S256 only');
    if (!query.get('scope')?.split(' ').includes('openid')) return bad('openid scope missing');
    if (!this.nextLogin) return bad('nobody to sign in');
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, { login: this.nextLogin, nonce: query.get('nonce') ?? '', challenge: query.get('code_challenge')!, redirectUri, used: false });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    back.searchParams.set('iss', this.issuer);
    return { status: 302, headers: { location: back.href }, body: '' };
  }

  private async token(request: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const error = (code: string) => ({ status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: code }) });
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    if (basic) [clientId, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
    if (clientId !== this.clientId || secret !== this.clientSecret) return { ...error('invalid_client'), status: 401 };
    if (form.get('grant_type') !== 'authorization_code') return error('unsupported_grant_type');
    const issued = this.codes.get(form.get('code') ?? '');
    // A code works once: a replayed one is refused.
    if (!issued || issued.used) return error('invalid_grant');
    issued.used = true;
    if (form.get('redirect_uri') !== issued.redirectUri) return error('invalid_grant');
    const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
    if (challenge !== issued.challenge) return error('invalid_grant');
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: this.idToken(issued.login, issued.nonce) }),
    };
  }

  private idToken(login: TestLogin, nonce: string): string {
    const tamper = this.tamper;
    this.tamper = undefined;
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: tamper === 'issuer' ? 'https://impostor.example' : this.issuer,
      sub: login.sub,
      aud: tamper === 'audience' ? 'another-client' : this.clientId,
      iat: tamper === 'expired' ? now - 7200 : now,
      exp: tamper === 'expired' ? now - 3600 : now + 300,
      nonce: tamper === 'nonce' ? 'not-the-nonce' : nonce,
      email: login.email,
      email_verified: login.emailVerified ?? true,
      name: login.name ?? login.email,
      groups: login.groups ?? [],
    };
    const header = { alg: tamper === 'unsigned' ? 'none' : 'RS256', typ: 'JWT', kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    if (tamper === 'unsigned') return `${input}.`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), tamper === 'signature' ? this.otherKey : this.key))}`;
  }
}
