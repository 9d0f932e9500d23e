import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors';
import type { SsoIdentity } from './ssoTokens';

/** The header the page sends, in local mode only, to act as the development identity. */
export const DEV_IDENTITY_HEADER = 'x-dev-identity';

/** Who is calling the tab's API. */
export interface TabIdentity {
  /** The owner key every read and write is scoped to (`tid:oid`, as the bot's). */
  userKey: string;
  /** True for local mode's development identity. */
  dev: boolean;
}

/**
 * Authenticates a tab API request. A `Bearer` SSO token is validated; without one, the development
 * identity is accepted only when it was configured (local mode: config leaves it undefined in
 * production), the page asked for it with `x-dev-identity: 1`, and the request was addressed to loopback.
 */
export class TabAuthenticator {
  constructor(
    private readonly deps: {
      verify: (token: string) => Promise<SsoIdentity>;
      /** Local mode only. */
      devUserKey?: string;
    },
  ) {}

  /** The caller; an AppError `TAB_UNAUTHORIZED` when there is none. */
  async authenticate(req: IncomingMessage): Promise<TabIdentity> {
    const authorization = req.headers.authorization;
    if (typeof authorization === 'string' && authorization !== '') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new AppError('TAB_UNAUTHORIZED', { details: { reason: 'not a bearer token' } });
      // A token that fails is refused outright, also in local mode: no falling back to the development identity.
      const identity = await this.deps.verify(match[1]);
      return { userKey: identity.userKey, dev: false };
    }
    if (this.deps.devUserKey && req.headers[DEV_IDENTITY_HEADER] === '1' && isLoopbackHost(req.headers.host)) {
      return { userKey: this.deps.devUserKey, dev: true };
    }
    throw new AppError('TAB_UNAUTHORIZED', { details: { reason: 'no token' } });
  }
}

/**
 * Whether the request was addressed to this machine by a loopback name. Local mode listens on 127.0.0.1 only;
 * this also keeps a DNS-rebound page (an attacker's name resolving to 127.0.0.1) from using the development identity.
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}
