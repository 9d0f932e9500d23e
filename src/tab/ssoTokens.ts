import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../errors';

/** How the tab's SSO tokens (Entra ID v2 access tokens from `authentication.getAuthToken()`) are validated. */
export interface SsoSettings {
  /** OpenID metadata of the issuer: its `issuer` (a `{tenantid}` template for multi-tenant) and `jwks_uri`. */
  metadataUrl: string;
  /** Accepted `aud` values: the Application ID URI and/or the client id. None: every token is refused. */
  audiences: readonly string[];
  /** When set, only tokens of this tenant are accepted. */
  tenantId?: string;
  /** Leeway for `exp` and `nbf`, in seconds. */
  clockToleranceSeconds?: number;
}

/** Who a valid token names. */
export interface SsoIdentity {
  /** `tid:oid`: the same key the bot derives from a Teams activity (`tenantId:aadObjectId`). */
  userKey: string;
  tenantId: string;
  objectId: string;
}

/** Entra ids are GUIDs; anything else in `tid`/`oid` is not a token of ours (and must not shape a user key). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Tokens longer than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 16_384;
/** Metadata (issuer template, key set address) is read again after this long. */
const METADATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface IssuerKeys {
  issuerTemplate: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

/** Validates SSO tokens against the issuer's published keys and maps them to the bot's user key. */
export class SsoTokenVerifier {
  private issuer?: { promise: Promise<IssuerKeys>; at: number };

  constructor(
    private readonly settings: SsoSettings,
    private readonly options: { fetchTimeoutMs?: number; now?: () => number } = {},
  ) {}

  /** The identity a token names; an AppError `TAB_UNAUTHORIZED` (with the reason in `details`) when it is not valid. */
  async verify(token: string): Promise<SsoIdentity> {
    if (this.settings.audiences.length === 0) throw unauthorized('no SSO audience is configured');
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw unauthorized('malformed token');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch (error) {
      throw unauthorized('malformed token', error);
    }
    // The tenant is read before the signature is checked only to pick the issuer to expect; the check below then covers it.
    const tid = unverified.tid;
    if (typeof tid !== 'string' || !GUID.test(tid)) throw unauthorized('no tenant id');
    if (this.settings.tenantId && tid.toLowerCase() !== this.settings.tenantId.toLowerCase()) throw unauthorized('tenant not allowed');

    const { issuerTemplate, keys } = await this.issuerKeys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer: issuerTemplate.replace('{tenantid}', tid),
        audience: [...this.settings.audiences],
        clockTolerance: this.settings.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'tid', 'oid'],
        currentDate: this.options.now ? new Date(this.options.now()) : undefined,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthorized(error.code, error);
      throw error; // the key set could not be read: not the caller's fault
    }
    const oid = payload.oid;
    if (typeof oid !== 'string' || !GUID.test(oid)) throw unauthorized('no object id');
    // A delegated (user) token carries scopes; an app-only token for our API names no person.
    if (typeof payload.scp !== 'string' || payload.scp.trim() === '') throw unauthorized('not a delegated user token');
    // Exactly as the claims spell them: the bot's key takes the same ids from the Teams activity as they are.
    return { userKey: `${tid}:${oid}`, tenantId: tid, objectId: oid };
  }

  private issuerKeys(): Promise<IssuerKeys> {
    const now = Date.now();
    if (!this.issuer || now - this.issuer.at > METADATA_MAX_AGE_MS) {
      const promise = this.loadIssuer();
      this.issuer = { promise, at: now };
      // A failed load is not kept: the next request tries again.
      promise.catch(() => {
        if (this.issuer?.promise === promise) this.issuer = undefined;
      });
    }
    return this.issuer.promise;
  }

  private async loadIssuer(): Promise<IssuerKeys> {
    const timeout = this.options.fetchTimeoutMs ?? 5000;
    const response = await fetch(this.settings.metadataUrl, { signal: AbortSignal.timeout(timeout), headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`OpenID metadata answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof metadata.issuer !== 'string' || typeof metadata.jwks_uri !== 'string') throw new Error('OpenID metadata lacks issuer or jwks_uri');
    return {
      issuerTemplate: metadata.issuer,
      keys: createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: timeout }),
    };
  }
}

function unauthorized(reason: string, cause?: unknown): AppError {
  return new AppError('TAB_UNAUTHORIZED', { cause, details: { reason } });
}
