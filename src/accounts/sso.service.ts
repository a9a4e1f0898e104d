import * as oidc from 'openid-client';
import type { Store } from '../core/db/database.ts';
import type { Role } from '../core/db/schema.ts';
import { createSession } from '../core/auth/identity.repository.ts';
import { randomSecret, sha256 } from '../core/auth/secrets.ts';
import { recordSignIn } from '../core/auth/sign-in-audit.ts';
import { paths } from '../core/http/paths.ts';
import * as repo from './sign-in.repository.ts';

/**
 * OpenID Connect single sign-on, one issuer per council, with openid-client: discovery and JWKS, the
 * authorization code flow with PKCE (S256), `state` and `nonce`, and the ID token's checks (issuer,
 * audience, expiry, signature, nonce) all done by the library. What this adds is the product's own rules:
 * which council an email belongs to, roles from group or app-role claims (re-read at each sign-in),
 * accounts created just in time or linked by verified email within the council only, and the audit trail.
 */

/** Most powerful first: a person in several mapped groups gets the highest of their roles. */
const ROLE_ORDER: readonly Role[] = ['admin', 'commissioner', 'officer', 'placer'];
const DISCOVERY_TTL_MS = 10 * 60 * 1000;

export type SsoRefusal = 'failed' | 'no-role' | 'other-organisation' | 'no-account' | 'disabled' | 'unverified-email' | 'not-configured';

export type SsoOutcome =
  | { readonly kind: 'signed-in'; readonly sessionToken: string; readonly returnTo: string }
  | { readonly kind: 'refused'; readonly reason: SsoRefusal };

interface SsoOptions {
  readonly publicBaseUrl: string;
  readonly sessionHours: number;
  /** Plain-HTTP issuers (a test provider on 127.0.0.1) are allowed outside production only. */
  readonly allowHttpIssuers: boolean;
  /** Deployment-wide defaults (OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET) for councils that name none. */
  readonly defaults?: { readonly issuer?: string | undefined; readonly clientId?: string | undefined; readonly clientSecret?: string | undefined } | undefined;
}

interface Client {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The claim values a person's groups and app roles give (Entra ID: `groups`, `roles`; Okta and others: `groups`). */
export function claimValues(claims: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const name of ['groups', 'roles']) {
    const claim = claims[name];
    if (Array.isArray(claim)) values.push(...claim.filter((v): v is string => typeof v === 'string'));
    else if (typeof claim === 'string') values.push(claim);
  }
  return values;
}

/** The role a person's claims give under a council's table, or undefined when they give none. */
export function roleFromClaims(mappings: readonly { claim_value: string; role: Role }[], values: readonly string[]): Role | undefined {
  const granted = new Set(mappings.filter((m) => values.includes(m.claim_value)).map((m) => m.role));
  return ROLE_ORDER.find((role) => granted.has(role));
}

export function ssoService(store: Store, options: SsoOptions) {
  const discovered = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();
  const redirectUri = new URL(paths.sso.callback, options.publicBaseUrl).href;

  function clientOf(settings: repo.SettingsRow | undefined): Client | undefined {
    const issuer = settings?.issuer ?? options.defaults?.issuer;
    const clientId = settings?.issuer ? settings.client_id : options.defaults?.clientId;
    const clientSecret = settings?.issuer ? settings.client_secret : options.defaults?.clientSecret;
    return issuer && clientId ? { issuer, clientId, clientSecret: clientSecret ?? '' } : undefined;
  }

  const clientKey = (client: Client) => `${client.issuer}\n${client.clientId}\n${sha256(client.clientSecret)}`;
  /** Each discovered client's authorization endpoint, for the sign-in page's CSP. */
  const authorizationEndpoints = new Map<string, string>();

  function configuration(client: Client): Promise<oidc.Configuration> {
    const key = clientKey(client);
    const cached = discovered.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const insecure = options.allowHttpIssuers && client.issuer.startsWith('http:');
    // The ID token's signature is checked against the issuer's JWKS too (non-repudiation checks), not only
    // trusted because it came over TLS from the token endpoint.
    const execute = insecure ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks];
    const config = oidc.discovery(new URL(client.issuer), client.clientId, client.clientSecret || undefined, undefined, { execute });
    // A failed discovery is not kept: the next sign-in tries again.
    config.then(
      (found) => {
        const endpoint = found.serverMetadata().authorization_endpoint;
        if (endpoint) authorizationEndpoints.set(key, endpoint);
      },
      () => discovered.delete(key),
    );
    discovered.set(key, { config, at: Date.now() });
    return config;
  }

  return {
    /** The council that signs in people with this email's domain, if any (the email-first sign-in page's question). */
    async councilFor(email: string): Promise<string | undefined> {
      const domain = email.trim().toLowerCase().split('@')[1];
      if (!domain) return undefined;
      const found = await store.asSystem((tx) => repo.findSsoCouncilForDomain(tx, domain, !!options.defaults?.issuer));
      return found?.org_id;
    },

    /** Starts a sign-in at the council's issuer: the URL to send the browser to, and the `state` for its cookie. */
    async start(orgId: string, email: string, returnTo: string): Promise<{ url: string; state: string }> {
      const settings = await store.asSystem((tx) => repo.findSettings(tx, orgId));
      const client = clientOf(settings);
      if (!client) throw new Error('this council has no single sign-on configured');
      const config = await configuration(client);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      await store.asSystem((tx) => repo.createSsoSignIn(tx, { stateHash: sha256(state), orgId, nonce, codeVerifier, returnTo }));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(email ? { login_hint: email, domain_hint: email.split('@')[1] ?? '' } : {}),
      });
      return { url: url.href, state };
    },

    /**
     * The callback: `cookieState` is the state this browser started with; `currentUrl` the callback's own URL.
     * Each refusal is audited with its reason; nothing the issuer sent (code, token) is kept.
     */
    async finish(cookieState: string | undefined, currentUrl: URL): Promise<SsoOutcome> {
      const returnedState = currentUrl.searchParams.get('state');
      // The state must come back to the browser that started the sign-in (its cookie), and be one we issued.
      const pending = cookieState && returnedState === cookieState ? await store.asSystem((tx) => repo.takeSsoSignIn(tx, sha256(cookieState))) : undefined;
      if (!pending) {
        await store.asSystem((tx) => recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'state missing, changed, used or expired' }));
        return { kind: 'refused', reason: 'failed' };
      }
      const orgId = pending.org_id;
      const refuse = async (reason: SsoRefusal, detail: string, userId?: string, extra?: Record<string, unknown>): Promise<SsoOutcome> => {
        await store.asSystem((tx) => recordSignIn(tx, { route: 'sso', outcome: 'refused', detail, orgId, userId, extra }));
        return { kind: 'refused', reason };
      };
      const settings = await store.asSystem((tx) => repo.findSettings(tx, orgId));
      const client = clientOf(settings);
      if (!client) return refuse('not-configured', 'single sign-on is not configured');

      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(await configuration(client), currentUrl, {
          pkceCodeVerifier: pending.code_verifier,
          expectedState: cookieState,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = (tokens.claims() ?? {});
      } catch (error) {
        const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'the token was refused';
        return refuse('failed', detail);
      }

      const subject = typeof claims.sub === 'string' ? claims.sub : '';
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      const domain = email.split('@')[1] ?? '';
      // Verified by the issuer, or in a domain the council says is its own (Entra ID sends no email_verified).
      const verified = claims.email_verified === true || (!!domain && (settings?.email_domains ?? []).includes(domain));
      if (!subject || !email || !verified) return refuse('unverified-email', 'the issuer sent no verified email address', undefined, { email });

      const values = claimValues(claims);
      return store.asSystem(async (tx) => {
        const mappings = await repo.listRoleMappings(tx, orgId);
        const role = roleFromClaims(mappings, values);
        let user = await repo.findUserBySubject(tx, orgId, subject);
        if (!user) {
          const byEmail = await repo.findUserByEmail(tx, email);
          // Never joined to this council: a person of another organisation keeps their own.
          if (byEmail && byEmail.org_id !== orgId) {
            await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'the email belongs to another organisation', orgId, extra: { email } });
            return { kind: 'refused', reason: 'other-organisation' } as const;
          }
          if (byEmail && byEmail.sso_subject && byEmail.sso_subject !== subject) {
            await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'the account is linked to another identity', orgId, userId: byEmail.id });
            return { kind: 'refused', reason: 'failed' } as const;
          }
          if (byEmail) {
            if (!role) {
              await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'no mapped group or app role', orgId, userId: byEmail.id, extra: { claims: values } });
              return { kind: 'refused', reason: 'no-role' } as const;
            }
            await repo.linkSubject(tx, byEmail.id, subject);
            await recordSignIn(tx, { route: 'sso', outcome: 'linked', orgId, userId: byEmail.id, extra: { email } });
            user = { id: byEmail.id, org_id: byEmail.org_id, role: byEmail.role, active: byEmail.active, email: byEmail.email };
          }
        }
        if (!role) {
          await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'no mapped group or app role', orgId, userId: user?.id, extra: { email, claims: values } });
          return { kind: 'refused', reason: 'no-role' } as const;
        }
        if (!user) {
          if (!settings?.create_users) {
            await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'no account, and accounts are not created at first sign-in', orgId, extra: { email } });
            return { kind: 'refused', reason: 'no-account' } as const;
          }
          const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
          const { id } = await repo.insertSsoUser(tx, { orgId, email, name, role, subject });
          await recordSignIn(tx, { route: 'sso', outcome: 'created', orgId, userId: id, extra: { email, role } });
          user = { id, org_id: orgId, role, active: true, email };
        }
        if (!user.active) {
          await recordSignIn(tx, { route: 'sso', outcome: 'refused', detail: 'the account is disabled', orgId, userId: user.id });
          return { kind: 'refused', reason: 'disabled' } as const;
        }
        if (user.role !== role) {
          await repo.setRole(tx, user.id, role);
          await recordSignIn(tx, { route: 'sso', outcome: 'role-changed', orgId, userId: user.id, extra: { from: user.role, to: role } });
        }
        const sessionToken = randomSecret();
        await createSession(tx, user.id, sha256(sessionToken), options.sessionHours, 'sso');
        await recordSignIn(tx, { route: 'sso', outcome: 'signed-in', orgId, userId: user.id });
        return { kind: 'signed-in', sessionToken, returnTo: pending.return_to } as const;
      });
    },

    /**
     * The origins the sign-in page's form may lead to: a browser applies the page's CSP `form-action` to the
     * redirect that follows the email form too, so each council's authorization endpoint must be named there.
     */
    async formActionOrigins(): Promise<string[]> {
      const clients = (await store.asSystem((tx) => repo.listSsoClients(tx))).map((row) => clientOf(row)).filter((c) => !!c);
      const defaults = clientOf(undefined);
      const origins: string[] = [];
      for (const client of [...clients, ...(defaults ? [defaults] : [])]) {
        origins.push(new URL(client.issuer).origin);
        // An authorization endpoint elsewhere than the issuer is known once discovered; the page never waits
        // for a provider (one that is down must not slow everyone's sign-in page).
        const endpoint = authorizationEndpoints.get(clientKey(client));
        if (endpoint) origins.push(new URL(endpoint).origin);
        else void configuration(client).catch(() => undefined);
      }
      return [...new Set(origins)];
    },

    /** Where to send a person signing out of a single sign-on session, when their issuer supports RP-initiated logout. */
    async endSessionUrl(orgId: string): Promise<string | undefined> {
      try {
        const settings = await store.asSystem((tx) => repo.findSettings(tx, orgId));
        const client = clientOf(settings);
        if (!client) return undefined;
        const config = await configuration(client);
        if (!config.serverMetadata().end_session_endpoint) return undefined;
        return oidc.buildEndSessionUrl(config, { client_id: client.clientId, post_logout_redirect_uri: new URL(paths.signIn, options.publicBaseUrl).href }).href;
      } catch {
        return undefined;
      }
    },
  };
}

export type SsoService = ReturnType<typeof ssoService>;
